import { describe, expect, it } from '@jest/globals'
import { namesWithMore, plural } from '../../../src/report/wording.js'
import { shorten } from '../../../src/safety/untrusted.js'

describe('wording', () => {
  it('plural counts one thing and many', () => {
    expect([plural(0, 'flow'), plural(1, 'flow'), plural(3, 'flow instance')]).toEqual([
      '0 flows',
      '1 flow',
      '3 flow instances'
    ])
  })

  it('a line names ten at most, then how many more', () => {
    const many = Array.from({ length: 12 }, (_, i) => `f${i}`)
    expect(namesWithMore(many)).toBe('f0, f1, f2, f3, f4, f5, f6, f7, f8, f9 and 2 more')
    expect(namesWithMore(many.slice(0, 10))).toBe('f0, f1, f2, f3, f4, f5, f6, f7, f8, f9')
  })

  it('shorten cuts at the cap and says so', () => {
    expect(shorten('abcdef', 3)).toBe('abc… (shortened)')
    expect(shorten('abc', 3)).toBe('abc')
    expect(shorten(undefined, 3)).toBeUndefined()
  })

  it('shorten never cuts inside a redacted ***: the whole run goes', () => {
    expect(shorten('key *** end', 5)).toBe('key … (shortened)')
    expect(shorten('key *** end', 6)).toBe('key … (shortened)')
    expect(shorten('key *** end', 7)).toBe('key ***… (shortened)')
    expect(shorten('key *** end', 4)).toBe('key … (shortened)')
  })
})
