// `@chatkit-session/chatkit-server/widgets/node`: reading `.widget` files from disk. An entry of
// its own so that `./widgets` stays free of Node built-ins and bundles for an edge runtime.
export { loadWidgetTemplate } from './widgets/loadWidgetTemplate.ts'
