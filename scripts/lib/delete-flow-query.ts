/**
 * The bench floors' DeleteFlow: the query string of the same V1-signed request the action sends
 * (built with flow-ops' pure signer, which uses only node:crypto), and its form body.
 */
import { randomUUID } from 'node:crypto'
import { percentEncode } from '../../src/safety/percent-encode.js'
import { signRpcV1 } from '../../src/providers/alibaba/sign-v1.js'

export function signedDeleteFlow(
  accessKeyId: string,
  accessKeySecret: string,
  flowName: string
): { search: string; body: string } {
  const query: Record<string, string> = {
    Action: 'DeleteFlow',
    Format: 'json',
    Version: '2019-03-15',
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    SignatureNonce: randomUUID().replace(/-/g, ''),
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    AccessKeyId: accessKeyId
  }
  query['Signature'] = signRpcV1('POST', { ...query, Name: flowName }, accessKeySecret)
  const search = Object.entries(query)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&')
  return { search, body: `Name=${percentEncode(flowName)}` }
}
