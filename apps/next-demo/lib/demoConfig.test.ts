import { afterEach, describe, expect, it, vi } from 'vitest'
import { CONTROL_ON_WARNING, getDemoConfig } from './demoConfig'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('the control routes (CHATKIT_EMULATOR_CONTROL=1)', () => {
  const control = (env: NodeJS.ProcessEnv) => {
    const config = getDemoConfig(env)
    return config.mode === 'emulator' && config.control
  }

  it.each(['test', 'development', undefined] as const)(
    'are on in emulator mode with NODE_ENV %s',
    (nodeEnv) => {
      // Next.js types NODE_ENV as always set; a server started without it has none.
      const env = { CHATKIT_EMULATOR_CONTROL: '1', NODE_ENV: nodeEnv } as unknown as NodeJS.ProcessEnv
      expect(control(env)).toBe(true)
    },
  )

  it('are off when NODE_ENV is production, whatever CHATKIT_EMULATOR_CONTROL says', () => {
    expect(control({ CHATKIT_EMULATOR_CONTROL: '1', NODE_ENV: 'production' })).toBe(false)
  })

  it('are off with a real API key', () => {
    expect(control({ CHATKIT_EMULATOR_CONTROL: '1', NODE_ENV: 'test', OPENAI_API_KEY: 'sk-x' })).toBe(false)
  })

  it('are off unless asked for', () => {
    expect(control({ NODE_ENV: 'test' })).toBe(false)
    expect(control({ NODE_ENV: 'test', CHATKIT_EMULATOR_CONTROL: 'true' })).toBe(false)
  })

  it('say loudly at start-up that they are on, or that they were refused', () => {
    expect(getDemoConfig({ CHATKIT_EMULATOR_CONTROL: '1', NODE_ENV: 'test' })).toMatchObject({
      startupWarning: CONTROL_ON_WARNING,
    })
    expect(CONTROL_ON_WARNING).toMatch(/^!{3}.*CHATKIT_EMULATOR_CONTROL=1.*never in production/s)
    expect(getDemoConfig({ CHATKIT_EMULATOR_CONTROL: '1', NODE_ENV: 'production' })).toMatchObject({
      startupWarning: expect.stringMatching(/CHATKIT_EMULATOR_CONTROL=1 is ignored: NODE_ENV is production/),
    })
    expect(getDemoConfig({ NODE_ENV: 'test' }).startupWarning).toBeUndefined()
  })
})
