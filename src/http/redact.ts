/**
 * Redacted views of requests for debug logs (and the dry-run preview): signatures, tokens and
 * key ids become ***. Values are masked by the runner too; this keeps them out even where a
 * mask cannot reach (a log copied out of the runner, a value split across lines).
 */
import type { HttpRequest } from './send.js'

const SENSITIVE_PARAMS = new Set(['signature', 'securitytoken', 'accesskeyid', 'oidctoken'])
const SENSITIVE_HEADERS = new Set([
  'authorization',
  'x-acs-security-token',
  'x-acs-accesskey-id',
  'apim-accesstoken',
  'apim-signature'
])

export const REDACTED = '***'

/** The URL with sensitive query values replaced by ***; everything else exactly as sent. */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?')
  if (queryAt < 0) return url
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const key = pair.split('=', 1)[0]!
      return SENSITIVE_PARAMS.has(decodeURIComponent(key).toLowerCase()) ? `${key}=${REDACTED}` : pair
    })
  return `${url.slice(0, queryAt)}?${query.join('&')}`
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, SENSITIVE_HEADERS.has(name.toLowerCase()) ? REDACTED : value])
  )
}

/** One line: `POST https://host/?Action=…&Signature=*** {"authorization":"***",…}`. */
export function describeRequest(request: HttpRequest): string {
  return `${request.method} ${redactUrl(request.url)} ${JSON.stringify(redactHeaders(request.headers))}`
}

/** The dry-run preview: the redacted request line, and the body, which carries no secret in these APIs. */
export function previewRequest(request: HttpRequest): string {
  return `${describeRequest(request)}${request.body !== undefined ? ` body: ${request.body}` : ''}`
}
