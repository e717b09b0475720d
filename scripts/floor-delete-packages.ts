/**
 * A second floor for the bench's delete: the same V1-signed DeleteFlow as floor-delete.ts, sent
 * with the packages the action's design names (node-fetch for HTTP, @actions/core for the input,
 * the mask and the output) and nothing else. What flow-ops costs over this one is its own code;
 * what this costs over floor-delete.ts is those packages.
 */
import { randomUUID } from 'node:crypto'
import * as core from '@actions/core'
import fetch from 'node-fetch'
import { percentEncode } from '../src/alibaba/percent-encode.js'
import { signRpcV1 } from '../src/alibaba/sign-v1.js'

const secret = core.getInput('access-key-secret')
core.setSecret(secret)
const name = core.getInput('flow-name')
const query: Record<string, string> = {
  Action: 'DeleteFlow',
  Format: 'json',
  Version: '2019-03-15',
  Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  SignatureNonce: randomUUID().replace(/-/g, ''),
  SignatureMethod: 'HMAC-SHA1',
  SignatureVersion: '1.0',
  AccessKeyId: core.getInput('access-key-id')
}
query['Signature'] = signRpcV1('POST', { ...query, Name: name }, secret)
const search = Object.entries(query)
  .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
  .join('&')

const response = await fetch(`${core.getInput('endpoint')}/?${search}`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: `Name=${percentEncode(name)}`
})
const answer = (await response.json()) as { RequestId?: string }
core.setOutput('request-id', answer.RequestId ?? '')
if (response.status !== 200) core.setFailed(`DeleteFlow answered HTTP ${response.status}`)
