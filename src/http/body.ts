/** Reading API bodies of any shape without throwing: JSON objects, fields, and what is not JSON. */
import type { AttemptFailure, AttemptResult, Transience } from './attempt.js'
import { parseRetryAfterMs } from './retry.js'
import type { HttpResponse } from './send.js'

/** The body as a JSON object, or undefined when it is not one (HTML, truncated JSON, an array…). */
export function parseJsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body)
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** The first of `names` that holds a non-empty string or a number, as a string. */
export function stringField(body: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = body[name]
    if (typeof value === 'string' && value !== '') return value
    if (typeof value === 'number') return String(value)
  }
  return undefined
}

/** How much of a body is read to describe it: enough for any message, bounded for a huge page. */
const DESCRIBED_BODY = 64 * 1024

/**
 * A single-line description of a body that is not a JSON object (an HTML page from a gateway, or
 * JSON of another shape). Not shortened here: the exchange redacts secrets in the whole of it
 * first, then shortens it (exchange.ts).
 */
export function describeNonJsonBody(response: HttpResponse): string {
  const contentType = response.headers['content-type']?.split(';')[0] ?? 'no content type'
  const body = response.body.slice(0, DESCRIBED_BODY)
  if (body.trim() === '') return `an empty body (${contentType})`
  const shape = jsonShape(response.body)
  const title = shape ? undefined : /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]
  const text = (title ?? (shape ? body : body.replace(/<[^>]*>/g, ' ')))
    // eslint-disable-next-line no-control-regex -- a body's excerpt is shown on one line
    .replace(/[\u0000-\u001f\u007f\s]+/g, ' ')
    .trim()
  return shape
    ? `a JSON body of the wrong shape (${shape}, not an object): "${text}"`
    : `a body that is not JSON (${contentType}): "${text}"`
}

/** What JSON that is not an object is ("an array", "a string"), or undefined when the body is not JSON. */
function jsonShape(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body)
    if (Array.isArray(parsed)) return 'an array'
    if (parsed === null) return 'null'
    return typeof parsed === 'object' ? undefined : `a ${typeof parsed}`
  } catch {
    return undefined
  }
}

/**
 * A failed attempt read from an answer: transience from the provider's classifier unless given,
 * Retry-After honoured, and "may have landed" for a 5xx (raised, perhaps, after the work was done;
 * a 4xx was refused up front) unless given.
 */
export function responseFailure(
  fields: Omit<AttemptFailure, 'transience' | 'mayHaveLanded'> & Partial<AttemptFailure>,
  response: HttpResponse,
  nowMs: number,
  classify: (code: string, httpStatus: number | undefined) => Transience
): AttemptResult<never> {
  const retryAfterMs = parseRetryAfterMs(response.headers['retry-after'], nowMs)
  return {
    ok: false,
    failure: {
      ...fields,
      transience: fields.transience ?? classify(fields.code, fields.httpStatus),
      mayHaveLanded: fields.mayHaveLanded ?? response.status >= 500,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {})
    }
  }
}
