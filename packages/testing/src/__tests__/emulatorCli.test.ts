import OpenAI from 'openai'
import { afterEach, describe, expect, it } from 'vitest'
import { EMULATOR_CLI_USAGE, runEmulatorCli } from '../emulatorCli.ts'
import type { RunningChatKitEmulator } from '../startChatKitEmulator.ts'
import { minimalBody } from './helpers.ts'

let running: RunningChatKitEmulator | undefined

afterEach(async () => {
  await running?.stop()
  running = undefined
})

describe('runEmulatorCli (the chatkit-emulator bin)', () => {
  it('starts the emulator with the given options and logs its address and each request', async () => {
    const lines: string[] = []
    running = await runEmulatorCli(
      ['--port', '0', '--lifetime', '30', '--rate-limit', '1', '--api-key', 'sk-cli', '--control'],
      (line) => lines.push(line),
    )
    expect(running).toBeDefined()
    const baseURL = running?.baseURL ?? ''
    expect(lines).toEqual([
      `ChatKit emulator listening on ${baseURL}`,
      `Control routes: ${running?.origin ?? ''}/__emulator/state`,
    ])
    const client = new OpenAI({ apiKey: 'sk-cli', baseURL, maxRetries: 0 })
    const session = await client.beta.chatkit.sessions.create(minimalBody)
    expect(session.expires_at - Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(29)
    await expect(client.beta.chatkit.sessions.create(minimalBody)).rejects.toMatchObject({ status: 429 })
    const stranger = new OpenAI({ apiKey: 'sk-other', baseURL, maxRetries: 0 })
    await expect(stranger.beta.chatkit.sessions.create(minimalBody)).rejects.toMatchObject({ status: 401 })
    expect(lines.slice(2)).toEqual([
      'POST /v1/chatkit/sessions 200',
      'POST /v1/chatkit/sessions 429',
      'POST /v1/chatkit/sessions 401',
    ])
    expect(lines.join('\n')).not.toContain('sk-cli')
  })

  it('prints the usage for --help without starting anything', async () => {
    const lines: string[] = []
    await expect(runEmulatorCli(['--help'], (line) => lines.push(line))).resolves.toBeUndefined()
    expect(lines).toEqual([EMULATOR_CLI_USAGE])
  })

  it('rejects bad arguments', async () => {
    await expect(runEmulatorCli(['--port', 'abc'])).rejects.toThrow('--port must be a number')
    await expect(runEmulatorCli(['--lifetime', '9000', '--port', '0'])).rejects.toThrow(RangeError)
    await expect(runEmulatorCli(['--nope'])).rejects.toThrow(/Unknown option/)
  })
})
