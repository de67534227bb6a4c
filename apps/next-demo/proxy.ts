import { NextResponse, type NextRequest } from 'next/server'
import { issueUserCookie, readUserCookie, USER_COOKIE, USER_COOKIE_MAX_AGE_SECONDS } from './lib/userCookie'

/**
 * Gives every visitor a user id on the first request: an HttpOnly, signed cookie (the demo's
 * stand-in for a sign-in). The id is also put on this request, so the first render sees it.
 */
export async function proxy(request: NextRequest) {
  if ((await readUserCookie(request.cookies.get(USER_COOKIE)?.value)) !== null) return NextResponse.next()
  const { value } = await issueUserCookie()
  request.cookies.set(USER_COOKIE, value)
  const response = NextResponse.next({ request: { headers: request.headers } })
  response.cookies.set({
    name: USER_COOKIE,
    value,
    httpOnly: true,
    sameSite: 'lax',
    secure: request.nextUrl.protocol === 'https:',
    path: '/',
    maxAge: USER_COOKIE_MAX_AGE_SECONDS,
  })
  return response
}

export const config = {
  // Pages and server actions; not static files or the emulator's control route.
  matcher: ['/((?!_next/static|_next/image|api/emulator|icon.svg).*)'],
}
