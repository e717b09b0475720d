import { describe, expect, it } from '@jest/globals'
import { percentEncode } from '../../src/alibaba/percent-encode.js'
import { SecretRegistry } from '../../src/secrets.js'

const TOKEN = 'CAIS+tok/en=x&y~ é"\\'

describe('SecretRegistry', () => {
  const secrets = new SecretRegistry()
  secrets.add(TOKEN)
  secrets.add('')

  it.each<[string, string]>([
    ['as given', TOKEN],
    ['percent-encoded once (RFC 3986)', percentEncode(TOKEN)],
    ['percent-encoded twice (RFC 3986)', percentEncode(percentEncode(TOKEN))],
    ['encodeURIComponent once', encodeURIComponent(TOKEN)],
    ['encodeURIComponent twice', encodeURIComponent(encodeURIComponent(TOKEN))],
    ['lower-case hex', percentEncode(percentEncode(TOKEN)).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
    ['JSON-escaped', JSON.stringify(TOKEN).slice(1, -1)],
    ['JSON-escaped with \\/', JSON.stringify(TOKEN).slice(1, -1).replace(/\//g, '\\/')],
    ['JSON \\u escapes', [...TOKEN].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')],
    ['form-encoded', new URLSearchParams({ t: TOKEN }).toString().slice(2)],
    ['HTML references', [...TOKEN].map((c) => `&#${c.charCodeAt(0)};`).join('')]
  ])('finds a secret %s', (_, form) => {
    expect(secrets.redact(`before ${form} after`)).toBe('before *** after')
  })

  it('leaves other text alone, ignores empty secrets and replaces the longer of two overlapping secrets whole', () => {
    const two = new SecretRegistry()
    two.add('key-123')
    two.add('key-123456')
    expect(two.redact('ids key-123456 and key-123, not key-12')).toBe('ids *** and ***, not key-12')
    expect(two.size).toBe(2)
    expect(new SecretRegistry().redact('nothing to hide')).toBe('nothing to hide')
  })

  it('redacts a secret that arrives later too', () => {
    const later = new SecretRegistry()
    expect(later.redact('a tok-9 b')).toBe('a tok-9 b')
    later.add('tok-9')
    expect(later.redact('a tok-9 b')).toBe('a *** b')
  })
})
