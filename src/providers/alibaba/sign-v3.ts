/**
 * Alibaba Cloud signature V3 (ACS3-HMAC-SHA256). Pure: request parts and keys in, the
 * Authorization header out.
 * Spec: https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature
 */
import { createHmac } from 'node:crypto'
import { sha256Hex } from '../../http/hash.js'
import { canonicalQuery } from '../../safety/percent-encode.js'

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256'

export interface Acs3Request {
  method: string
  /** `/` for RPC-style APIs. */
  pathname: string
  query: Record<string, string>
  /** Header names in any case; `host`, `content-type` and every `x-acs-*` header are signed. */
  headers: Record<string, string>
  /** Lower-case hex SHA-256 of the exact body bytes (see {@link sha256Hex}). */
  payloadHash: string
}

/** The headers the spec says are signed: host, content-type and x-acs-*, lower-cased and sorted. */
function signedHeaderEntries(headers: Record<string, string>): [string, string][] {
  return Object.entries(headers)
    .map(([name, value]): [string, string] => [name.toLowerCase(), value.trim()])
    .filter(([name]) => name === 'host' || name === 'content-type' || name.startsWith('x-acs-'))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

export function canonicalRequestV3(request: Acs3Request): {
  canonicalRequest: string
  signedHeaders: string
} {
  const entries = signedHeaderEntries(request.headers)
  const signedHeaders = entries.map(([name]) => name).join(';')
  const canonicalHeaders = entries.map(([name, value]) => `${name}:${value}\n`).join('')
  const canonicalRequest = [
    request.method.toUpperCase(),
    request.pathname,
    canonicalQuery(request.query),
    canonicalHeaders,
    signedHeaders,
    request.payloadHash
  ].join('\n')
  return { canonicalRequest, signedHeaders }
}

export function stringToSignV3(canonicalRequest: string): string {
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`
}

/** `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<h1;h2>,Signature=<hex>`. */
export function signAcs3(request: Acs3Request, accessKeyId: string, accessKeySecret: string): string {
  const { canonicalRequest, signedHeaders } = canonicalRequestV3(request)
  const signature = createHmac('sha256', accessKeySecret).update(stringToSignV3(canonicalRequest), 'utf8').digest('hex')
  return `${ACS3_ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`
}
