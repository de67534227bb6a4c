import type { TestProject } from 'vitest/node'
import { startRedisServer } from './redisServer.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Redis the limits tests share: `REDIS_URL`, else a `redis-server` started here. */
    redisUrl: string
  }
}

/** Starts a `redis-server` for the run unless `REDIS_URL` names one; stops it when the run ends. */
export default async function setup(project: TestProject) {
  const fromEnv = process.env.REDIS_URL
  if (fromEnv !== undefined && fromEnv !== '') {
    project.provide('redisUrl', fromEnv)
    return undefined
  }
  const server = await startRedisServer()
  project.provide('redisUrl', server.url)
  return () => server.close()
}
