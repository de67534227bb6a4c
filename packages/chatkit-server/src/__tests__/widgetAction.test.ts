import { describe, expect, expectTypeOf, it, vi } from 'vitest'
import { z } from 'zod'
import type { CreateChatKitServerOptions } from '../chatKitServerOptions.ts'
import { createChatKitServer } from '../createChatKitServer.ts'
import type { ThreadMetadata, WidgetItem } from '../types.ts'
import { widgetAction } from '../widgetAction.ts'
import { ALICE, BOB, NOW, clock, eventsOf, jsonOf, testStore, type TestContext } from './harness.ts'

/** A value that must never come back in an error. */
const SECRET = 'sk-live-SECRET-77aa'

const thread: ThreadMetadata = { id: 'thr_w', created_at: NOW, status: { type: 'active' }, metadata: {} }
const card = (city: string, temperature: string) => ({
  type: 'Card',
  children: [
    { type: 'Title', value: city },
    { type: 'Text', value: temperature },
  ],
})
const widgetItem: WidgetItem = {
  type: 'widget',
  id: 'wdg_1',
  thread_id: 'thr_w',
  created_at: NOW,
  widget: card('Paris', '18°C'),
}

const refreshPayload = z.object({ city: z.string().min(1) })

async function setup(options: Partial<CreateChatKitServerOptions<TestContext>>) {
  const store = testStore()
  await store.saveThread(structuredClone(thread), ALICE)
  await store.addThreadItem('thr_w', structuredClone(widgetItem), ALICE)
  await store.addThreadItem(
    'thr_w',
    {
      type: 'user_message',
      id: 'msg_u',
      thread_id: 'thr_w',
      created_at: NOW,
      content: [],
      attachments: [],
      inference_options: {},
    },
    ALICE,
  )
  const server = createChatKitServer<TestContext>({
    store,
    respond: async function* () {},
    now: clock,
    ...options,
  })
  const action = (
    type: 'threads.custom_action' | 'threads.sync_custom_action',
    act: unknown,
    itemId = 'wdg_1',
  ) => server.process({ type, params: { thread_id: 'thr_w', item_id: itemId, action: act } }, ALICE)
  return { store, server, action }
}

const refreshed = (sender: WidgetItem | null, city: string) =>
  sender ? { ...sender, widget: card(city, '21°C') } : null

describe('createChatKitServer({ actions })', () => {
  it('streams a typed handler with its payload parsed and the widget that sent it', async () => {
    const stream = vi.fn(async function* (args: {
      action: { payload: { city: string } }
      sender: WidgetItem | null
    }) {
      const item = refreshed(args.sender, args.action.payload.city)
      if (item) yield { type: 'thread.item.replaced' as const, item }
    })
    const { store, action } = await setup({
      actions: { 'weather.refresh': widgetAction({ payload: refreshPayload, stream }) },
    })
    const events = await eventsOf(
      await action('threads.custom_action', { type: 'weather.refresh', payload: { city: 'Lyon' } }),
    )
    expect(stream).toHaveBeenCalledTimes(1)
    expect(stream.mock.calls[0]?.[0]).toMatchObject({
      thread: { id: 'thr_w' },
      action: { type: 'weather.refresh', payload: { city: 'Lyon' } },
      sender: widgetItem,
      context: ALICE,
    })
    expect(events.map((event) => event.type)).toStrictEqual(['stream_options', 'thread.item.replaced'])
    // Replaced in place, and saved: a reload shows the new card.
    expect(await store.loadItem('thr_w', 'wdg_1', ALICE)).toMatchObject({ widget: card('Lyon', '21°C') })
  })

  it('answers a sync request with the updated item, and saves it', async () => {
    const { store, action } = await setup({
      actions: {
        'weather.refresh': widgetAction({
          payload: refreshPayload,
          sync: async ({ action: act, sender }) => ({ updated_item: refreshed(sender, act.payload.city) }),
        }),
      },
    })
    const body = jsonOf(
      await action('threads.sync_custom_action', { type: 'weather.refresh', payload: { city: 'Nice' } }),
    )
    expect(body).toMatchObject({ updated_item: { id: 'wdg_1', widget: card('Nice', '21°C') } })
    expect(await store.loadItem('thr_w', 'wdg_1', ALICE)).toMatchObject({ widget: card('Nice', '21°C') })
  })

  it('streams the updated item of a sync-only handler when the client streams the action', async () => {
    const { action } = await setup({
      actions: {
        'weather.refresh': widgetAction({
          payload: refreshPayload,
          sync: async ({ action: act, sender }) => ({ updated_item: refreshed(sender, act.payload.city) }),
        }),
      },
    })
    const events = await eventsOf(
      await action('threads.custom_action', { type: 'weather.refresh', payload: { city: 'Oslo' } }),
    )
    expect(events[1]).toMatchObject({ type: 'thread.item.replaced', item: { widget: card('Oslo', '21°C') } })
  })

  it.each([
    ['a field of the wrong type', { city: 7 }, 'params.action.payload.city'],
    ['an empty field', { city: '' }, 'params.action.payload.city'],
    ['a missing payload', undefined, 'params.action.payload'],
    ['a payload that is a string', SECRET, 'params.action.payload'],
  ])('refuses %s with 400 naming the field, before any handler runs', async (_name, payload, path) => {
    const sync = vi.fn(async () => ({}))
    const stream = vi.fn(async function* () {})
    const { action } = await setup({
      actions: { 'weather.refresh': widgetAction({ payload: refreshPayload, sync, stream }) },
    })
    for (const type of ['threads.custom_action', 'threads.sync_custom_action'] as const) {
      const result = await action(type, { type: 'weather.refresh', payload })
      expect(result).toMatchObject({ type: 'error', status: 400, error: { code: 'invalid_request', path } })
      expect(JSON.stringify(result)).not.toContain('SECRET')
    }
    expect(sync).not.toHaveBeenCalled()
    expect(stream).not.toHaveBeenCalled()
  })

  it.each([
    ['an unknown key of a strict object', { city: 'Rome', [SECRET]: 1 }, 'params.action.payload'],
    [
      'a bad value under a key the browser chose',
      { city: 'Rome', tags: { [SECRET]: 7 } },
      'params.action.payload.tags.*',
    ],
    [
      'a bad entry of a list',
      { city: 'Rome', days: [{ high: 'warm' }] },
      'params.action.payload.days.0.high',
    ],
  ])(
    'refuses %s naming only what the schema names, never a key the browser sent',
    async (_name, payload, path) => {
      const strict = z.strictObject({
        city: z.string(),
        tags: z.record(z.string(), z.string()).optional(),
        days: z.array(z.object({ high: z.number() })).default([]),
      })
      const { action } = await setup({
        actions: { 'weather.refresh': widgetAction({ payload: strict, sync: async () => ({}) }) },
      })
      const result = await action('threads.sync_custom_action', { type: 'weather.refresh', payload })
      expect(result).toMatchObject({ type: 'error', status: 400, error: { code: 'invalid_request', path } })
      expect(JSON.stringify(result)).not.toContain('SECRET')
    },
  )

  it('passes an action without payload to a handler whose schema is z.undefined()', async () => {
    const sync = vi.fn(async () => ({}))
    const { action } = await setup({ actions: { dismiss: widgetAction({ payload: z.undefined(), sync }) } })
    expect(jsonOf(await action('threads.sync_custom_action', { type: 'dismiss' }))).toStrictEqual({})
    expect(sync).toHaveBeenCalledTimes(1)
  })

  it('refuses an unknown action type with 400 when there is no fallback', async () => {
    const { action } = await setup({
      actions: { dismiss: widgetAction({ payload: z.undefined(), sync: async () => ({}) }) },
    })
    for (const type of ['threads.custom_action', 'threads.sync_custom_action'] as const)
      expect(await action(type, { type: 'weather.explode' })).toMatchObject({
        type: 'error',
        status: 400,
        error: { path: 'params.action.type' },
      })
  })

  it('sends an unknown action type to the action and syncAction fallbacks', async () => {
    const fallback = vi.fn<NonNullable<CreateChatKitServerOptions<TestContext>['action']>>(
      async function* () {},
    )
    const syncFallback = vi.fn<NonNullable<CreateChatKitServerOptions<TestContext>['syncAction']>>(
      async () => ({}),
    )
    const { action } = await setup({
      actions: { dismiss: widgetAction({ payload: z.undefined(), sync: async () => ({}) }) },
      action: fallback,
      syncAction: syncFallback,
    })
    await eventsOf(await action('threads.custom_action', { type: 'other', payload: { any: 1 } }))
    jsonOf(await action('threads.sync_custom_action', { type: 'other' }))
    expect(fallback.mock.calls[0]?.[1]).toStrictEqual({ type: 'other', payload: { any: 1 } })
    expect(syncFallback.mock.calls[0]?.[1]).toStrictEqual({ type: 'other' })
  })

  it('refuses a sync request for a stream-only handler with 400', async () => {
    const { action } = await setup({
      actions: {
        'weather.refresh': widgetAction({ payload: refreshPayload, stream: async function* () {} }),
      },
    })
    expect(
      await action('threads.sync_custom_action', { type: 'weather.refresh', payload: { city: 'Rome' } }),
    ).toMatchObject({ status: 400, error: { path: 'params.action.type' } })
  })

  it("answers another user's thread and a sender that is not a widget as before", async () => {
    const { server, action } = await setup({
      actions: { 'weather.refresh': widgetAction({ payload: refreshPayload, sync: async () => ({}) }) },
    })
    const asBob = await server.process(
      {
        type: 'threads.sync_custom_action',
        params: { thread_id: 'thr_w', action: { type: 'weather.refresh' } },
      },
      BOB,
    )
    expect(asBob).toMatchObject({ status: 404, error: { path: 'params.thread_id' } })
    expect(
      await action(
        'threads.sync_custom_action',
        { type: 'weather.refresh', payload: { city: 'Rome' } },
        'msg_u',
      ),
    ).toMatchObject({ status: 400, error: { path: 'params.item_id' } })
  })

  it('infers the payload type from the schema', () => {
    widgetAction({
      payload: refreshPayload,
      sync: async ({ action }) => {
        expectTypeOf(action.payload).toEqualTypeOf<{ city: string }>()
        return {}
      },
    })
  })
})
