import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SignJWT, type JWTPayload } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHATKIT_TOKEN_TYPE } from '../chatKitTokenKeys.ts'
import { createChatKitTokenAction } from '../createChatKitTokenAction.ts'
import { verifyChatKitToken } from '../verifyChatKitToken.ts'
import { AUDIENCE, OTHER_SECRET, SECRET, tokenOf } from './tokens.ts'

// The server README's PyJWT recipe (a Python ChatKit server verifying our tokens) and our
// TypeScript verifier must agree on every token. The recipe is taken from the README itself, so
// the docs are what is tested, and run with Debian's python3-jwt (scripts/ensure-python-jwt.sh,
// run by `pnpm test`, installs it). Python reads the real clock, so the tokens are signed
// relative to it.

const README = fileURLToPath(new URL('../../README.md', import.meta.url))
const HARNESS = fileURLToPath(new URL('./pyjwtRecipe.py', import.meta.url))
const HEADING = '### Verifying in a Python ChatKit server'
/** Debian's interpreter, which python3-jwt installs into (a pyenv or venv python3 may lack it). */
const PYTHON = process.env.CHATKIT_PYTHON ?? '/usr/bin/python3'

type Outcome = 'ok' | 'expired' | 'invalid'

/** The first ```python block under the recipe's heading. */
function pythonRecipe(): string {
  const text = readFileSync(README, 'utf8')
  const start = text.indexOf(`\n${HEADING}\n`)
  expect(start, `the README has "${HEADING}"`).toBeGreaterThan(0)
  const block = /```python\n([\s\S]*?)\n```/.exec(text.slice(start))
  expect(block, 'the section has a python block').not.toBeNull()
  return block?.[1] ?? ''
}

/** Runs the recipe on the tokens; the recipe's outcome for each. */
function runRecipe(
  dir: string,
  tokens: Record<string, string>,
): Promise<{ pyjwt: string; results: Record<string, { outcome: Outcome; error?: string }> }> {
  const recipe = join(dir, 'recipe.py')
  writeFileSync(recipe, pythonRecipe())
  return new Promise((resolve, reject) => {
    const child = execFile(PYTHON, [HARNESS, recipe], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${PYTHON} failed: ${stderr || error.message}`))
      else resolve(JSON.parse(stdout) as never)
    })
    child.stdin?.end(JSON.stringify({ secret: SECRET, audience: AUDIENCE, tokens }))
  })
}

/** The TypeScript verifier's outcome, in the recipe's two 401 branches. */
async function verifyInTypeScript(token: string): Promise<{ outcome: Outcome; code?: string }> {
  const result = await verifyChatKitToken(token, { secret: SECRET, audience: AUDIENCE })
  if (result.ok) return { outcome: 'ok' }
  return { outcome: result.error.code === 'expired' ? 'expired' : 'invalid', code: result.error.code }
}

/** A token from our token action, its clock moved by `offsetSeconds`. */
async function fromAction(options: { offsetSeconds?: number; secret?: string; audience?: string } = {}) {
  const create = createChatKitTokenAction({
    secret: options.secret ?? SECRET,
    audience: options.audience ?? AUDIENCE,
    getUser: () => 'user_py',
    now: () => Date.now() + (options.offsetSeconds ?? 0) * 1000,
  })
  return tokenOf(await create())
}

/** A token our action would never sign, signed with the right secret all the same. */
function handMade(claims: JWTPayload, typ = CHATKIT_TOKEN_TYPE): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ }).sign(new TextEncoder().encode(SECRET))
}

const nowSeconds = () => Math.floor(Date.now() / 1000)
const claims = (extra: JWTPayload = {}): JWTPayload => ({
  sub: 'user_py',
  aud: AUDIENCE,
  jti: 'tok_parity',
  iat: nowSeconds(),
  exp: nowSeconds() + 300,
  ...extra,
})

/** Each case: the token, and the outcome both verifiers must reach. */
const CASES: Record<string, [() => Promise<string>, Outcome]> = {
  valid: [() => fromAction(), 'ok'],
  expired: [() => fromAction({ offsetSeconds: -3600 }), 'expired'],
  'iat in the future': [() => fromAction({ offsetSeconds: 3600 }), 'expired'],
  '10-year lifetime': [() => handMade(claims({ exp: nowSeconds() + 10 * 365 * 86_400 })), 'invalid'],
  'typ: JWT': [() => handMade(claims(), 'JWT'), 'invalid'],
  'wrong audience': [() => fromAction({ audience: 'https://other.example.com' }), 'invalid'],
  'no jti': [() => handMade(claims({ jti: undefined })), 'invalid'],
  'forged signature': [() => fromAction({ secret: OTHER_SECRET }), 'invalid'],
}

let dir: string
let tokens: Record<string, string>
let python: Awaited<ReturnType<typeof runRecipe>>

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pyjwt-parity-'))
  tokens = Object.fromEntries(
    await Promise.all(Object.entries(CASES).map(async ([name, [make]]) => [name, await make()] as const)),
  )
  python = await runRecipe(dir, tokens)
}, 60_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("the README's PyJWT recipe agrees with verifyChatKitToken", () => {
  it("runs with Debian's PyJWT 2.6", () => {
    expect(python.pyjwt).toMatch(/^2\.6\./)
  })

  it.each(Object.entries(CASES))('%s: both answer the same', async (name, [, expected]) => {
    const token = tokens[name] ?? ''
    const typescript = await verifyInTypeScript(token)
    expect({ typescript: typescript.outcome, python: python.results[name]?.outcome }).toEqual({
      typescript: expected,
      python: expected,
    })
  })
})
