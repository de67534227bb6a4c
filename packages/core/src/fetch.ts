// `@chatkit-session/core/fetch`: the guards our Fetch API handlers share (server's session and
// token handlers, chatkit-server's protocol handler). A separate entry so the browser entry,
// which every React app bundles, does not carry server-side request checks.
export { bearerToken } from './bearerToken.ts'
export { isAllowedOrigin } from './isAllowedOrigin.ts'
export { isJsonRequest, originOf, readAllowedOrigins, readMaxBodyBytes } from './fetchHandlerOptions.ts'
export { readJsonBody } from './readJsonBody.ts'
export type { JsonBody } from './readJsonBody.ts'
export { answerPreflight, setCorsHeaders } from './answerPreflight.ts'
