/**
 * Every secret of the run, and a redactor that finds them in any text in the forms a service can
 * echo them in: as given, percent-encoded once or twice (upper or lower-case hex, with or without
 * RFC 3986's extra escapes), JSON-escaped (`\/`, `\uXXXX`), form-encoded (`+` for a space) or as
 * HTML character references. The runner masks only the value as given; Alibaba's
 * SignatureDoesNotMatch message, for one, repeats the string to sign with the SecurityToken
 * percent-encoded twice.
 */

export const REDACTED = '***'

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

/** A hex byte matched in either case: 2f → [2][fF]. */
function hexPattern(value: number, digits: number): string {
  return [...value.toString(16).padStart(digits, '0')]
    .map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d))
    .join('')
}

/** Every way one character of a secret may come back. */
function characterPattern(char: string): string {
  const code = char.codePointAt(0)!
  const bytes = [...Buffer.from(char, 'utf8')]
  const alternatives = new Set<string>([
    escapeRegExp(char),
    bytes.map((b) => `%${hexPattern(b, 2)}`).join(''),
    bytes.map((b) => `%25${hexPattern(b, 2)}`).join(''),
    `&#${code};`,
    `&#[xX]${hexPattern(code, 1)};`
  ])
  if (code <= 0xffff) alternatives.add(`\\\\[uU]${hexPattern(code, 4)}`)
  if (char === '/') alternatives.add('\\\\/')
  if (char === '"' || char === '\\') alternatives.add(`\\\\${escapeRegExp(char)}`)
  if (char === ' ') alternatives.add('\\+')
  // Longest first: a literal backslash must not stop the match short of `\\` or `\u005c`.
  return `(?:${[...alternatives].sort((a, b) => b.length - a.length).join('|')})`
}

export class SecretRegistry {
  private readonly values = new Set<string>()
  private pattern: RegExp | undefined

  /** Registers a secret (empty values are ignored). */
  add(secret: string): void {
    if (secret === '' || this.values.has(secret)) return
    this.values.add(secret)
    this.pattern = undefined
  }

  get size(): number {
    return this.values.size
  }

  /** `text` with every secret, in every form above, replaced by ***. */
  redact(text: string): string {
    if (this.values.size === 0) return text
    this.pattern ??= new RegExp(
      // Longest first, so that a secret containing another is replaced whole.
      [...this.values]
        .sort((a, b) => b.length - a.length)
        .map((secret) => [...secret].map(characterPattern).join(''))
        .join('|'),
      'g'
    )
    return text.replace(this.pattern, REDACTED)
  }
}
