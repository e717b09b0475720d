import { describe, expect, it } from '@jest/globals'
import { percentEncode } from '../../../src/safety/percent-encode.js'
import { SecretRegistry } from '../../../src/safety/secrets.js'

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

  const SECRET = 'Zq8PnW4vKxT2mB7sLd9Fh3Jc6Ny1Rg5W'
  const registry = new SecretRegistry()
  registry.add(SECRET)

  it.each<[string, string]>([
    ['in upper case', SECRET.toUpperCase()],
    ['in lower case', SECRET.toLowerCase()],
    ['split by a line break', `${SECRET.slice(0, 11)}\n${SECRET.slice(11)}`],
    ['split by CR LF', `${SECRET.slice(0, 5)}\r\n${SECRET.slice(5)}`],
    ['split by a NUL', `${SECRET.slice(0, 20)}\u0000${SECRET.slice(20)}`],
    ['split by an escaped line break', `${SECRET.slice(0, 7)}\\n${SECRET.slice(7)}`],
    ['split by several line breaks', SECRET.match(/.{1,4}/g)!.join('\n')],
    ['in base64', Buffer.from(SECRET).toString('base64')],
    ['in URL-safe base64', Buffer.from(SECRET).toString('base64url')],
    ['in base64 inside a longer text (offset 1)', Buffer.from(`a${SECRET}zz`).toString('base64')],
    ['in base64 inside a longer text (offset 2)', Buffer.from(`ab:${SECRET}!`).toString('base64')],
    ['in base64 as HTTP Basic credentials', Buffer.from(`user:${SECRET}`).toString('base64')],
    [
      'in base64, wrapped at 8 characters',
      Buffer.from(`id:${SECRET}`)
        .toString('base64')
        .match(/.{1,8}/g)!
        .join('\r\n')
    ]
  ])('finds a secret echoed %s', (_, form) => {
    const redacted = registry.redact(`before ${form} after`)
    expect(redacted).toMatch(/^before .*\*\*\*.* after$/)
    // No run of 6 or more of the secret's characters is left, in any case or encoding.
    // eslint-disable-next-line no-control-regex -- the NUL a secret was split by is taken out to look for pieces
    const left = redacted.replace(/\s|\u0000|\\n/g, '').toLowerCase()
    for (let i = 0; i + 6 <= SECRET.length; i++) expect(left).not.toContain(SECRET.slice(i, i + 6).toLowerCase())
    const base64 = Buffer.from(SECRET).toString('base64').slice(2, 12)
    expect(left).not.toContain(base64.toLowerCase())
  })

  it('keeps the text around a split secret, and makes one *** of each stretch', () => {
    expect(registry.redact(`a ${SECRET.slice(0, 3)}\n${SECRET.slice(3)} b ${SECRET} c`)).toBe('a *** b *** c')
  })
})
