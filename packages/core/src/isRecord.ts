/**
 * Whether `value` is an object whose keys can be read as fields: not `null`, not a function,
 * and not an array. Arrays are not records: a JSON body, an error body or an options object
 * that is an array is refused as "not an object" wherever this is asked.
 *
 * @internal Shared by `@chatkit-session/server` and `@chatkit-session/testing`; not part of
 * the public API, and it may change without a major version.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
