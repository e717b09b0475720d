/**
 * Every secret of the run, and a redactor that finds them in any text in the forms a service can
 * echo them in: as given, percent-encoded once or twice (RFC 3986 as the signers encode, and
 * encodeURIComponent), form-encoded, JSON-escaped (`\/`, `\uXXXX`), as HTML references, or in
 * base64 (standard or URL-safe, at any offset of a longer encoded text); in any letter case; and
 * split by line breaks, other white space or NULs. The runner masks only the value as given;
 * Alibaba's SignatureDoesNotMatch message, for one, repeats the string to sign with the
 * SecurityToken percent-encoded twice. Every form is a literal string, found with indexOf in the
 * text with its separators taken out: nothing to compile at start-up, nothing slow per log line.
 * Redact whole texts before shortening them: a cut secret is no longer found.
 */

import { percentEncode } from './percent-encode.js'

export const REDACTED = '***'

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

/** The fewest characters a base64 piece of a secret must have to be looked for (shorter ones are noise). */
const MIN_BASE64_PIECE = 8

/**
 * The part of base64(secret) that is the same wherever the secret sits in a longer encoded text:
 * for each of the three offsets, the characters that carry the secret's bits alone.
 */
function base64Pieces(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  return [0, 1, 2].flatMap((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString('base64')
      .replace(/=+$/, '')
    // Drop the leading characters that mix in the bytes before the secret, and the last one that
    // mixes in the bytes after it (when the length is not a multiple of 3).
    const head = [0, 2, 3][offset]!
    const tail = (offset + bytes.length) % 3 === 0 ? 0 : 1
    const piece = encoded.slice(head, encoded.length - tail)
    if (piece.length < MIN_BASE64_PIECE) return []
    return [piece, piece.replace(/\+/g, '-').replace(/\//g, '_')]
  })
}

/** Every form of `secret` this module looks for. */
export function secretForms(secret: string): string[] {
  const percent = [percentEncode, encodeURIComponent, formEncode].flatMap((encode) => {
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
      [...secret].map((c) => `&#${c.codePointAt(0)};`).join(''),
      ...base64Pieces(secret)
    ])
  ]
}

/** Runs of white space (line breaks among it), NULs, and the escapes a service writes them as. */
const SEPARATORS = /(?:\s|\0|\\[nrt0]|\\u0000)+/g

/** `text` in lower case, one character for one (a character whose lower case is longer stays). */
function lowerKeepingLength(text: string): string {
  const lower = text.toLowerCase()
  if (lower.length === text.length) return lower
  return [...text].map((c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c)).join('')
}

/**
 * `text` without separators and in lower case, and where each of its characters stands in `text`:
 * a secret split by a line break or a NUL, or echoed in another letter case, is found in it whole.
 * Built from slices between separators, so its cost is a few native steps per separator, not a
 * step of ours per character (a manifest line can hold a 100 KiB definition).
 */
function comparable(text: string): { folded: string; at: (index: number) => number } {
  const source = lowerKeepingLength(text)
  const starts: number[] = []
  const origins: number[] = []
  const pieces: string[] = []
  let length = 0
  let last = 0
  const keep = (from: number, to: number) => {
    if (to <= from) return
    starts.push(length)
    origins.push(from)
    pieces.push(source.slice(from, to))
    length += to - from
  }
  for (const separator of source.matchAll(SEPARATORS)) {
    keep(last, separator.index)
    last = separator.index + separator[0].length
  }
  keep(last, source.length)
  const at = (index: number) => {
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (starts[middle]! <= index) low = middle
      else high = middle - 1
    }
    return origins[low]! + (index - starts[low]!)
  }
  return { folded: pieces.join(''), at }
}

export class SecretRegistry {
  private readonly values = new Set<string>()
  /** Every form of every secret, as `comparable` folds text. */
  private forms: string[] = []

  /** Registers a secret (empty values are ignored). */
  add(secret: string): void {
    if (secret === '' || this.values.has(secret)) return
    this.values.add(secret)
    const folded = secretForms(secret).map((form) => comparable(form).folded)
    this.forms = [...new Set([...this.forms, ...folded.filter((form) => form !== '')])]
  }

  get size(): number {
    return this.values.size
  }

  /**
   * `text` with every secret, in every form above, replaced by ***: each stretch of the text that
   * holds one (separators inside it included) becomes one ***. Overlapping finds are one stretch.
   */
  redact(text: string): string {
    if (this.forms.length === 0 || text === '') return text
    const { folded, at } = comparable(text)
    const stretches: [number, number][] = []
    for (const form of this.forms) {
      for (let i = folded.indexOf(form); i >= 0; i = folded.indexOf(form, i + 1)) {
        stretches.push([at(i), at(i + form.length - 1) + 1])
      }
    }
    if (stretches.length === 0) return text
    stretches.sort((a, b) => a[0] - b[0])
    let out = ''
    let from = 0
    for (const [start, end] of stretches) {
      if (end <= from) continue
      out += `${text.slice(from, Math.max(from, start))}${start >= from ? REDACTED : ''}`
      from = end
    }
    return out + text.slice(from)
  }
}
