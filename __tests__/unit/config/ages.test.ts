/**
 * Ages: the duration and RFC 3339 forms older-than, unchanged-for and running-longer-than take, and
 * the service times they are compared with (parsed to numbers, never compared as text).
 */
import { describe, expect, it } from '@jest/globals'
import { cutoffOf, parseAgeInput, parseDuration, parseRfc3339 } from '../../../src/config/ages.js'
import { InputError } from '../../../src/config/input-rules.js'

const NOW = Date.parse('2026-12-03T12:00:00Z')
const errorOf = (raw: string, options: { durationOnly?: boolean } = {}) => {
  try {
    parseAgeInput('older-than', raw, NOW, options)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error(`'${raw}' was accepted`)
}

describe('parseDuration', () => {
  it.each([
    ['90m', 90 * 60_000],
    ['36h', 36 * 3_600_000],
    ['7d', 7 * 86_400_000],
    ['2w', 14 * 86_400_000],
    ['1d12h', 36 * 3_600_000],
    ['1w1d1h1m', (8 * 24 + 1) * 3_600_000 + 60_000]
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each(['7 days', '7', 'd', '-1h', '1.5h', '7D', '1y', '', ' 7d', '1h 30m'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined()
  })
})

describe('parseRfc3339', () => {
  it('reads both shapes the service answers, and compares as numbers: +08:00 is eight hours before Z', () => {
    expect(parseRfc3339('2019-01-01T01:01:01.001Z')).toBe(Date.UTC(2019, 0, 1, 1, 1, 1, 1))
    expect(parseRfc3339('2025-10-24T14:11:26+08:00')).toBe(Date.UTC(2025, 9, 24, 6, 11, 26))
    // As text the second sorts after the first; as times it is earlier.
    expect('2026-12-03T10:00:00+08:00' > '2026-12-03T03:00:00Z').toBe(true)
    expect(parseRfc3339('2026-12-03T10:00:00+08:00')!).toBeLessThan(parseRfc3339('2026-12-03T03:00:00Z')!)
    expect(parseRfc3339('2026-12-03T03:00:00.123456789Z')).toBe(Date.UTC(2026, 11, 3, 3, 0, 0, 123))
    expect(parseRfc3339('2026-12-03 03:00:00-05:30')).toBe(Date.UTC(2026, 11, 3, 8, 30))
  })

  it.each([
    '2026-02-31T00:00:00Z', // Date.parse rolls this over to March 3
    '2026-13-01T00:00:00Z',
    '2026-12-03T24:00:00Z',
    '2026-12-03T10:00:00', // no zone: which clock?
    '2026-12-03',
    '1733222400000',
    '2026-12-03T10:00:00+24:00',
    'yesterday'
  ])('%j is not a time', (text) => {
    expect(parseRfc3339(text)).toBeUndefined()
  })
})

describe('parseAgeInput', () => {
  it('a duration is measured later, on the service’s clock; a time is a fixed cut-off', () => {
    const duration = parseAgeInput('older-than', '7d', NOW)!
    expect(duration).toEqual({ kind: 'duration', ms: 7 * 86_400_000, text: '7d' })
    const serviceNow = NOW + 3 * 3_600_000
    expect(cutoffOf(duration, serviceNow)).toBe(serviceNow - 7 * 86_400_000)
    const time = parseAgeInput('older-than', '2026-11-01T00:00:00Z', NOW)!
    expect(cutoffOf(time, serviceNow)).toBe(Date.UTC(2026, 10, 1))
    expect(parseAgeInput('older-than', '', NOW)).toBeUndefined()
  })

  it.each([
    [
      '7 days',
      /^Input 'older-than' must be a duration such as 90m, 36h, 7d or 2w, or an RFC 3339 time such as 2026-11-01T00:00:00Z; got "7 days"$/
    ],
    ['-1h', /^Input 'older-than' must be .*, and not negative; got "-1h"$/],
    ['0h', /^Input 'older-than' must be longer than 0; got "0h"/],
    ['3651d', /^Input 'older-than' must be at most 3650d \(ten years\); got "3651d"$/],
    [
      '2026-12-04T00:00:00Z',
      /^Input 'older-than' is a time in the future \(2026-12-04T00:00:00Z; the runner's clock says 2026-12-03T12:00:00Z\)/
    ],
    ['2026-02-31T00:00:00Z', /^Input 'older-than' must be a duration .*; got "2026-02-31T00:00:00Z"$/]
  ])('%j is refused: %s', (raw, message) => {
    const error = errorOf(raw)
    expect(error.input).toBe('older-than')
    expect(error.message).toMatch(message)
  })

  it('running-longer-than takes a duration only', () => {
    expect(errorOf('2026-11-01T00:00:00Z', { durationOnly: true }).message).toBe(
      'Input \'older-than\' must be a duration such as 90m, 36h, 7d or 2w; got "2026-11-01T00:00:00Z"'
    )
  })
})
