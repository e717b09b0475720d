/**
 * The bench floors' requests: the query string of the same V1-signed RPC calls the action sends
 * (built with flow-ops' pure signer, which uses only node:crypto), and their form bodies.
 */
import { randomUUID } from 'node:crypto'
import { percentEncode } from '../../src/safety/percent-encode.js'
import { signRpcV1 } from '../../src/providers/alibaba/sign-v1.js'

const encoded = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&')

/** One signed call: business parameters in the query (`query`) or the form body (`form`), as the action places them. */
export function signedCall(
  accessKeyId: string,
  accessKeySecret: string,
  action: string,
  { query: own = {}, form = {} }: { query?: Record<string, string>; form?: Record<string, string> }
): { method: 'GET' | 'POST'; search: string; body: string } {
  const method = Object.keys(form).length > 0 ? 'POST' : 'GET'
  const query: Record<string, string> = {
    Action: action,
    Format: 'json',
    Version: '2019-03-15',
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    SignatureNonce: randomUUID().replace(/-/g, ''),
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    AccessKeyId: accessKeyId,
    ...own
  }
  query['Signature'] = signRpcV1(method, { ...query, ...form }, accessKeySecret)
  return { method, search: encoded(query), body: encoded(form) }
}

export function signedDeleteFlow(
  accessKeyId: string,
  accessKeySecret: string,
  flowName: string
): { search: string; body: string } {
  return signedCall(accessKeyId, accessKeySecret, 'DeleteFlow', { form: { Name: flowName } })
}
