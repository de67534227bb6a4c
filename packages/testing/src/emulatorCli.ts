import { parseArgs } from 'node:util'
import { startChatKitEmulator, type RunningChatKitEmulator } from './startChatKitEmulator.ts'

/** `chatkit-emulator --help`. */
export const EMULATOR_CLI_USAGE = `Usage: chatkit-emulator [options]

Runs a local ChatKit API emulator (POST /v1/chatkit/sessions and /cancel).

Options:
  -p, --port <n>         port to listen on (default 8787; 0 picks a free one)
      --host <host>      interface to listen on (default 127.0.0.1)
      --lifetime <s>     default session lifetime in seconds, 1..600 (default 600)
      --rate-limit <n>   session requests per minute per API key (default: no limit)
      --latency <ms>     delay before every answer (default 0)
      --api-key <key>    accept only this API key (repeatable; default: any)
      --control          serve the /__emulator/* control routes
  -q, --quiet            do not log requests
  -h, --help             show this help`

function toNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (value.trim() === '' || !Number.isFinite(number)) throw new TypeError(`--${name} must be a number`)
  return number
}

/**
 * Runs the `chatkit-emulator` command with `args` (without `node` and the script): starts the
 * emulator and logs its address and each request through `log`. Resolves to the running
 * emulator, or `undefined` after `--help`. Throws a `TypeError` for bad arguments.
 */
export async function runEmulatorCli(
  args: readonly string[],
  log: (line: string) => void = console.log,
): Promise<RunningChatKitEmulator | undefined> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      port: { type: 'string', short: 'p', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      lifetime: { type: 'string' },
      'rate-limit': { type: 'string' },
      latency: { type: 'string' },
      'api-key': { type: 'string', multiple: true },
      control: { type: 'boolean', default: false },
      quiet: { type: 'boolean', short: 'q', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    log(EMULATOR_CLI_USAGE)
    return undefined
  }
  const requestsPerMinute = toNumber('rate-limit', values['rate-limit'])
  const emulator = await startChatKitEmulator({
    port: toNumber('port', values.port),
    host: values.host,
    lifetimeSeconds: toNumber('lifetime', values.lifetime),
    latencyMs: toNumber('latency', values.latency),
    rateLimit: requestsPerMinute === undefined ? undefined : { requestsPerMinute },
    apiKeys: values['api-key'],
    control: values.control,
    onRequest: values.quiet
      ? undefined
      : (request) => log(`${request.method} ${request.path} ${request.status || 'dropped'}`),
  })
  log(`ChatKit emulator listening on ${emulator.baseURL}`)
  if (values.control) log(`Control routes: ${emulator.origin}/__emulator/state`)
  return emulator
}
