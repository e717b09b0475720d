/**
 * The floor for the bench: the same V1-signed DeleteFlow as the action sends, from a script that
 * loads nothing but Node's own http and crypto (and flow-ops' pure signer, which uses only
 * crypto). Inputs come the way the action's do, as INPUT_* variables.
 */
import http from 'node:http'
import { signedDeleteFlow } from './lib/delete-flow-query.js'

const input = (name: string): string => process.env[`INPUT_${name.toUpperCase()}`] ?? ''
const { search, body } = signedDeleteFlow(input('access-key-id'), input('access-key-secret'), input('flow-name'))

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
