#!/usr/bin/env node
import { runEmulatorCli } from './emulatorCli.ts'

try {
  const emulator = await runEmulatorCli(process.argv.slice(2))
  if (emulator !== undefined) {
    const shutdown = () => void emulator.stop().then(() => process.exit(0))
    process.once('SIGINT', shutdown)
    process.once('SIGTERM', shutdown)
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error))
  process.exitCode = 1
}
