/**
 * The floor for the bench's cancel: the same token request and signed cancel as the action sends,
 * from a script that loads nothing but Node's own http and crypto (and flow-ops' pure EnOS signer,
 * which uses only crypto). Inputs come the way the action's do, as INPUT_* variables.
 */
import http from 'node:http'
import { apimSignature, tokenEncryption } from '../src/providers/enos/sign.js'

const input = (name: string): string => process.env[`INPUT_${name.toUpperCase()}`] ?? ''
const apigw = input('apigw-url')

function post(url: string, body: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json;charset=UTF-8',
        'content-length': Buffer.byteLength(body),
        ...headers
      }
    })
    request.on('response', (response) => {
      let text = ''
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
      response.on('end', () => resolve(text))
    })
    request.on('error', reject)
    request.end(body)
  })
}

const appKey = input('app-key')
const appSecret = input('app-secret')
const timestamp = Date.now()
const tokenAnswer = JSON.parse(
  await post(
    `${apigw}/apim-token-service/v2.0/token/get`,
    JSON.stringify({ appKey, encryption: tokenEncryption(appKey, timestamp, appSecret), timestamp }),
    {}
  )
) as { data: { accessToken: string } }
const token = tokenAnswer.data.accessToken
const query = { action: 'cancel', userId: input('user-id'), orgId: input('org-id') }
const body = JSON.stringify({ flowInstId: input('flow-instance-id') })
const signedAt = Date.now()
const answer = await post(
  `${apigw}/batch-processing-service/v2.1/flowInstances?action=cancel&userId=${query.userId}&orgId=${query.orgId}`,
  body,
  {
    'apim-accesstoken': token,
    'apim-signature': apimSignature(token, query, body, signedAt, appSecret),
    'apim-timestamp': String(signedAt)
  }
)
console.log(answer)
process.exitCode = (JSON.parse(answer) as { code: number }).code === 0 ? 0 : 1
