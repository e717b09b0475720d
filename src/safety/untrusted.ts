/**
 * Text from a service (messages, request ids, header values, bodies) is untrusted: a line break
 * in it would start a new log line that the runner executes (`::add-mask::`, `::error::`,
 * `::stop-commands::`), the runner's legacy `##[command]` form is recognised anywhere in a line,
 * and in the job summary a blank line would end the HTML and let markdown (`![x](…)`, links)
 * render. These functions make such text inert wherever it goes.
 */

// C0 and C1 controls, DEL, the Unicode line and paragraph separators, bidirectional overrides
// (which can make a log line read differently from what it holds) and the byte-order mark.
const UNSAFE_SET = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ufeff'
const UNSAFE_CHARACTERS = new RegExp(`[${UNSAFE_SET}]`, 'g')

/**
 * Whether `text` holds any of those characters: one set for what is refused in an input and what
 * is escaped in text from a service.
 */
export const CONTROL_CHARACTERS = new RegExp(`[${UNSAFE_SET}]`)

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/**
 * One line with nothing the runner could act on: control characters shown as escapes (`\n`,
 * `\u001b`), and the legacy `##[` command marker broken up.
 */
export function neutralise(text: string): string {
  return text
    .replace(UNSAFE_CHARACTERS, (c) => NAMED_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/##\[/g, '##\\[')
}

/** A whole log line: neutralised, and never starting with `::`, so the runner reads it as text. */
export function safeLogLine(text: string): string {
  const line = neutralise(text)
  return /^\s*::/.test(line) ? `\\${line}` : line
}

/**
 * Text for the job summary (HTML that GitHub renders as markdown): neutralised, then every
 * character that HTML or markdown gives a meaning escaped as a character reference, so that
 * nothing in it can open a tag, a link, an image, emphasis or code.
 */
export function summaryText(text: string): string {
  return neutralise(text).replace(/[&<>"'`[\]()!*_~|\\#{}]/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * `text` cut to `cap` characters, saying so; undefined stays undefined. A cut never falls inside a
 * redacted `***`: the whole run goes. Redact before shortening: a cut secret is no longer found.
 */
export function shorten(text: string | undefined, cap: number): string | undefined {
  if (text === undefined || text.length <= cap) return text
  let end = cap
  while (end > 0 && text[end] === '*' && text[end - 1] === '*') end--
  return `${text.slice(0, end)}… (shortened)`
}
