'use client'

import type { CSSProperties, ReactNode } from 'react'

/** A widget component as it comes over the wire: `{ type, ...props }`, children nested. */
export interface WidgetNode {
  type: string
  [prop: string]: unknown
}

/** An action a widget sends back to the server (`onClickAction`, a card's `confirm`). */
export interface WidgetAction {
  type: string
  payload?: Record<string, unknown>
}

/** Props of {@link WidgetView}. */
export interface WidgetViewProps {
  /** The widget item's `widget`: a Card, a ListView or a Basic root. */
  widget: WidgetNode
  /** Called when a button (or list item) with an action is pressed. */
  onAction?: (action: WidgetAction) => void
  /**
   * Disables the widget's buttons (an action of this widget is in flight).
   * @default false
   */
  busy?: boolean
}

const isNode = (value: unknown): value is WidgetNode =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

function childrenOf(node: WidgetNode): WidgetNode[] {
  const { children } = node
  // A `children` that is one component, not a list, is drawn as a list of one.
  if (Array.isArray(children)) return children.filter(isNode)
  return isNode(children) ? [children] : []
}

function actionOf(value: unknown): WidgetAction | undefined {
  if (!isNode(value)) return undefined
  const payload = value.payload
  return typeof payload === 'object' && payload !== null
    ? { type: value.type, payload: payload as Record<string, unknown> }
    : { type: value.type }
}

/** ChatKit's spacing unit: a number is a multiple of 4 px, a string is CSS as given. */
const space = (value: unknown): string | undefined =>
  typeof value === 'number' ? `${value * 4}px` : typeof value === 'string' ? value : undefined

const ALIGN: Record<string, CSSProperties['alignItems']> = {
  start: 'flex-start',
  center: 'center',
  end: 'flex-end',
  baseline: 'baseline',
  stretch: 'stretch',
}
const JUSTIFY: Record<string, CSSProperties['justifyContent']> = {
  start: 'flex-start',
  center: 'center',
  end: 'flex-end',
  between: 'space-between',
  around: 'space-around',
  evenly: 'space-evenly',
  stretch: 'stretch',
}

function boxStyle(node: WidgetNode, direction: 'row' | 'column'): CSSProperties {
  return {
    display: 'flex',
    flexDirection: direction,
    gap: space(node.gap) ?? (direction === 'row' ? '8px' : '4px'),
    padding: space(node.padding),
    alignItems:
      typeof node.align === 'string' ? ALIGN[node.align] : direction === 'row' ? 'center' : undefined,
    justifyContent: typeof node.justify === 'string' ? JUSTIFY[node.justify] : undefined,
    flexWrap: node.wrap === 'wrap' || node.wrap === 'wrap-reverse' ? node.wrap : undefined,
    flex: typeof node.flex === 'number' || typeof node.flex === 'string' ? node.flex : undefined,
    background: typeof node.background === 'string' ? node.background : undefined,
  }
}

const styles = {
  card: {
    border: '1px solid #d1d5db',
    borderRadius: '12px',
    padding: '12px 16px',
    background: '#ffffff',
    color: '#111827',
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    maxWidth: '28em',
  },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: '4px' },
  title: { margin: 0, fontSize: '1.2em', fontWeight: 600 },
  text: { margin: 0 },
  caption: { margin: 0, fontSize: '0.85em', color: '#4b5563' },
  badge: {
    display: 'inline-block',
    borderRadius: '999px',
    padding: '0 0.6em',
    fontSize: '0.8em',
    background: '#e0e7ff',
    color: '#1e1b4b',
  },
  divider: { border: 0, borderTop: '1px solid #e5e7eb', margin: '4px 0', width: '100%' },
} satisfies Record<string, CSSProperties>

function Component({
  node,
  onAction,
  busy,
}: { node: WidgetNode } & Omit<WidgetViewProps, 'widget'>): ReactNode {
  const children = () =>
    childrenOf(node).map((child, index) => (
      <Component
        key={text(child.key) || text(child.id) || index}
        node={child}
        onAction={onAction}
        busy={busy}
      />
    ))
  const id = text(node.id) || undefined
  switch (node.type) {
    case 'Card': {
      const confirm = isNode(node.confirm) ? node.confirm : undefined
      const cancel = isNode(node.cancel) ? node.cancel : undefined
      return (
        <div role="group" aria-label="Widget" style={styles.card} data-widget="Card" data-component-id={id}>
          {children()}
          {(confirm ?? cancel) && (
            <div style={{ display: 'flex', gap: '8px', justifyContent: 'flex-end' }}>
              {[cancel, confirm].map((card, index) =>
                card === undefined ? null : (
                  <button
                    key={index}
                    type="button"
                    disabled={busy}
                    onClick={() => {
                      const action = actionOf(card.action)
                      if (action) onAction?.(action)
                    }}
                  >
                    {text(card.label)}
                  </button>
                ),
              )}
            </div>
          )}
        </div>
      )
    }
    case 'Basic':
      return (
        <div style={boxStyle(node, node.direction === 'row' ? 'row' : 'column')} data-widget="Basic">
          {children()}
        </div>
      )
    case 'ListView':
      return (
        <ul style={styles.list} data-widget="ListView" data-component-id={id}>
          {children()}
        </ul>
      )
    case 'ListViewItem': {
      const action = actionOf(node.onClickAction)
      const body = <div style={boxStyle(node, 'row')}>{children()}</div>
      return (
        <li data-widget="ListViewItem" data-component-id={id}>
          {action ? (
            <button
              type="button"
              disabled={busy}
              onClick={() => onAction?.(action)}
              style={{ all: 'unset', cursor: 'pointer', display: 'block', width: '100%' }}
            >
              {body}
            </button>
          ) : (
            body
          )}
        </li>
      )
    }
    case 'Box':
    case 'Form':
      return (
        <div style={boxStyle(node, node.direction === 'row' ? 'row' : 'column')} data-widget={node.type}>
          {children()}
        </div>
      )
    case 'Row':
      return (
        <div style={boxStyle(node, 'row')} data-widget="Row">
          {children()}
        </div>
      )
    case 'Col':
      return (
        <div style={boxStyle(node, 'column')} data-widget="Col">
          {children()}
        </div>
      )
    case 'Title':
      return (
        <h3 style={styles.title} data-widget="Title" data-component-id={id}>
          {text(node.value)}
        </h3>
      )
    case 'Text':
      return (
        <p
          style={{ ...styles.text, fontStyle: node.italic === true ? 'italic' : undefined }}
          aria-busy={node.streaming === true ? true : undefined}
          data-widget="Text"
          data-component-id={id}
        >
          {text(node.value)}
        </p>
      )
    case 'Caption':
      return (
        <p style={styles.caption} data-widget="Caption" data-component-id={id}>
          {text(node.value)}
        </p>
      )
    case 'Markdown':
      // Paragraphs and **bold** only, drawn as text: no HTML from the server reaches the page.
      return (
        <div
          aria-busy={node.streaming === true ? true : undefined}
          data-widget="Markdown"
          data-component-id={id}
        >
          {text(node.value)
            .split(/\n{2,}/)
            .map((paragraph, index) => (
              <p key={index} style={styles.text}>
                {paragraph
                  .split(/\*\*(.+?)\*\*/)
                  .map((part, at) => (at % 2 === 1 ? <strong key={at}>{part}</strong> : part))}
              </p>
            ))}
        </div>
      )
    case 'Badge':
      return (
        <span style={styles.badge} data-widget="Badge">
          {text(node.label)}
        </span>
      )
    case 'Image':
      return (
        <img
          src={text(node.src)}
          alt={text(node.alt)}
          width={
            typeof node.width === 'number'
              ? node.width
              : typeof node.size === 'number'
                ? node.size
                : undefined
          }
          height={
            typeof node.height === 'number'
              ? node.height
              : typeof node.size === 'number'
                ? node.size
                : undefined
          }
          style={{ objectFit: 'cover', borderRadius: '8px' }}
          data-widget="Image"
        />
      )
    case 'Button': {
      const action = actionOf(node.onClickAction)
      return (
        <button
          type="button"
          disabled={busy || node.disabled === true || !action}
          onClick={() => {
            if (action) onAction?.(action)
          }}
          data-widget="Button"
        >
          {text(node.label)}
        </button>
      )
    }
    case 'Divider':
      return <hr style={styles.divider} data-widget="Divider" />
    case 'Spacer':
      return <div style={{ flex: 1, minWidth: space(node.minSize) }} data-widget="Spacer" />
    case 'Icon':
      return null
    default:
      // A component this stand-in does not draw: its children still show.
      return <>{children()}</>
  }
}

/**
 * Draws a ChatKit widget (Card, ListView, Basic roots and the components they hold: Row, Col,
 * Box, Text, Title, Caption, Markdown, Image, Button, Divider, Spacer, Badge) for the stand-in
 * chat, with buttons that send their actions. Text is drawn as text: nothing from the server is
 * parsed as HTML.
 */
export function WidgetView({ widget, onAction, busy = false }: WidgetViewProps) {
  return <Component node={widget} onAction={onAction} busy={busy} />
}
