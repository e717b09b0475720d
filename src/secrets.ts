/**
 * Every secret of the run, and a redactor that finds them in any text in the forms a service can
 * echo them in: as given, percent-encoded once or twice (RFC 3986 as the signers encode, and
 * encodeURIComponent; upper or lower-case hex), form-encoded, JSON-escaped (`\/`, `\uXXXX`) or as
 * HTML references. The runner masks only the value as given; Alibaba's SignatureDoesNotMatch
 * message, for one, repeats the string to sign with the SecurityToken percent-encoded twice.
 * Every form is a literal string, found with indexOf: nothing to compile at start-up, nothing
 * slow per log line.
 */

export const REDACTED = '***'

/** RFC 3986: unreserved characters stay, everything else is %XY (encodeURIComponent leaves !'()* alone). */
function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function lowerHex(value: string): string {
  return value.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2)
}

function jsonEscape(value: string): string {
  return JSON.stringify(value).slice(1, -1)
}

const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/** Every form of `secret` this module looks for. */
export function secretForms(secret: string): string[] {
  const percent = [rfc3986, encodeURIComponent, formEncode].flatMap((encode) => {
    const once = encode(secret)
    const twice = encode(once)
    return [once, twice, lowerHex(once), lowerHex(twice)]
  })
  const json = jsonEscape(secret)
  return [
    ...new Set([
      secret,
      ...percent,
      json,
      json.replace(/\//g, '\\/'),
      json.replace(/[^\x20-\x7e]/g, unicodeEscape),
      [...secret].map((c) => (c.length === 1 ? unicodeEscape(c) : c)).join(''),
      secret.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`),
      [...secret].map((c) => `&#${c.codePointAt(0)};`).join('')
    ])
  ]
}

export class SecretRegistry {
  private readonly values = new Set<string>()
  /** Every form of every secret, longest first, so that a secret containing another is replaced whole. */
  private forms: string[] = []

  /** Registers a secret (empty values are ignored). */
  add(secret: string): void {
    if (secret === '' || this.values.has(secret)) return
    this.values.add(secret)
    this.forms = [...new Set([...this.forms, ...secretForms(secret)])].sort((a, b) => b.length - a.length)
  }

  get size(): number {
    return this.values.size
  }

  /** `text` with every secret, in every form above, replaced by ***. */
  redact(text: string): string {
    let out = text
    for (const form of this.forms) if (out.includes(form)) out = out.split(form).join(REDACTED)
    return out
  }
}
