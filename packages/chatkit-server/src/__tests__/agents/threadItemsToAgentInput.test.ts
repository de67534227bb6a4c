import { describe, expect, it } from 'vitest'
import { AgentInputError, threadItemsToAgentInput, WIDGET_TEXT_LIMIT, widgetText } from '../../agents.ts'
import type { ThreadItem, UserMessageItem, UserMessageTagContent } from '../../types.ts'
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
  it('gives the model the conversation: user and assistant turns, hidden context as marked user messages', async () => {
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

    expect(await threadItemsToAgentInput(items)).toEqual([
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

  it('tells the model about custom tasks it showed, and leaves out thoughts, pending client calls and empty tasks', async () => {
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

    expect(await threadItemsToAgentInput(items)).toEqual([
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

  it('reads tags as @text, adds their context with tagToInput, and the quote of the last message only', async () => {
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

    const input = await threadItemsToAgentInput([tagged('msg_1'), tagged('msg_2')], {
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

  it('refuses attachments it was not told how to read, with a code, and reads them with attachmentToInput', async () => {
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

    const refused: unknown = await threadItemsToAgentInput([withImage]).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(AgentInputError)
    expect(refused).toMatchObject({ code: 'attachment_not_converted' })
    expect(String(refused)).not.toContain('cat.png')
    expect(
      await threadItemsToAgentInput([withImage], {
        // Async, as reading the file or signing its URL is.
        attachmentToInput: async (attachment) => {
          await Promise.resolve()
          return { type: 'input_image', image: `https://signed.example/${attachment.id}` }
        },
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

  it('lets itemToInput convert an item its own way or leave it out, and falls back to the default', async () => {
    const items: ThreadItem[] = [
      { ...base, id: 'hcx_1', type: 'hidden_context_item', content: { plan: 'pro' } },
      user('msg_1', 'Hi'),
      { ...base, id: 'wdg_1', type: 'widget', widget: { type: 'Card', children: [] } },
    ]

    const input = await threadItemsToAgentInput(items, {
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
  it('quotes only the last item: an earlier message keeps its text, the last one its text then its quote', async () => {
    const input = await threadItemsToAgentInput([
      user('msg_1', 'Hello!', { quoted_text: 'Hi!' }),
      user('msg_2', "I'm well, thank you!", { quoted_text: 'How are you doing?' }),
    ])

    expect(input).toEqual([
      { role: 'user', content: [{ type: 'input_text', text: 'Hello!' }] },
      { role: 'user', content: [{ type: 'input_text', text: "I'm well, thank you!" }] },
      {
        role: 'user',
        content: [
          {
            type: 'input_text',
            text: 'The user refers to this passage in particular:\nHow are you doing?',
          },
        ],
      },
    ])
  })

  it('tells a widget as a short text of its words, not its JSON, or as its copy text when it has one', async () => {
    const widget = {
      type: 'Card',
      padding: 4,
      children: [
        { type: 'Title', value: 'Flight AF 123' },
        { type: 'Text', value: 'Hello, world!', color: 'secondary' },
        { type: 'Button', label: 'Book', onClickAction: { type: 'book', payload: { title: 'x' } } },
      ],
    }
    const items: ThreadItem[] = [
      user('msg_1', 'Hello!'),
      {
        ...base,
        id: 'msg_2',
        type: 'assistant_message',
        content: [
          { type: 'output_text', text: 'How are you doing?', annotations: [] },
          { type: 'output_text', text: "Can't do that", annotations: [] },
        ],
      },
      { ...base, id: 'wd_123', type: 'widget', widget },
      { ...base, id: 'wd_124', type: 'widget', widget, copy_text: 'AF 123, Paris to Oslo' },
      { ...base, id: 'wd_125', type: 'widget', widget: { type: 'Card', children: [{ type: 'Spacer' }] } },
    ]

    const input = await threadItemsToAgentInput(items)

    expect(input).toEqual([
      { role: 'user', content: [{ type: 'input_text', text: 'Hello!' }] },
      {
        role: 'assistant',
        status: 'completed',
        content: [
          { type: 'output_text', text: 'How are you doing?' },
          { type: 'output_text', text: "Can't do that" },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'input_text',
            text: 'The user was shown a widget (id wd_123):\nFlight AF 123\nHello, world!\nBook',
          },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'The user was shown a widget (id wd_124):\nAF 123, Paris to Oslo' },
        ],
      },
      { role: 'user', content: [{ type: 'input_text', text: 'The user was shown a widget (id wd_125).' }] },
    ])
    expect(JSON.stringify(input)).not.toMatch(/created_at|padding|secondary|onClickAction/)
  })

  it('cuts a widget with many words to WIDGET_TEXT_LIMIT characters', async () => {
    const children = Array.from({ length: 500 }, (_, i) => ({ type: 'Text', value: `line ${i}` }))
    const [message] = await threadItemsToAgentInput([
      { ...base, id: 'wd_1', type: 'widget', widget: { type: 'ListView', children } },
    ])
    const text = JSON.stringify(message)

    expect(text).toContain('line 0\\nline 1')
    expect(text).not.toContain('line 499')
    expect(
      widgetText({ ...base, id: 'wd_1', type: 'widget', widget: { type: 'ListView', children } }),
    ).toHaveLength('The user was shown a widget (id wd_1):\n'.length + WIDGET_TEXT_LIMIT + 1)
  })

  it('without tagToInput, reads a tag as @text in the message and sends nothing more (chatkit-python refuses instead)', async () => {
    const input = await threadItemsToAgentInput([
      user('msg_1', '', {
        content: [
          { type: 'input_text', text: 'Ask ' },
          { type: 'input_tag', id: 'u_1', text: 'Ada', data: { email: 'ada@example.com' } },
        ],
      }),
    ])

    expect(input).toEqual([{ role: 'user', content: [{ type: 'input_text', text: 'Ask @Ada' }] }])
  })

  it('hands tagToInput a tag sent without data as one with data {}, and awaits it', async () => {
    const seen: unknown[] = []
    const tag = { type: 'input_tag', id: 'doc_1', text: 'Q2 plan' } as unknown as UserMessageTagContent
    const input = await threadItemsToAgentInput(
      [
        user('msg_1', '', {
          content: [
            { type: 'input_text', text: 'Summarize ' },
            tag,
            { type: 'input_tag', id: 'p_1', text: 'Ada', data: { key: 'value' } },
          ],
        }),
      ],
      {
        tagToInput: async (part) => {
          seen.push(part.data)
          await Promise.resolve()
          return { type: 'input_text', text: `${part.text} ${String(part.data.key ?? 'no key')}` }
        },
      },
    )

    expect(seen).toEqual([{}, { key: 'value' }])
    expect(input).toEqual([
      { role: 'user', content: [{ type: 'input_text', text: 'Summarize @Q2 plan@Ada' }] },
      {
        role: 'user',
        content: [
          {
            type: 'input_text',
            text: 'Context for the @-mentions in the user message. Name these entities without the @.',
          },
          { type: 'input_text', text: 'Q2 plan no key' },
          { type: 'input_text', text: 'Ada value' },
        ],
      },
    ])
  })

  it('shows the model a generated image by its URL, and leaves out one that has no image yet', async () => {
    const input = await threadItemsToAgentInput([
      {
        ...base,
        id: 'img_item_1',
        type: 'generated_image',
        image: { id: 'img_1', url: 'https://example.com/img.png' },
      },
      { ...base, id: 'img_item_2', type: 'generated_image' },
      { ...base, id: 'img_item_3', type: 'generated_image', image: null },
    ])

    expect(input).toEqual([
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'You generated this image earlier in the conversation.' },
          { type: 'input_image', image: 'https://example.com/img.png', detail: 'auto' },
        ],
      },
    ])
  })

  it('tells the model the answers of a structured input: values, skipped, unanswered, and its status', async () => {
    const input = await threadItemsToAgentInput([
      {
        ...base,
        id: 'si_123',
        type: 'structured_input',
        status: 'answered',
        inputs: [
          {
            type: 'multiple_choice',
            id: 'subject',
            question: 'Which subject is this lesson for?',
            options: [{ value: 'Math' }, { value: 'Science' }],
            answer: { values: ['Math', 'Science'] },
          },
          {
            type: 'freeform',
            id: 'details',
            question: 'Anything else to know?',
            answer: { skipped: true },
          },
          { type: 'freeform', id: 'age', question: 'How old are the pupils?' },
        ],
      },
    ])

    expect(input).toEqual([
      {
        role: 'user',
        content: [
          {
            type: 'input_text',
            text: 'The user was asked these questions (status: answered):\n<structured_input>\n- Which subject is this lesson for?: Math, Science\n- Anything else to know?: skipped\n- How old are the pupils?: unanswered\n</structured_input>',
          },
        ],
      },
    ])
  })

  it('lets an async itemToInput replace the default for one item type (hidden context that is not text)', async () => {
    const input = await threadItemsToAgentInput(
      [
        {
          ...base,
          id: 'hcx_1',
          type: 'hidden_context_item',
          content: { harry: 'potter', hermione: 'granger' },
        },
      ],
      {
        itemToInput: async (item) => {
          await Promise.resolve()
          if (
            item.type !== 'hidden_context_item' ||
            typeof item.content !== 'object' ||
            item.content === null
          )
            return undefined
          return [{ role: 'user', content: `<HIDDEN>${Object.keys(item.content).join(',')}</HIDDEN>` }]
        },
      },
    )

    expect(input).toEqual([{ role: 'user', content: '<HIDDEN>harry,hermione</HIDDEN>' }])
  })
})
