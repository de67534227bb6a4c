import { redirect } from 'next/navigation'

/** The self-hosted chat moved to `/`: old links keep working, query string included. */
export default async function SelfHosted({ searchParams }: PageProps<'/self-hosted'>) {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(await searchParams)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
      query.append(name, one)
  }
  redirect(query.size === 0 ? '/' : `/?${query}`)
}
