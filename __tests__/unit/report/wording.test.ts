import { describe, expect, it } from '@jest/globals'
import { firstNames, namesWithMore, plural, statusText } from '../../../src/report/wording.js'
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

describe('one place for names and statuses', () => {
  it('firstNames counts or elides the rest, rendering each shown name', () => {
    const names = ['a', 'b', 'c']
    expect(firstNames(names, 2)).toBe('a, b and 1 more')
    expect(firstNames(names, 2, 'elided')).toBe('a, b, …')
    expect(firstNames(names, 3, 'elided')).toBe('a, b, c')
    expect(firstNames(names, 1, 'elided', (n) => `<${n}>`)).toBe('<a>, …')
  })

  it('statusText says done in the provider’s word, every other status its own way', () => {
    expect(statusText('done', 'deleted')).toEqual({ word: 'deleted', counted: 'deleted', label: '✅ deleted' })
    expect(statusText('unknown', 'deleted')).toEqual({
      word: 'unknown',
      counted: 'unknown (in flight, outcome not known)',
      label: '❔ unknown (in flight when the run was cancelled)'
    })
    expect(statusText('not-found', 'cancelled').word).toBe('not-found')
  })
})
