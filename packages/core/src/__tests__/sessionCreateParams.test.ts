import { describe, expect, it } from 'vitest'
import { formatIssues } from '../formatIssues.ts'
import { MAX_STATE_VARIABLE_VALUE_LENGTH } from '../limits.ts'
import { sessionCreateParamsSchema } from '../sessionCreateParams.ts'

const minimal = { user: 'user_1', workflow: { id: 'wf_1' } }

const full = {
  user: 'user_1',
  workflow: {
    id: 'wf_1',
    version: '3',
    state_variables: { plan: 'pro', seats: 3, beta: true },
    tracing: { enabled: false },
  },
  expires_after: { anchor: 'created_at', seconds: 600 },
  rate_limits: { max_requests_per_1_minute: 1 },
  chatkit_configuration: {
    automatic_thread_titling: { enabled: false },
    file_upload: { enabled: true, max_file_size: 512, max_files: 1 },
    history: { enabled: true, recent_threads: 1 },
  },
}

function failurePaths(input: unknown): string[] {
  const result = sessionCreateParamsSchema.safeParse(input)
  if (result.success) return []
  return result.error.issues.map((issue) => issue.path.join('.'))
}

function withPatch(patch: (draft: typeof full) => void): unknown {
  const draft = structuredClone(full)
  patch(draft)
  return draft
}

const manyVariables = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, i]))
const sixtyFourVariables = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`k${i}`, i]))

describe('sessionCreateParamsSchema', () => {
  it('accepts the minimal body and a body using every field at its limits', () => {
    expect(sessionCreateParamsSchema.parse(minimal)).toEqual(minimal)
    expect(sessionCreateParamsSchema.parse(full)).toEqual(full)
    expect(
      sessionCreateParamsSchema.safeParse({ ...minimal, expires_after: { anchor: 'created_at', seconds: 1 } })
        .success,
    ).toBe(true)
    expect(
      sessionCreateParamsSchema.safeParse({
        ...minimal,
        workflow: { id: 'wf', state_variables: sixtyFourVariables },
      }).success,
    ).toBe(true)
    expect(
      sessionCreateParamsSchema.safeParse({
        ...minimal,
        workflow: { id: 'wf', state_variables: { ['k'.repeat(64)]: 1 } },
      }).success,
    ).toBe(true)
    expect(
      sessionCreateParamsSchema.safeParse({
        ...minimal,
        workflow: { id: 'wf', state_variables: { note: 'x'.repeat(MAX_STATE_VARIABLE_VALUE_LENGTH) } },
      }).success,
    ).toBe(true)
  })

  // Each row: a body that breaks exactly one constraint, and the path the error must name.
  const invalid: [string, unknown, string][] = [
    ['user missing', { workflow: { id: 'wf' } }, 'user'],
    ['user empty', { ...minimal, user: '' }, 'user'],
    ['user not a string', { ...minimal, user: 42 }, 'user'],
    ['workflow missing', { user: 'u' }, 'workflow'],
    ['workflow.id missing', { user: 'u', workflow: {} }, 'workflow.id'],
    ['workflow.id empty', { user: 'u', workflow: { id: '' } }, 'workflow.id'],
    [
      'workflow.version not a string',
      withPatch((d) => Object.assign(d.workflow, { version: 3 })),
      'workflow.version',
    ],
    [
      'state variable value is an object',
      withPatch((d) => Object.assign(d.workflow, { state_variables: { nested: { a: 1 } } })),
      'workflow.state_variables.nested',
    ],
    [
      'state variable value is null',
      withPatch((d) => Object.assign(d.workflow, { state_variables: { gone: null } })),
      'workflow.state_variables.gone',
    ],
    [
      'state variable key of 65 characters',
      withPatch((d) => Object.assign(d.workflow, { state_variables: { ['k'.repeat(65)]: 1 } })),
      `workflow.state_variables.${'k'.repeat(65)}`,
    ],
    [
      `state variable string value of ${MAX_STATE_VARIABLE_VALUE_LENGTH + 1} characters`,
      withPatch((d) =>
        Object.assign(d.workflow, {
          state_variables: { note: 'x'.repeat(MAX_STATE_VARIABLE_VALUE_LENGTH + 1) },
        }),
      ),
      'workflow.state_variables.note',
    ],
    [
      '65 state variables',
      withPatch((d) => Object.assign(d.workflow, { state_variables: manyVariables })),
      'workflow.state_variables',
    ],
    [
      'tracing.enabled not boolean',
      withPatch((d) => Object.assign(d.workflow, { tracing: { enabled: 'yes' } })),
      'workflow.tracing.enabled',
    ],
    ['expires_after.seconds 0', withPatch((d) => (d.expires_after.seconds = 0)), 'expires_after.seconds'],
    ['expires_after.seconds 601', withPatch((d) => (d.expires_after.seconds = 601)), 'expires_after.seconds'],
    [
      'expires_after.seconds fractional',
      withPatch((d) => (d.expires_after.seconds = 1.5)),
      'expires_after.seconds',
    ],
    [
      'expires_after.anchor other',
      withPatch((d) => Object.assign(d.expires_after, { anchor: 'now' })),
      'expires_after.anchor',
    ],
    [
      'expires_after.seconds missing',
      { ...minimal, expires_after: { anchor: 'created_at' } },
      'expires_after.seconds',
    ],
    [
      'rate limit 0',
      withPatch((d) => (d.rate_limits.max_requests_per_1_minute = 0)),
      'rate_limits.max_requests_per_1_minute',
    ],
    [
      'rate limit fractional',
      withPatch((d) => (d.rate_limits.max_requests_per_1_minute = 2.5)),
      'rate_limits.max_requests_per_1_minute',
    ],
    [
      'max_file_size 0',
      withPatch((d) => (d.chatkit_configuration.file_upload.max_file_size = 0)),
      'chatkit_configuration.file_upload.max_file_size',
    ],
    [
      'max_file_size 513',
      withPatch((d) => (d.chatkit_configuration.file_upload.max_file_size = 513)),
      'chatkit_configuration.file_upload.max_file_size',
    ],
    [
      'max_files 0',
      withPatch((d) => (d.chatkit_configuration.file_upload.max_files = 0)),
      'chatkit_configuration.file_upload.max_files',
    ],
    [
      'max_files fractional',
      withPatch((d) => (d.chatkit_configuration.file_upload.max_files = 1.5)),
      'chatkit_configuration.file_upload.max_files',
    ],
    [
      'recent_threads 0',
      withPatch((d) => (d.chatkit_configuration.history.recent_threads = 0)),
      'chatkit_configuration.history.recent_threads',
    ],
    [
      'uploads enabled not boolean',
      withPatch((d) => Object.assign(d.chatkit_configuration.file_upload, { enabled: 1 })),
      'chatkit_configuration.file_upload.enabled',
    ],
    [
      'thread titling not boolean',
      withPatch((d) => Object.assign(d.chatkit_configuration.automatic_thread_titling, { enabled: 'no' })),
      'chatkit_configuration.automatic_thread_titling.enabled',
    ],
  ]

  it.each(invalid)('rejects %s and names the path', (_name, input, path) => {
    expect(failurePaths(input)).toEqual([path])
  })

  it('formats an error message that names the bad field', () => {
    const result = sessionCreateParamsSchema.safeParse({
      ...minimal,
      expires_after: { anchor: 'created_at', seconds: 900 },
    })
    expect(result.success).toBe(false)
    expect(formatIssues(result.error?.issues ?? [])).toBe('expires_after.seconds: must be at most 600')
  })
})
