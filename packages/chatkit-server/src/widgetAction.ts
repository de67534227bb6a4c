import type { WidgetActionHandler } from './chatKitServerOptions.ts'

/**
 * Types one entry of `createChatKitServer({ actions })`, inferring the payload's type from its
 * schema:
 *
 * ```ts
 * actions: {
 *   'weather.refresh': widgetAction({
 *     payload: z.object({ city: z.string() }),
 *     async sync({ action, sender }) {
 *       return { updated_item: sender && { ...sender, widget: await weatherCard(action.payload.city) } }
 *     },
 *   }),
 * }
 * ```
 */
export function widgetAction<TPayload, TContext = unknown>(
  handler: WidgetActionHandler<TContext, TPayload>,
): WidgetActionHandler<TContext, TPayload> {
  return handler
}
