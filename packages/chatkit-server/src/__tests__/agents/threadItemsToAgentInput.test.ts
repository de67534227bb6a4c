import { describe, expect, it } from 'vitest'
import { AgentInputError, threadItemsToAgentInput } from '../../agents.ts'
import type { ThreadItem, UserMessageItem } from '../../types.ts'
import { NOW } from '../harness.ts'

const base = { thread_id: 'thr_1', created_at: NOW }
const user = (id: string, text: string, extra: Partial<UserMessageItem> = {}): UserMessageItem => ({
  ...base,
  id,
  type: 'user_message',
  content: [{ type: 'input_text', text }],
  attachments: [],
  inference_options: {},
  ...extra,
})

describe('threadItemsToAgentInput', () => {
  it('gives the model the conversation: user and assistant turns, hidden context as marked user messages', () => {
    const items: ThreadItem[] = [
      user('msg_1', 'What is the capital of France?'),
      {
        ...base,
        id: 'msg_2',
        type: 'assistant_message',
        content: [{ type: 'output_text', text: 'Paris.', annotations: [] }],
      },
      { ...base, id: 'hcx_1', type: 'hidden_context_item', content: 'The user is on the Pro plan.' },
      {
        ...base,
        id: 'shcx_1',
        type: 'sdk_hidden_context',
        content: 'The user stopped the previous response.',
      },
      { ...base, id: 'eot_1', type: 'end_of_turn' },
      user('msg_3', 'And of Norway?'),
    ]

    expect(threadItemsToAgentInput(items)).toEqual([
      { role: 'user', content: [{ type: 'input_text', text: 'What is the capital of France?' }] },
      { role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Paris.' }] },
      {
        role: 'user',
        content: [
          {
            type: 'input_text',
            text: 'Context for you, which the user does not see:\n<hidden_context>\nThe user is on the Pro plan.\n</hidden_context>',
          },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'input_text',
            text: 'Context for you, which the user does not see:\n<hidden_context>\nThe user stopped the previous response.\n</hidden_context>',
          },
        ],
      },
      { role: 'user', content: [{ type: 'input_text', text: 'And of Norway?' }] },
    ])
  })

  it('tells the model about custom tasks it showed, and leaves out thoughts, pending client calls and empty tasks', () => {
    const items: ThreadItem[] = [
      {
        ...base,
        id: 'wf_1',
        type: 'workflow',
        workflow: {
          type: 'custom',
          tasks: [
            { type: 'custom', title: 'get_weather', content: 'Paris: sunny' },
            { type: 'thought', content: 'thinking' },
            { type: 'custom' },
          ],
        },
      },
      { ...base, id: 'tsk_1', type: 'task', task: { type: 'custom', title: 'Saved the draft' } },
      {
        ...base,
        id: 'tc_1',
        type: 'client_tool_call',
        status: 'pending',
        call_id: 'call_1',
        name: 'pick_date',
        arguments: {},
      },
      {
        ...base,
        id: 'tc_2',
        type: 'client_tool_call',
        status: 'completed',
        call_id: 'call_2',
        name: 'get_location',
        arguments: { precise: false },
        output: { city: 'Oslo' },
      },
    ]

    expect(threadItemsToAgentInput(items)).toEqual([
      {
        role: 'user',
        content: [
          {
            type: 'input_text',
            text: 'The user was shown that this task was done:\n<task>\nget_weather: Paris: sunny\n</task>',
          },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'input_text',
            text: 'The user was shown that this task was done:\n<task>\nSaved the draft\n</task>',
          },
        ],
      },
      { type: 'function_call', callId: 'call_2', name: 'get_location', arguments: '{"precise":false}' },
      {
        type: 'function_call_result',
        callId: 'call_2',
        name: 'get_location',
        status: 'completed',
        output: '{"city":"Oslo"}',
      },
    ])
  })

  it('reads tags as @text, adds their context with tagToInput, and the quote of the last message only', () => {
    const tagged = (id: string) =>
      user(id, '', {
        content: [
          { type: 'input_text', text: 'Ask ' },
          { type: 'input_tag', id: 'u_1', text: 'Ada', data: {} },
          { type: 'input_text', text: ' and ' },
          { type: 'input_tag', id: 'u_1', text: 'Ada', data: {} },
        ],
        quoted_text: 'the quoted line',
      })

    const input = threadItemsToAgentInput([tagged('msg_1'), tagged('msg_2')], {
      tagToInput: (tag) => ({ type: 'input_text', text: `${tag.text} is a colleague (${tag.id})` }),
    })

    const mention = {
      role: 'user',
      content: [
        {
          type: 'input_text',
          text: 'Context for the @-mentions in the user message. Name these entities without the @.',
        },
        { type: 'input_text', text: 'Ada is a colleague (u_1)' },
      ],
    }
    const message = { role: 'user', content: [{ type: 'input_text', text: 'Ask @Ada and @Ada' }] }
    expect(input).toEqual([
      message,
      mention,
      message,
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'The user refers to this passage in particular:\nthe quoted line' },
        ],
      },
      mention,
    ])
  })

  it('refuses attachments it was not told how to read, with a code, and reads them with attachmentToInput', () => {
    const withImage = user('msg_1', 'What is this?', {
      attachments: [
        {
          type: 'image',
          id: 'atc_1',
          name: 'cat.png',
          mime_type: 'image/png',
          preview_url: 'https://files.example/cat.png',
        },
      ],
    })

    let refused: unknown
    try {
      threadItemsToAgentInput([withImage])
    } catch (error) {
      refused = error
    }
    expect(refused).toBeInstanceOf(AgentInputError)
    expect(refused).toMatchObject({ code: 'attachment_not_converted' })
    expect(String(refused)).not.toContain('cat.png')
    expect(
      threadItemsToAgentInput([withImage], {
        attachmentToInput: (attachment) => ({
          type: 'input_image',
          image: `https://signed.example/${attachment.id}`,
        }),
      }),
    ).toEqual([
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'What is this?' },
          { type: 'input_image', image: 'https://signed.example/atc_1' },
        ],
      },
    ])
  })

  it('lets itemToInput convert an item its own way or leave it out, and falls back to the default', () => {
    const items: ThreadItem[] = [
      { ...base, id: 'hcx_1', type: 'hidden_context_item', content: { plan: 'pro' } },
      user('msg_1', 'Hi'),
      { ...base, id: 'wdg_1', type: 'widget', widget: { type: 'Card', children: [] } },
    ]

    const input = threadItemsToAgentInput(items, {
      itemToInput: (item) =>
        item.type === 'widget'
          ? []
          : item.type === 'user_message'
            ? [{ role: 'user', content: 'custom' }]
            : undefined,
    })

    expect(input).toEqual([
      {
        role: 'user',
        content: [
          {
            type: 'input_text',
            text: 'Context for you, which the user does not see:\n<hidden_context>\n{"plan":"pro"}\n</hidden_context>',
          },
        ],
      },
      { role: 'user', content: 'custom' },
    ])
  })
})
