/**
 * Ages: the inputs that select by how old something is (older-than, unchanged-for,
 * running-longer-than), and the times services answer. A time is parsed to a number and compared
 * as one, never as a string: Serverless Workflow answers `2019-01-01T01:01:01.001Z` for flows and
 * `2025-10-24T14:11:26+08:00` for versions
 * (https://github.com/aliyun/alibabacloud-typescript-sdk, folder fnf-20190315, ListFlowsResponseBody
 * and ListFlowVersionsResponseBody), and EnOS answers `2019-08-12 08:07:22` in its server's zone.
 */
import { describeValue, InputError } from './input-rules.js'

const MINUTE_MS = 60_000
const UNIT_MS: Record<string, number> = {
  m: MINUTE_MS,
  h: 60 * MINUTE_MS,
  d: 24 * 60 * MINUTE_MS,
  w: 7 * 24 * 60 * MINUTE_MS
}
/** Ten years: longer than any flow has lived, short enough that no arithmetic overflows. */
const MAX_AGE_MS = 3650 * UNIT_MS['d']!
const DURATION = /^(?:\d{1,6}[mhdw])+$/
const DURATION_PART = /(\d{1,6})([mhdw])/g

/** An age rule: "older than this long, on the service's clock", or "before this moment". */
export type AgeRule = { kind: 'duration'; ms: number; text: string } | { kind: 'time'; at: number; text: string }

/** RFC 3339 date-time (section 5.6): date, T (or a space), time, optional fraction, Z or an offset. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|([+-])(\d{2}):(\d{2}))$/

/**
 * A wall-clock date and time (the regex groups year … second of a match) as if it were UTC, in
 * epoch ms; undefined when it does not exist (2026-02-31, 24:00), which Date.UTC would roll over.
 */
export function wallClockMs(groups: readonly string[]): number | undefined {
  const [year, month, day, hour, minute, second] = groups.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number
  ]
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined
  const ms = Date.UTC(year, month - 1, day, hour, minute, second)
  return new Date(ms).getUTCDate() === day ? ms : undefined
}

/** A fraction of a second as written (`.001`, `.5`, `.123456789`), in whole milliseconds. */
export function fractionMs(digits: string | undefined): number {
  return digits ? Math.floor(Number(`0.${digits}`) * 1000) : 0
}

/**
 * An RFC 3339 time as epoch milliseconds; undefined for anything else, a day that does not exist
 * (2026-02-31) included, since Date.parse would roll it over to March.
 */
export function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text)
  if (!m) return undefined
  const offsetMinutes = m[8]!.toUpperCase() === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]))
  const wall = wallClockMs(m.slice(1, 7))
  if (wall === undefined || Math.abs(offsetMinutes) >= 24 * 60) return undefined
  return wall + fractionMs(m[7]) - offsetMinutes * MINUTE_MS
}

/** `90m`, `36h`, `7d`, `2w`, or parts of them together (`1d12h`), in milliseconds; undefined otherwise. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined
  let ms = 0
  for (const [, count, unit] of text.matchAll(DURATION_PART)) ms += Number(count) * UNIT_MS[unit!]!
  return ms
}

/** A time in the form the log and the summary give times: UTC, to the second. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

const AGE_EXAMPLE = 'a duration such as 90m, 36h, 7d or 2w, or an RFC 3339 time such as 2026-11-01T00:00:00Z'

/**
 * An age input: a positive duration (measured later, on the service's clock) or a past RFC 3339
 * time. `now` is the runner's clock: a time after it is refused, since it would select everything.
 */
export function parseAgeInput(
  input: string,
  raw: string,
  now: number,
  { durationOnly = false }: { durationOnly?: boolean } = {}
): AgeRule | undefined {
  const text = raw.trim()
  if (text === '') return undefined
  const example = durationOnly ? 'a duration such as 90m, 36h, 7d or 2w' : AGE_EXAMPLE
  if (/^-/.test(text)) throw new InputError(input, `must be ${example}, and not negative; got ${describeValue(raw)}`)
  const ms = parseDuration(text)
  if (ms !== undefined) {
    if (ms === 0)
      throw new InputError(input, `must be longer than 0; got ${describeValue(raw)} (leave it out to select by no age)`)
    if (ms > MAX_AGE_MS) throw new InputError(input, `must be at most 3650d (ten years); got ${describeValue(raw)}`)
    return { kind: 'duration', ms, text }
  }
  const at = durationOnly ? undefined : parseRfc3339(text)
  if (at === undefined) throw new InputError(input, `must be ${example}; got ${describeValue(raw)}`)
  if (at > now) {
    throw new InputError(
      input,
      `is a time in the future (${formatTime(at)}; the runner's clock says ${formatTime(now)}): it would select everything. Give a past time, or a duration such as 7d`
    )
  }
  return { kind: 'time', at, text }
}

/** The moment before which something is old enough, given the service's time now. */
export function cutoffOf(rule: AgeRule, serviceNow: number): number {
  return rule.kind === 'time' ? rule.at : serviceNow - rule.ms
}

/** How a rule reads in the log: "older than 7d", "before 2026-11-01T00:00:00Z". */
export function describeAge(rule: AgeRule): string {
  return rule.kind === 'time' ? `before ${formatTime(rule.at)}` : `${rule.text}`
}
