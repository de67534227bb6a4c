import OpenAI from 'openai'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startChatKitEmulator, type RunningChatKitEmulator } from '../startChatKitEmulator.ts'
import { API_KEY, apiRequest, minimalBody } from './helpers.ts'

let emulator: RunningChatKitEmulator
let client: OpenAI

beforeAll(async () => {
  emulator = await startChatKitEmulator({ control: true })
  client = new OpenAI({ apiKey: API_KEY, baseURL: emulator.baseURL, maxRetries: 0 })
})

afterAll(() => emulator.stop())

afterEach(() => {
  emulator.reset()
})

describe('startChatKitEmulator', () => {
  it('listens on 127.0.0.1 with a /v1 base URL the SDK uses unchanged', async () => {
    expect(emulator.baseURL).toBe(`http://127.0.0.1:${emulator.port}/v1`)
    expect(emulator.port).toBeGreaterThan(0)
    const session = await client.beta.chatkit.sessions.create(minimalBody)
    expect(session).toMatchObject({ object: 'chatkit.session', status: 'active', user: 'user_1' })
    expect(emulator.getSession(session.id)).toEqual(session)
    expect(await client.beta.chatkit.sessions.cancel(session.id)).toMatchObject({ status: 'cancelled' })
  })

  it('answers raw HTTP requests with the same errors as in-process', async () => {
    const response = await fetch(
      apiRequest('/chatkit/sessions', minimalBody, { 'openai-beta': undefined }, emulator.baseURL),
    )
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('x-request-id')).toMatch(/^req_/)
  })

  it('destroys the socket for a dropped connection: the SDK sees a connection error', async () => {
    emulator.setFaults({ dropConnection: true })
    const error: unknown = await client.beta.chatkit.sessions.create(minimalBody).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError)
    expect(emulator.requests).toEqual([expect.objectContaining({ status: 0 })])
  })

  it('stops waiting when the client gives up during latency', async () => {
    emulator.setFaults({ latencyMs: 5_000 })
    const impatient = new OpenAI({ apiKey: API_KEY, baseURL: emulator.baseURL, maxRetries: 0, timeout: 50 })
    await expect(impatient.beta.chatkit.sessions.create(minimalBody)).rejects.toBeInstanceOf(
      OpenAI.APIConnectionTimeoutError,
    )
  })

  it('serves the control routes over HTTP when control is on', async () => {
    const control = (path: string, init?: RequestInit) => fetch(`${emulator.origin}/__emulator${path}`, init)
    const set = await control('/faults', { method: 'POST', body: JSON.stringify({ status: 503 }) })
    expect(await set.json()).toEqual({ status: 503 })
    await expect(client.beta.chatkit.sessions.create(minimalBody)).rejects.toMatchObject({ status: 503 })
    await control('/faults', { method: 'DELETE' })
    const session = await client.beta.chatkit.sessions.create(minimalBody)
    const read = await control(`/sessions/${session.id}`)
    expect(await read.json()).toEqual(session)
  })

  it('can be stopped twice, and then refuses connections', async () => {
    const other = await startChatKitEmulator()
    await other.stop()
    await other.stop()
    await expect(fetch(`${other.baseURL}/chatkit/sessions`, { method: 'POST' })).rejects.toThrow(TypeError)
  })
})
