/**
 * The floor for the bench: the same V1-signed DeleteFlow as the action sends, from a script that
 * loads nothing but Node's own http and crypto (and flow-ops' pure signer, which uses only
 * crypto). Inputs come the way the action's do, as INPUT_* variables.
 */
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import { percentEncode } from '../src/alibaba/percent-encode.js'
import { signRpcV1 } from '../src/alibaba/sign-v1.js'

const input = (name: string): string => process.env[`INPUT_${name.toUpperCase()}`] ?? ''
const query: Record<string, string> = {
  Action: 'DeleteFlow',
  Format: 'json',
  Version: '2019-03-15',
  Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  SignatureNonce: randomUUID().replace(/-/g, ''),
  SignatureMethod: 'HMAC-SHA1',
  SignatureVersion: '1.0',
  AccessKeyId: input('access-key-id')
}
const body = `Name=${percentEncode(input('flow-name'))}`
query['Signature'] = signRpcV1('POST', { ...query, Name: input('flow-name') }, input('access-key-secret'))
const search = Object.entries(query)
  .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
  .join('&')

const request = http.request(`${input('endpoint')}/?${search}`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) }
})
request.on('response', (response) => {
  let text = ''
  response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
  response.on('end', () => {
    console.log(text)
    process.exitCode = response.statusCode === 200 ? 0 : 1
  })
})
request.end(body)
