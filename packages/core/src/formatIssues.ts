/**
 * The parts of a zod issue we read. Never its `input`, which may be a secret: `expected`,
 * `minimum`, `maximum` and `values` come from the schema, not from the data.
 */
export interface IssueLike {
  readonly path: readonly PropertyKey[]
  readonly message: string
  readonly code?: string
  readonly expected?: unknown
  readonly minimum?: unknown
  readonly maximum?: unknown
  readonly inclusive?: boolean
  readonly values?: readonly unknown[]
}

function describe(issue: IssueLike): string {
  // zod/mini ships no locale, so its own messages read "Invalid input": say what the rule was.
  if (issue.message !== 'Invalid input' && issue.message !== '') return issue.message
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${String(issue.expected)}`
    case 'too_big':
      return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}`
    case 'too_small':
      return `must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${String(issue.minimum)}`
    case 'invalid_value':
      return `expected one of ${(issue.values ?? []).map((value) => JSON.stringify(value)).join(', ')}`
    default:
      return 'is invalid'
  }
}

/** Longest message {@link formatIssues} returns, in characters (the last one an ellipsis). */
export const MAX_ISSUES_MESSAGE_LENGTH = 1024

// A path segment is printed only when it is a plain identifier (or an index): keys can come from
// the browser (an app's schema may allow any key), and a long key or one with a newline would
// shape the log.
const SAFE_KEY = /^[\w-]{1,64}$/

const pathSegment = (key: PropertyKey): string => (SAFE_KEY.test(String(key)) ? String(key) : '[key]')

/**
 * Describes validation issues by path and rule only, for example
 * `expires_after.seconds: must be at most 600`. Inputs are never included, so a bad
 * `client_secret` cannot leak into a message or a log. A key that is not a plain identifier
 * (letters, digits, `_`, `-`, at most 64) is printed as `[key]`, and the message is cut to
 * {@link MAX_ISSUES_MESSAGE_LENGTH} characters.
 */
export function formatIssues(issues: readonly IssueLike[]): string {
  const message = issues
    .map((issue) => {
      const path = issue.path.map(pathSegment).join('.')
      return path === '' ? describe(issue) : `${path}: ${describe(issue)}`
    })
    .join('; ')
  return message.length > MAX_ISSUES_MESSAGE_LENGTH
    ? `${message.slice(0, MAX_ISSUES_MESSAGE_LENGTH - 1)}…`
    : message
}
