/**
 * flow-name-pattern: glob patterns over flow names, matched on our side (ListFlows has no name
 * filter). `*` matches any run of characters, none included; `?` exactly one; everything else is
 * literal and case-sensitive, and the pattern must match the whole name. Matching is the classic
 * two-pointer wildcard walk: linear in practice, O(name × pattern) at worst, never exponential
 * (a regular expression of `.*`s can be).
 */

/** What a pattern may hold: the characters of flow names, and the two wildcards. */
export const GLOB_PATTERN = /^[A-Za-z0-9_*?-]+$/
export const MAX_PATTERN_LENGTH = 128

/** Whether `name` matches `pattern` as a whole. */
export function matchesGlob(pattern: string, name: string): boolean {
  let p = 0
  let n = 0
  // Where the last `*` was, and where in the name it began to match: to fall back to on a mismatch.
  let star = -1
  let starName = 0
  while (n < name.length) {
    const c = pattern[p]
    if (c === '?' || (c !== undefined && c !== '*' && c === name[n])) {
      p++
      n++
    } else if (c === '*') {
      star = p++
      starName = n
    } else if (star >= 0) {
      // Let the last `*` swallow one more character, and try again after it.
      p = star + 1
      n = ++starName
    } else {
      return false
    }
  }
  while (pattern[p] === '*') p++
  return p === pattern.length
}

/** Whether `name` matches any of `patterns`. */
export function matchesAny(patterns: readonly string[], name: string): boolean {
  return patterns.some((pattern) => matchesGlob(pattern, name))
}
