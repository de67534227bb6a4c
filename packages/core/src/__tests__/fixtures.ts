import type { ChatSession } from '../chatSession.ts'

/** A session shaped exactly like the SDK's `ChatSession` (the OpenAPI schema). */
export const sdkSession: ChatSession = {
  id: 'cksess_123',
  object: 'chatkit.session',
  client_secret: 'ek_secret_value_123',
  expires_at: 1_712_349_876,
  status: 'active',
  user: 'user_789',
  workflow: { id: 'workflow_alpha', version: null, state_variables: null, tracing: { enabled: true } },
  rate_limits: { max_requests_per_1_minute: 10 },
  max_requests_per_1_minute: 10,
  chatkit_configuration: {
    automatic_thread_titling: { enabled: true },
    file_upload: { enabled: false, max_file_size: 512, max_files: 10 },
    history: { enabled: true, recent_threads: null },
  },
}

/** The example response printed on the API reference page, which contradicts the schema. */
export const legacyExampleResponse = {
  client_secret: 'chatkit_token_123',
  expires_at: 1735689600,
  workflow: { id: 'workflow_alpha', version: '2024-10-01' },
  scope: { project: 'alpha', environment: 'staging' },
  max_requests_per_1_minute: 60,
  max_requests_per_session: 500,
  status: 'active',
}
