/** An answer as sendHttp returns it: JSON by default, with any headers added. */
import type { HttpResponse } from '../../src/http/send.js'

export function response(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return { status, statusText: '', headers: { 'content-type': 'application/json', ...headers }, body }
}
