import type { ChatSession } from 'openai/resources/beta/chatkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchBrowser, type TestBrowser } from './browser'
import {
  emulatorControl,
  readSessionId,
  rewriteCancelCalls,
  waitForNewActiveSession,
  waitForStatus,
} from './demoPage'
import { allServerOutput, startNextServer, stopAllServers, type NextServer } from './nextServer'

let chrome: TestBrowser
/** Emulator mode with the control routes, as the other suites run it. */
let server: NextServer

beforeAll(async () => {
  ;[chrome, server] = await Promise.all([
    launchBrowser(),
    startNextServer({ CHATKIT_EMULATOR_LIFETIME_SECONDS: '60', CHATKIT_EMULATOR_CONTROL: '1' }),
  ])
})

afterAll(async () => {
  await chrome?.close()
  await stopAllServers()
})

const statusOf = async (id: string) => (await emulatorControl<ChatSession>(server, `/sessions/${id}`)).status

describe.concurrent('next-demo security', () => {
  test("a user cannot cancel another user's session: with their own handle, or with none", async ({
    expect,
  }) => {
    // Two browser contexts: two users, each with their own signed cookie.
    const alice = await chrome.openPage(`${server.origin}/hosted`)
    await waitForStatus(alice, 'active')
    const aliceId = await readSessionId(alice)

    // Bob's Cancel button names Alice's session, keeping Bob's own cancel handle.
    let rewrite = (args: unknown[]) => [aliceId, ...args.slice(1)]
    let answers: string[] = []
    const bob = await chrome.openPage(`${server.origin}/hosted`, async (page) => {
      answers = await rewriteCancelCalls(page, server.origin, (args) => rewrite(args))
    })
    await waitForStatus(bob, 'active')
    const bobId = await readSessionId(bob)
    expect(bobId).not.toBe(aliceId)

    await bob.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => answers.length).toBe(1)
    expect(answers[0]).toContain('"code":"forbidden"')
    expect(await statusOf(aliceId)).toBe('active')
    expect(await statusOf(bobId)).toBe('active')

    // Again with no handle at all.
    rewrite = () => [aliceId]
    await waitForStatus(bob, 'cancelled')
    await bob.getByRole('button', { name: 'Restart' }).click()
    const bobSecondId = await waitForNewActiveSession(bob, bobId)
    await bob.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => answers.length).toBe(2)
    expect(answers[1]).toContain('"code":"bad_request"')
    expect(await statusOf(aliceId)).toBe('active')
    expect(await statusOf(bobSecondId)).toBe('active')

    // Alice, the owner, can.
    await alice.getByRole('button', { name: 'Cancel' }).click()
    await waitForStatus(alice, 'cancelled')
    await expect.poll(() => statusOf(aliceId)).toBe('cancelled')
  })

  test('the control routes: off under NODE_ENV=production (said at start-up), loud and bounded when on', async ({
    expect,
  }) => {
    const production = await startNextServer({ CHATKIT_EMULATOR_CONTROL: '1', NODE_ENV: 'production' })
    expect((await fetch(`${production.origin}/api/emulator/__emulator/state`)).status).toBe(404)
    // Without control, the stand-in's control path is an ordinary path of our ChatKit server: a
    // GET is not a ChatKit request (405), and a POST needs a token (401).
    const controlPath = `${production.origin}/api/chatkit/__chatkit-server/state`
    expect((await fetch(controlPath)).status).toBe(405)
    expect((await fetch(controlPath, { method: 'POST', body: '{}' })).status).toBe(401)
    await expect.poll(() => production.output()).toContain('CHATKIT_EMULATOR_CONTROL=1 is ignored')
    expect(production.output()).not.toContain('!!!')

    await expect.poll(() => server.output()).toContain('!!! CHATKIT_EMULATOR_CONTROL=1')
    const latency = await fetch(`${server.origin}/api/chatkit/__chatkit-server/latency`, {
      method: 'POST',
      body: JSON.stringify({ ms: 2_000_000_000 }),
    })
    expect(latency.status).toBe(400)
    const state = (await (await fetch(`${server.origin}/api/chatkit/__chatkit-server/state`)).json()) as {
      latencyMs: number
    }
    expect(state.latencyMs).toBe(0)
    const faults = await fetch(`${server.origin}/api/emulator/__emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ latencyMs: 2_000_000_000 }),
    })
    expect(faults.status).toBe(400)
  })
})

test('no uncaught errors in the browser console during the run', () => {
  expect(chrome.problems, `server output:\n${allServerOutput()}`).toEqual([])
})
