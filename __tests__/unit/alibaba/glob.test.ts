import { describe, expect, it } from '@jest/globals'
import { GLOB_PATTERN, matchesAny, matchesGlob } from '../../../src/alibaba/glob.js'

describe('matchesGlob', () => {
  it.each([
    // `*` is any run of characters, none included; `-` and `_` beside it are literal.
    ['pr-42-*', 'pr-42-api', true],
    ['pr-42-*', 'pr-42-', true],
    ['pr-42-*', 'pr-420-api', false],
    ['pr-42-*', 'pr-42', false],
    ['pr_42_*', 'pr_42_worker', true],
    ['pr_42_*', 'pr-42-worker', false],
    ['*-preview', 'checkout-preview', true],
    ['*-preview', 'checkout-preview-2', false],
    ['*_*', 'a_b', true],
    ['*_*', 'ab', false],
    ['*-*-*', 'a-b-c', true],
    ['*-*-*', 'a-bc', false],
    // `?` is exactly one character.
    ['pr-4?-api', 'pr-42-api', true],
    ['pr-4?-api', 'pr-4-api', false],
    ['pr-4?-api', 'pr-421-api', false],
    ['?', 'a', true],
    ['?', '', false],
    ['??', 'a', false],
    ['*?', '', false],
    ['*?', 'x', true],
    // Literal, case-sensitive, whole name.
    ['orders', 'orders', true],
    ['orders', 'Orders', false],
    ['orders', 'orders-v2', false],
    ['orders', 'my-orders', false],
    ['*', '', true],
    ['*', 'anything_at-all', true],
    ['**', 'x', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbY', false],
    ['a*a*a*a*b', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', false]
  ])('%s against %s: %s', (pattern, name, expected) => {
    expect(matchesGlob(pattern, name)).toBe(expected)
  })

  it('finishes on the patterns that make regular expressions backtrack exponentially', () => {
    // A regular expression of 60 `a.*`s against 128 a's and no b would not finish within the
    // test's timeout; the two-pointer walk is polynomial.
    expect(matchesGlob(`${'a*'.repeat(60)}b`, 'a'.repeat(128))).toBe(false)
  })

  it('matchesAny: any of several patterns', () => {
    expect(matchesAny(['pr-41-*', 'pr-42-*'], 'pr-42-api')).toBe(true)
    expect(matchesAny(['pr-41-*', 'pr-42-*'], 'pr-43-api')).toBe(false)
    expect(matchesAny([], 'x')).toBe(false)
  })

  it('GLOB_PATTERN admits names’ characters and the two wildcards only', () => {
    for (const ok of ['pr-42-*', '*_x?', 'ABC-09_']) expect(GLOB_PATTERN.test(ok)).toBe(true)
    for (const bad of ['a b', 'a/b', '[ab]', 'a.b', '{a,b}', 'a\n', '']) expect(GLOB_PATTERN.test(bad)).toBe(false)
  })
})
