import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { GLOB_PATTERN, GlobMatcher, matchesGlob } from '../../../../src/providers/alibaba/glob.js'

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
    // test's timeout.
    expect(matchesGlob(`${'a*'.repeat(60)}b`, 'a'.repeat(128))).toBe(false)
    expect(matchesGlob(`${'a*'.repeat(60)}b`, `${'a'.repeat(127)}b`)).toBe(true)
  })

  it('agrees with a plain regular expression on any pattern and name (property)', () => {
    const reference = (pattern: string, name: string) =>
      new RegExp(`^${pattern.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's').test(name)
    fc.assert(
      fc.property(fc.stringMatching(/^[ab*?-]{0,12}$/), fc.stringMatching(/^[ab-]{0,16}$/), (pattern, name) => {
        fc.pre(pattern !== '')
        expect(matchesGlob(pattern, name)).toBe(reference(pattern, name))
      }),
      { numRuns: 3000 }
    )
  })

  it('runs longer than 32 characters (several words of state) match as short ones do', () => {
    const run = `${'ab'.repeat(20)}?c`
    expect(matchesGlob(`x*${run}*y`, `x${'ab'.repeat(25)}zc--y`)).toBe(true)
    expect(matchesGlob(`x*${run}*y`, `x${'ab'.repeat(25)}zd--y`)).toBe(false)
    expect(matchesGlob(`*${'a'.repeat(100)}b*`, `${'a'.repeat(127)}b`)).toBe(true)
    expect(matchesGlob(`*${'a'.repeat(100)}b*`, 'a'.repeat(128))).toBe(false)
  })

  it('matchesAny: any of several patterns', () => {
    expect(new GlobMatcher(['pr-41-*', 'pr-42-*']).matchesAny('pr-42-api')).toBe(true)
    expect(new GlobMatcher(['pr-41-*', 'pr-42-*']).matchesAny('pr-43-api')).toBe(false)
    expect(new GlobMatcher([]).matchesAny('x')).toBe(false)
  })

  it('GLOB_PATTERN admits names’ characters and the two wildcards only', () => {
    for (const ok of ['pr-42-*', '*_x?', 'ABC-09_']) expect(GLOB_PATTERN.test(ok)).toBe(true)
    for (const bad of ['a b', 'a/b', '[ab]', 'a.b', '{a,b}', 'a\n', '']) expect(GLOB_PATTERN.test(bad)).toBe(false)
  })
})

describe('the cost of matching is linear in the name, whatever the pattern', () => {
  // Names built to miss: each pattern's runs almost match everywhere. The two-pointer walk this
  // replaced stepped back at each miss (name × pattern per pair); the compiled runs read each
  // character of a name once per run word.
  const worst: [string, string, string][] = [
    ['stars between single letters', `${'a*'.repeat(63)}b`, 'a'.repeat(128)],
    ['a long run that almost matches at every place', `*${'a'.repeat(60)}b*`, 'a'.repeat(128)],
    ['many runs with ?', `*${'a?'.repeat(10)}b*${'a?'.repeat(10)}c*`, `${'a'.repeat(100)}b${'a'.repeat(27)}`],
    ['the longest run (4 words of state)', `*${'a'.repeat(126)}b`, `${'a'.repeat(127)}c`]
  ]
  it.each(worst)('%s', (_label, pattern, name) => {
    const matcher = new GlobMatcher([pattern])
    matcher.matchesAny(name)
    // At most each character once per word of a run (4 words at most), plus the fixed head and tail.
    expect(matcher.cost.steps).toBeLessThanOrEqual(name.length * 4 + pattern.length)
  })

  it('1000 patterns of 128 characters against 2000 names: the steps grow with names × patterns × name length, not more', () => {
    const patterns = Array.from({ length: 1000 }, (_, i) => `*${'a*'.repeat(62)}${String.fromCharCode(98 + (i % 20))}`)
    const names = Array.from({ length: 2000 }, (_, i) => `${'a'.repeat(120)}-${i}`.slice(0, 128))
    const matcher = new GlobMatcher(patterns)
    for (const name of names) matcher.matchesAny(name)
    expect(matcher.cost.steps).toBeLessThanOrEqual(1000 * 2000 * (128 + 2))
  })
})
