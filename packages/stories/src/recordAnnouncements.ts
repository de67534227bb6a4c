/** How urgently a live region's change is spoken (`aria-live`). */
export type Politeness = 'off' | 'polite' | 'assertive'

/** One thing a screen reader would say, by the live-region rules of WAI-ARIA 1.2. */
export interface Announcement {
  /** `polite` or `assertive` (an `off` region is never announced). */
  politeness: Exclude<Politeness, 'off'>
  /** The role of the region that changed (`status`, `alert`, ...), or `region` for a bare `aria-live`. */
  role: string
  /** What would be read: the whole region when it is atomic, else the text added to it. */
  text: string
}

/** What {@link recordAnnouncements} returns. */
export interface AnnouncementRecorder {
  /** The announcements so far, in order. */
  readonly log: readonly Announcement[]
  /** Stops watching; the log stays readable. */
  stop: () => void
}

// WAI-ARIA 1.2: the implicit aria-live and aria-atomic of the live-region roles.
const ROLE_DEFAULTS: Record<string, { live: Politeness; atomic: boolean }> = {
  alert: { live: 'assertive', atomic: true },
  status: { live: 'polite', atomic: true },
  log: { live: 'polite', atomic: false },
  marquee: { live: 'off', atomic: false },
  timer: { live: 'off', atomic: false },
}

interface LiveRegion {
  element: Element
  role: string
  politeness: Politeness
  atomic: boolean
}

/** The nearest live region holding `node` (an inner region's settings win over an outer one's). */
function liveRegionOf(node: Node | null): LiveRegion | undefined {
  let element = node instanceof Element ? node : (node?.parentElement ?? null)
  while (element !== null) {
    const role = element.getAttribute('role') ?? ''
    const defaults = ROLE_DEFAULTS[role]
    const live = element.getAttribute('aria-live')
    if (defaults !== undefined || live !== null) {
      const atomic = element.getAttribute('aria-atomic')
      return {
        element,
        role: defaults === undefined ? 'region' : role,
        politeness: isPoliteness(live) ? live : (defaults?.live ?? 'off'),
        atomic: atomic === null ? (defaults?.atomic ?? false) : atomic === 'true',
      }
    }
    element = element.parentElement
  }
  return undefined
}

const isPoliteness = (value: string | null): value is Politeness =>
  value === 'off' || value === 'polite' || value === 'assertive'

/** The text a screen reader reads from `node`: its text, less `aria-hidden` subtrees, spaces collapsed. */
function spokenText(node: Node): string {
  if (node instanceof Element && node.closest('[aria-hidden="true"]') !== null) return ''
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? ''
  let text = ''
  for (const child of node.childNodes) {
    if (child instanceof Element && child.getAttribute('aria-hidden') === 'true') continue
    text += child.nodeType === Node.TEXT_NODE ? (child.textContent ?? '') : spokenText(child)
  }
  return text
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim()

/**
 * Records what the page's live regions would announce, by watching `root` with a
 * `MutationObserver` under ARIA's own rules: `role="status"` is polite and atomic, `alert`
 * assertive and atomic, `log` polite, `timer` and `marquee` off; `aria-live` and `aria-atomic`
 * override those; the nearest region holding a change decides; removals are not read
 * (`aria-relevant` defaults to `additions text`). An `alert` that is inserted already filled is
 * read as well, as screen readers do. The changes of one task that land in one atomic region
 * make one announcement, as its whole text.
 *
 * This is a model of a screen reader, not one: it tells whether a page asks to be read out too
 * often or too little, not how a given reader words it.
 */
export function recordAnnouncements(root: Node = document.body): AnnouncementRecorder {
  const log: Announcement[] = []
  const observer = new MutationObserver((records) => {
    const atomicRegions = new Map<Element, LiveRegion>()
    const push = (region: LiveRegion, text: string) => {
      const said = squash(text)
      if (region.politeness !== 'off' && said !== '') {
        log.push({ politeness: region.politeness, role: region.role, text: said })
      }
    }
    for (const record of records) {
      const added = record.type === 'childList' ? [...record.addedNodes] : [record.target]
      for (const node of added) {
        // An alert inserted with its text is read: the one exception to "the region must exist first".
        if (node instanceof Element) {
          for (const alert of [node, ...node.querySelectorAll('[role="alert"]')]) {
            if (alert.getAttribute('role') !== 'alert') continue
            const region = liveRegionOf(alert)
            if (region !== undefined) atomicRegions.set(region.element, region)
          }
        }
        const region = liveRegionOf(record.type === 'childList' ? record.target : node)
        if (region === undefined) continue
        if (region.atomic) atomicRegions.set(region.element, region)
        else push(region, spokenText(node))
      }
    }
    for (const region of atomicRegions.values()) {
      if (region.element.isConnected) push(region, spokenText(region.element))
    }
  })
  observer.observe(root, { childList: true, characterData: true, subtree: true })
  return { log, stop: () => observer.disconnect() }
}
