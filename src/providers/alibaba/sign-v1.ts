/**
 * Alibaba Cloud RPC signature V1 (HMAC-SHA1, SignatureVersion=1.0), the scheme every official
 * fnf SDK pins. Pure: parameters and secret in, signature out.
 * Spec: https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism
 */
import { createHmac } from 'node:crypto'
import { canonicalQuery, percentEncode } from '../../safety/percent-encode.js'

/** The string to sign: METHOD&%2F&percentEncode(canonical query of every parameter but Signature). */
export function stringToSignV1(method: string, params: Record<string, string>): string {
  const signed = { ...params }
  delete signed['Signature']
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(signed))}`
}

/** Base64 HMAC-SHA1 keyed with `secret + "&"`, as the spec and the SDKs do. */
export function signRpcV1(method: string, params: Record<string, string>, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSignV1(method, params), 'utf8').digest('base64')
}
