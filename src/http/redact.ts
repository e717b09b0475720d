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

export function redactUrl(url: string): string {
  const parsed = new URL(url)
  for (const key of [...parsed.searchParams.keys()]) {
    if (SENSITIVE_PARAMS.has(key.toLowerCase())) parsed.searchParams.set(key, REDACTED)
  }
  return parsed.href
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
