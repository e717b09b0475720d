/**
 * EnOS API gateway token authentication, as documented for clients that do not use the Poseidon
 * SDKs. Pure: strings in, lower-case hex SHA-256 out.
 * Spec: https://support.enos-iot.com/docs/apim/en/2.4.0/token/index.html (vectors: docs/test-vectors.md)
 */
import { sha256Hex } from '../../http/hash.js'

/** token/get's `encryption`: sha256(appKey + timestamp + appSecret), no separators. */
export function tokenEncryption(appKey: string, timestampMs: number, appSecret: string): string {
  return sha256Hex(`${appKey}${timestampMs}${appSecret}`)
}

/**
 * `paramsData`: every query parameter (decoded), sorted by key in code-unit (ASCII) order, as
 * key + value with no separators, then the request body exactly as sent.
 */
export function paramsData(query: Record<string, string>, body: string): string {
  return (
    Object.keys(query)
      .sort()
      .map((key) => `${key}${query[key]}`)
      .join('') + body
  )
}

/** `apim-signature`: sha256(accessToken + paramsData + timestamp + appSecret). */
export function apimSignature(
  accessToken: string,
  query: Record<string, string>,
  body: string,
  timestampMs: number,
  appSecret: string
): string {
  return sha256Hex(`${accessToken}${paramsData(query, body)}${timestampMs}${appSecret}`)
}
