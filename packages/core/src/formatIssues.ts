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

/**
 * Describes validation issues by path and rule only, for example
 * `expires_after.seconds: must be at most 600`. Inputs are never included, so a bad
 * `client_secret` cannot leak into a message or a log.
 */
export function formatIssues(issues: readonly IssueLike[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join('.')
      return path === '' ? describe(issue) : `${path}: ${describe(issue)}`
    })
    .join('; ')
}
