import { describe, expect, it } from 'vitest'
import { REQUEST_TYPES } from '../chatKitRequest.ts'
import { createChatKitServer } from '../createChatKitServer.ts'
import { fixtureHandlers, goldenFixtures, type GoldenFixture } from './fixtures/goldenFixtures.ts'
import { ALICE, eventsOf, jsonOf, testStore } from './harness.ts'

async function run(fixture: GoldenFixture) {
  const store = testStore()
  for (const thread of fixture.seed.threads ?? []) await store.saveThread(thread, ALICE)
  for (const item of fixture.seed.items ?? []) await store.addThreadItem(item.thread_id, item, ALICE)
  for (const attachment of fixture.seed.attachments ?? []) await store.saveAttachment(attachment, ALICE)
  const server = createChatKitServer({ store, ...fixtureHandlers })
  return server.process(fixture.request, ALICE)
}

describe('golden fixtures (chatkit-python 1.6.5 wire format)', () => {
  it('has exactly one fixture per request type', () => {
    expect(goldenFixtures.map((fixture) => fixture.type).sort()).toEqual([...REQUEST_TYPES].sort())
    for (const fixture of goldenFixtures) expect(fixture.request.type).toBe(fixture.type)
  })

  it.each(goldenFixtures.map((fixture) => [fixture.type, fixture] as const))('%s', async (_type, fixture) => {
    const result = await run(fixture)
    if ('stream' in fixture.expected) expect(await eventsOf(result)).toStrictEqual(fixture.expected.stream)
    else expect(jsonOf(result)).toStrictEqual(fixture.expected.json)
  })
})
