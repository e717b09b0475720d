import { describe, expect, it } from '@jest/globals'
import { canonicalQuery, percentEncode } from '../../../src/safety/percent-encode.js'

describe('percentEncode (RFC 3986, as Alibaba’s signers encode)', () => {
  it("keeps unreserved characters and encodes the rest, !'()* too, in upper-case hex", () => {
    expect(percentEncode("aZ09-_.~ !'()*/+=中")).toBe('aZ09-_.~%20%21%27%28%29%2A%2F%2B%3D%E4%B8%AD')
  })
  it('canonicalQuery sorts keys by code unit and encodes both sides', () => {
    expect(canonicalQuery({ b: '2', B: '1', a: 'x y' })).toBe('B=1&a=x%20y&b=2')
  })
})
