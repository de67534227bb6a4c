import { setTracingDisabled } from '@openai/agents'
import pg from 'pg'
import { afterAll, beforeAll, expect, inject, it } from 'vitest'
import { createPostgresStore } from '../createPostgresStore.ts'
import {
  answerRequest,
  approvalServer,
  approveAfterRestart,
  askToDelete,
  deleteThenSay,
} from './agents/approvalRig.ts'
import { ALICE } from './harness.ts'

// Beside the agents' tests, not among them: the project that runs them on the oldest
// @openai/agents has no PostgreSQL server. The PGlite restart runs there.
beforeAll(() => setTracingDisabled(true))
const schema = `approvals_test_${process.pid}`
const admin = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 })
afterAll(async () => {
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await admin.end()
})

it('answers after a restart: a new server, responder and pool on the same PostgreSQL database resume the run', async () => {
  const first = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 })
  const before = approvalServer(
    createPostgresStore<typeof ALICE>({ db: first, schema }),
    deleteThenSay('x').slice(0, 1),
  )
  const { threadId, question } = await askToDelete(before.server)
  await first.end()

  const second = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 })
  try {
    const after = await approveAfterRestart(
      createPostgresStore<typeof ALICE>({ db: second, schema }),
      threadId,
      question.id,
    )
    const again = await after.server.process(answerRequest(threadId, question.id, 'Approve'), ALICE)
    expect(again).toMatchObject({ type: 'error', status: 400 })
    expect(after.runs).toHaveLength(1)
  } finally {
    await second.end()
  }
})
