'use client'

import { useCallback, useEffect, useRef, useState, type CSSProperties, type FormEvent } from 'react'
import {
  applyEvent,
  itemText,
  requestJson,
  requestStream,
  userInput,
  type ChatApi,
  type ChatItem,
  type ChatPage,
  type ChatState,
  type ChatThread,
} from './chatProtocol.ts'
import { StructuredInputCard } from './StructuredInputCard.tsx'
import { WidgetView, type WidgetAction, type WidgetNode } from './WidgetView.tsx'
import { isStructuredInput, type ChatStructuredAnswer } from './structuredInput.ts'
import {
  attachmentNames,
  attachmentPreviews,
  uploadAttachment,
  type UploadedAttachment,
} from './uploadAttachment.ts'

/** Props of {@link ChatKitChat}. */
export interface ChatKitChatProps {
  /** `useChatKitApi({ url, domainKey })`'s result, or any `{ url, fetch }` that speaks the protocol. */
  api: ChatApi
  /**
   * Keep the open thread in the page's query string (`?thread=thr_...`), so a reload reopens it.
   * @default true
   */
  rememberThread?: boolean
  /** Class name of the box. */
  className?: string
}

const EMPTY: ChatState = { thread: null, items: [], error: null }

const styles = {
  box: { display: 'grid', gridTemplateColumns: 'minmax(9em, 14em) 1fr', gap: '1em', alignItems: 'start' },
  threads: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: '0.25em' },
  log: {
    listStyle: 'none',
    margin: '0 0 0.75em',
    padding: 0,
    display: 'grid',
    gap: '0.5em',
    minHeight: '6em',
  },
  user: {
    justifySelf: 'end',
    background: '#e0e7ff',
    color: '#1e1b4b',
    borderRadius: '10px',
    padding: '0.4em 0.75em',
  },
  assistant: { background: '#f3f4f6', color: '#111827', borderRadius: '10px', padding: '0.4em 0.75em' },
  composer: { display: 'flex', gap: '0.5em' },
  input: { flex: 1, font: 'inherit', padding: '0.4em' },
  failure: { color: '#7f1d1d', margin: '0 0 0.5em' },
} satisfies Record<string, CSSProperties>

function threadFromUrl(): string | null {
  return typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('thread')
}

function rememberInUrl(threadId: string | null) {
  const url = new URL(location.href)
  if (threadId === null) url.searchParams.delete('thread')
  else url.searchParams.set('thread', threadId)
  history.replaceState(history.state, '', url)
}

/**
 * A small chat of ours that speaks ChatKit's server protocol through `api.fetch`: a thread
 * list, the open thread's messages with the reply streaming in, and a composer. It stands in for
 * `<ChatKit>` wherever OpenAI's widget cannot load (no domain key, no CDN): the requests are
 * the ones the widget sends, so the server behind `api.url` is exercised for real.
 */
export function ChatKitChat({ api, rememberThread = true, className }: ChatKitChatProps) {
  const [threads, setThreads] = useState<ChatThread[]>([])
  const [chat, setChat] = useState<ChatState>(EMPTY)
  const [text, setText] = useState('')
  const [streaming, setStreaming] = useState(false)
  const [attached, setAttached] = useState<UploadedAttachment[]>([])
  const inFlight = useRef<AbortController | null>(null)
  const apiRef = useRef(api)
  useEffect(() => {
    apiRef.current = api
  })

  const fail = useCallback((error: unknown) => {
    setChat((state) => ({ ...state, error: error instanceof Error ? error.message : 'The request failed.' }))
  }, [])

  const loadThreads = useCallback(async () => {
    try {
      const page = await requestJson<ChatPage<ChatThread>>(apiRef.current, 'threads.list', {
        limit: 20,
        order: 'desc',
      })
      setThreads(page.data)
    } catch (error) {
      fail(error)
    }
  }, [fail])

  const open = useCallback(
    async (threadId: string) => {
      try {
        const thread = await requestJson<ChatThread & { items: ChatPage<ChatItem> }>(
          apiRef.current,
          'threads.get_by_id',
          { thread_id: threadId },
        )
        const items = [...thread.items.data]
        let page = thread.items
        while (page.has_more && page.after !== undefined) {
          page = await requestJson<ChatPage<ChatItem>>(apiRef.current, 'items.list', {
            thread_id: threadId,
            order: 'asc',
            after: page.after,
            limit: 50,
          })
          items.push(...page.data)
        }
        const { id, title, created_at } = thread
        setChat({ thread: { id, title, created_at }, items, error: null })
        if (rememberThread) rememberInUrl(id)
      } catch (error) {
        fail(error)
      }
    },
    [fail, rememberThread],
  )

  useEffect(() => {
    void loadThreads()
    const remembered = rememberThread ? threadFromUrl() : null
    if (remembered !== null) void open(remembered)
    return () => inFlight.current?.abort()
  }, [loadThreads, open, rememberThread])

  /** A streaming request (a message, an answer): its events applied as they come. */
  const stream = async (type: string, params: object) => {
    const controller = new AbortController()
    inFlight.current = controller
    setStreaming(true)
    setChat((state) => ({ ...state, error: null }))
    try {
      await requestStream(
        apiRef.current,
        type,
        params,
        (streamed) => {
          setChat((state) => applyEvent(state, streamed))
          if (streamed.type === 'thread.created' && 'thread' in streamed && rememberThread) {
            rememberInUrl(streamed.thread.id)
          }
        },
        controller.signal,
      )
    } catch (error) {
      if (!controller.signal.aborted) fail(error)
    } finally {
      inFlight.current = null
      setStreaming(false)
      void loadThreads()
    }
  }

  const send = async (event: FormEvent) => {
    event.preventDefault()
    const message = text.trim()
    if (message === '' || streaming) return
    const attachmentIds = attached.map((attachment) => attachment.id)
    setAttached([])
    setText('')
    const threadId = chat.thread?.id
    await stream(
      threadId === undefined ? 'threads.create' : 'threads.add_user_message',
      threadId === undefined
        ? { input: userInput(message, attachmentIds) }
        : { thread_id: threadId, input: userInput(message, attachmentIds) },
    )
  }

  const attach = async (files: File[]) => {
    for (const file of files) {
      try {
        const attachment = await uploadAttachment(apiRef.current, file)
        setAttached((list) => [...list, attachment])
      } catch (error) {
        fail(error)
      }
    }
  }

  const answer = (itemId: string, input: ChatStructuredAnswer) => {
    const threadId = chat.thread?.id
    if (threadId === undefined || streaming) return
    void stream('threads.add_structured_input', { thread_id: threadId, item_id: itemId, input })
  }

  /** A widget's action (`threads.custom_action`), with the widget item that sent it. */
  const sendAction = (itemId: string, action: WidgetAction) => {
    const threadId = chat.thread?.id
    if (threadId === undefined || streaming) return
    void stream('threads.custom_action', { thread_id: threadId, item_id: itemId, action })
  }

  const startNew = () => {
    inFlight.current?.abort()
    setChat(EMPTY)
    if (rememberThread) rememberInUrl(null)
  }

  const visible = chat.items.flatMap((item): { item: ChatItem; text: string; widget?: WidgetNode }[] => {
    if (item.type === 'widget' && 'widget' in item) return [{ item, text: '', widget: item.widget }]
    const itemBody = itemText(item)
    return itemBody === null && !isStructuredInput(item) ? [] : [{ item, text: itemBody ?? '' }]
  })

  return (
    <div className={className} style={styles.box} data-testid="chat">
      <nav aria-label="Threads">
        <p>
          <button type="button" onClick={startNew} data-testid="new-thread">
            New chat
          </button>
        </p>
        <ul style={styles.threads} data-testid="thread-list">
          {threads.map((thread) => (
            <li key={thread.id}>
              <button
                type="button"
                aria-current={thread.id === chat.thread?.id ? 'true' : undefined}
                data-thread-id={thread.id}
                onClick={() => void open(thread.id)}
              >
                {thread.title ?? `Thread of ${new Date(thread.created_at).toLocaleString()}`}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-label={chat.thread?.title ?? 'New chat'}>
        <div role="log" aria-label="Messages">
          <ol style={styles.log} data-testid="messages">
            {visible.map(({ item, text: body, widget }) =>
              widget ? (
                <li key={item.id} data-testid="widget" data-item-id={item.id}>
                  <WidgetView
                    widget={widget}
                    busy={streaming}
                    onAction={(action) => sendAction(item.id, action)}
                  />
                </li>
              ) : isStructuredInput(item) ? (
                <li key={item.id}>
                  <StructuredInputCard
                    item={item}
                    busy={streaming}
                    onAnswer={(input) => answer(item.id, input)}
                  />
                </li>
              ) : (
                <li
                  key={item.id}
                  data-testid="message"
                  data-role={item.type === 'user_message' ? 'user' : 'assistant'}
                  style={item.type === 'user_message' ? styles.user : styles.assistant}
                >
                  {body}
                  {attachmentNames(item).map((name) => (
                    <small key={name} data-testid="message-attachment">
                      {' '}
                      [{name}]
                    </small>
                  ))}
                  {attachmentPreviews(item).map(({ id, name, url }) => (
                    <img
                      key={id}
                      src={url}
                      alt={name}
                      data-testid="message-thumbnail"
                      style={{
                        display: 'block',
                        maxWidth: '8em',
                        maxHeight: '8em',
                        marginTop: '0.3em',
                        borderRadius: '6px',
                      }}
                    />
                  ))}
                </li>
              ),
            )}
          </ol>
        </div>
        {chat.error !== null && (
          <p role="alert" style={styles.failure} data-testid="chat-error">
            {chat.error}
          </p>
        )}
        {attached.length > 0 && (
          <ul aria-label="Attached files" data-testid="attached">
            {attached.map((attachment) => (
              <li key={attachment.id}>{attachment.name}</li>
            ))}
          </ul>
        )}
        <form
          onSubmit={(event) => void send(event)}
          style={styles.composer}
          // Files dropped on the composer are attached, as with the button.
          onDragOver={(event) => {
            if (event.dataTransfer.types.includes('Files')) event.preventDefault()
          }}
          onDrop={(event) => {
            if (event.dataTransfer.files.length === 0) return
            event.preventDefault()
            void attach(Array.from(event.dataTransfer.files))
          }}
          data-testid="composer-form"
        >
          <input
            type="file"
            aria-label="Attach a file"
            onChange={(event) => {
              const files = Array.from(event.target.files ?? [])
              event.target.value = ''
              void attach(files)
            }}
            data-testid="attach"
          />
          <input
            aria-label="Message"
            style={styles.input}
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder="Message"
            autoComplete="off"
            data-testid="composer"
          />
          {streaming ? (
            <button type="button" onClick={() => inFlight.current?.abort()} data-testid="stop">
              Stop
            </button>
          ) : (
            <button type="submit" disabled={text.trim() === ''} data-testid="send">
              Send
            </button>
          )}
        </form>
      </section>
    </div>
  )
}
