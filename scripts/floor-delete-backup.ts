/**
 * The floor for one delete with its backup: the three V1-signed calls the action sends for one
 * named flow with `backup: true` (DescribeFlow, ListSchedules, DeleteFlow), one after another, from
 * a script that loads nothing but Node's own http and crypto. Inputs come as INPUT_* variables.
 */
import http from 'node:http'
import { signedCall } from './lib/delete-flow-query.js'

const input = (name: string): string => process.env[`INPUT_${name.toUpperCase()}`] ?? ''

function call(action: string, params: { query?: Record<string, string>; form?: Record<string, string> }) {
  const { method, search, body } = signedCall(input('access-key-id'), input('access-key-secret'), action, params)
  return new Promise<number>((resolve, reject) => {
    const request = http.request(`${input('endpoint')}/?${search}`, {
      method,
      headers:
        method === 'POST'
          ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) }
          : {}
    })
    request.on('error', reject)
    request.on('response', (response) => {
      let text = ''
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
      response.on('end', () => {
        console.log(text)
        resolve(response.statusCode ?? 0)
      })
    })
    request.end(method === 'POST' ? body : undefined)
  })
}

const name = input('flow-name')
const statuses = [
  await call('DescribeFlow', { query: { Name: name } }),
  await call('ListSchedules', { query: { FlowName: name, Limit: '100' } }),
  await call('DeleteFlow', { form: { Name: name } })
]
process.exitCode = statuses.every((status) => status === 200) ? 0 : 1
