import 'server-only'
import { cookies } from 'next/headers'
import { readUserCookie, USER_COOKIE } from './userCookie'

/** The signed-in user's id on the server (from the signed HttpOnly cookie), or `null`. */
export async function getCurrentUserId(): Promise<string | null> {
  return await readUserCookie((await cookies()).get(USER_COOKIE)?.value)
}
