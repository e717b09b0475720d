/**
 * The runner's OIDC token endpoint, on 127.0.0.1: what ACTIONS_ID_TOKEN_REQUEST_URL points at when
 * a job has `permissions: id-token: write`. It answers GET …&audience=X, with the request token as
 * a bearer, with {"value": <JWT for audience X>}. The JWT is unsigned-looking but shaped as GitHub's.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { GITHUB_OIDC_ISSUER } from '../../emulators/sts-emulator.js'

export interface IdTokenServer {
  /** How many requests reached the endpoint. */
  requests: () => number
  /** The environment a job with id-token: write has. */
  env: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string }
  /** Every token handed out. */
  issued: string[]
  audiences: string[]
  stop: () => Promise<void>
}

const REQUEST_TOKEN = 'runner-request-token-for-id-token'
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

export async function startIdTokenServer(
  subject = 'repo:octo-org/teardown:ref:refs/heads/main',
  /** Accept every request and never answer (a runner endpoint that hangs). */
  { hang = false }: { hang?: boolean } = {}
): Promise<IdTokenServer> {
  const issued: string[] = []
  const audiences: string[] = []
  let requests = 0
  const server = http.createServer((req, res) => {
    requests++
    if (hang) return
    const url = new URL(req.url ?? '/', 'http://runner')
    if (req.headers.authorization !== `Bearer ${REQUEST_TOKEN}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"bad request token"}')
      return
    }
    const audience = url.searchParams.get('audience') ?? 'https://github.com/octo-org'
    audiences.push(audience)
    const now = Math.floor(Date.now() / 1000)
    const token = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'emulated' })}.${b64({
      iss: GITHUB_OIDC_ISSUER,
      aud: audience,
      sub: subject,
      repository: 'octo-org/teardown',
      iat: now,
      nbf: now - 5,
      exp: now + 300
    })}.${Buffer.from(`signature-${issued.length}`).toString('base64url')}`
    issued.push(token)
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: 1, value: token }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/_apis/distributedtask/hubs/build/plans/1/jobs/1/idtoken?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN
    },
    issued,
    audiences,
    requests: () => requests,
    stop: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}
