/**
 * The secrets sweep: every kind of run of the suite (successes, each kind of failure, retries,
 * dry runs, keyless OIDC, a proxy with a password, both operations) with step debug logging on,
 * and everything the action printed or wrote (stdout, stderr, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY)
 * searched for every secret, token and signature that existed during the run.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { ENOS_EMULATOR_USER, EnosEmulator } from '../../emulators/enos-emulator.js'
import { FnfEmulator } from '../../emulators/fnf-emulator.js'
import type { RecordedRequest } from '../../emulators/loopback-emulator.js'
import { StsEmulator } from '../../emulators/sts-emulator.js'
import { startConnectProxy, type ConnectProxy } from '../helpers/connect-proxy.js'
import { startIdTokenServer, type IdTokenServer } from '../helpers/id-token-server.js'
import { leaksOf, runAction, type ActionRun } from '../helpers/run-action.js'

const KEY = { accessKeyId: 'sweep-key-id-7f3a9c', accessKeySecret: 'sweep-key-secret-Zm9vYmFy' }
const STS_KEY = {
  accessKeyId: 'STS.sweep-sts-id-41b2',
  accessKeySecret: 'sweep-sts-secret-YmF6',
  securityToken: 'CAISsweep+token/=x9'
}
const APP = { appKey: 'sweep-app-key-2c81', appSecret: 'sweep-app-secret-cXV4' }
const PROXY_PASSWORD = 'sweep-proxy-pa55'
const ROLE_ARN = 'acs:ram::1234567890123456:role/sweep'
const PROVIDER_ARN = 'acs:ram::1234567890123456:oidc-provider/github'
const DEBUG = { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' }

let fnf: FnfEmulator
let enos: EnosEmulator
let sts: StsEmulator
let idTokens: IdTokenServer
let proxy: ConnectProxy
beforeAll(async () => {
  fnf = await new FnfEmulator({ accounts: [KEY, STS_KEY] }).start()
  enos = await new EnosEmulator({ apps: [APP] }).start()
  sts = await new StsEmulator({
    roles: [{ roleArn: ROLE_ARN, oidcProviderArn: PROVIDER_ARN, audiences: ['sts.aliyuncs.com'] }],
    onIssue: (credentials) => fnf.addAccount(credentials)
  }).start()
  idTokens = await startIdTokenServer()
  proxy = await startConnectProxy()
})
afterAll(async () => {
  await proxy.stop()
  await idTokens.stop()
  await sts.stop()
  await enos.stop()
  await fnf.stop()
})

/** Every signature, token and key that crossed the wire, read back from the emulators' records. */
function wireSecrets(requests: RecordedRequest[]): string[] {
  const found: string[] = []
  for (const { raw } of requests) {
    const url = new URL(raw.url, 'http://x')
    for (const name of ['Signature', 'SecurityToken', 'AccessKeyId']) {
      const value = url.searchParams.get(name)
      if (value) found.push(value)
    }
    const authorization = String(raw.headers['authorization'] ?? '')
    const v3 = /Signature=([0-9a-f]{64})/.exec(authorization)?.[1]
    if (v3) found.push(v3)
    for (const header of ['x-acs-security-token', 'apim-accesstoken', 'apim-signature']) {
      const value = raw.headers[header]
      if (typeof value === 'string' && value) found.push(value)
    }
    const body = new URLSearchParams(raw.body)
    const oidcToken = body.get('OIDCToken')
    if (oidcToken) found.push(oidcToken)
    try {
      const encryption = (JSON.parse(raw.body) as Record<string, unknown>)['encryption']
      if (typeof encryption === 'string') found.push(encryption)
    } catch {
      // not JSON
    }
  }
  return found
}

const flow = (extra: Record<string, string> = {}) => ({
  operation: 'delete',
  'flow-name': 'sweep-flow',
  region: 'cn-hangzhou',
  endpoint: fnf.url,
  'access-key-id': KEY.accessKeyId,
  'access-key-secret': KEY.accessKeySecret,
  ...extra
})
/** A keyless delete: no access keys, the role and provider ARNs, STS at the emulator. */
const keyless = (extra: Record<string, string> = {}) =>
  flow({
    'access-key-id': '',
    'access-key-secret': '',
    'role-arn': ROLE_ARN,
    'oidc-provider-arn': PROVIDER_ARN,
    'sts-endpoint': sts.url,
    ...extra
  })
const cancel = (extra: Record<string, string> = {}) => ({
  operation: 'cancel',
  'flow-instance-id': '1-1',
  'apigw-url': enos.url,
  'app-key': APP.appKey,
  'app-secret': APP.appSecret,
  'org-id': ENOS_EMULATOR_USER.orgId,
  'user-id': ENOS_EMULATOR_USER.userId,
  ...extra
})

const SCENARIOS: [string, () => Promise<ActionRun>][] = [
  ['delete, V1', () => runAction(flow(), { env: DEBUG })],
  ['delete, V3', () => runAction(flow({ 'signature-version': 'v3' }), { env: DEBUG })],
  [
    'delete, STS key and token, V1',
    () =>
      runAction(
        flow({
          'access-key-id': STS_KEY.accessKeyId,
          'access-key-secret': STS_KEY.accessKeySecret,
          'security-token': STS_KEY.securityToken
        }),
        { env: DEBUG }
      )
  ],
  [
    'delete, STS key and token, V3',
    () =>
      runAction(
        flow({
          'access-key-id': STS_KEY.accessKeyId,
          'access-key-secret': STS_KEY.accessKeySecret,
          'security-token': STS_KEY.securityToken,
          'signature-version': 'v3'
        }),
        { env: DEBUG }
      )
  ],
  ['delete, flow not found', () => runAction(flow({ 'flow-name': 'missing' }), { env: DEBUG })],
  ['delete, wrong secret', () => runAction(flow({ 'access-key-secret': 'wrong-sweep-secret' }), { env: DEBUG })],
  ['delete, unknown key', () => runAction(flow({ 'access-key-id': 'unknown-sweep-id' }), { env: DEBUG })],
  [
    'delete, 503 then retried',
    () => (
      fnf.injectFault({ fault: { kind: 'error', status: 503, code: 'ServiceUnavailable' } }),
      runAction(flow(), { env: DEBUG })
    )
  ],
  [
    'delete, answers an HTML page',
    () => (
      fnf.injectFault({ fault: { kind: 'html', status: 502 }, times: 3 }),
      runAction(flow({ 'max-attempts': '1' }), { env: DEBUG })
    )
  ],
  ['delete, bad input', () => runAction(flow({ 'flow-name': 'bad name' }), { env: DEBUG })],
  [
    'delete, dry run',
    () => runAction(flow({ 'dry-run': 'true', 'security-token': STS_KEY.securityToken }), { env: DEBUG })
  ],
  ['delete, wait', () => runAction(flow({ wait: 'true' }), { env: DEBUG })],
  ['delete, keyless OIDC', () => runAction(keyless(), { env: { ...DEBUG, ...idTokens.env } })],
  [
    'delete, keyless OIDC refused',
    () => runAction(keyless({ 'oidc-audience': 'other' }), { env: { ...DEBUG, ...idTokens.env } })
  ],
  [
    'delete, through a proxy with a password',
    () =>
      runAction(flow(), {
        env: { ...DEBUG, HTTP_PROXY: proxy.url.replace('http://', `http://runner:${PROXY_PASSWORD}@`) }
      })
  ],
  ['cancel', () => runAction(cancel(), { env: DEBUG })],
  ['cancel, wait', () => runAction(cancel({ wait: 'true' }), { env: DEBUG })],
  ['cancel, not the owner', () => runAction(cancel({ 'user-id': 'u-nobody' }), { env: DEBUG })],
  ['cancel, wrong secret', () => runAction(cancel({ 'app-secret': 'wrong-sweep-app-secret' }), { env: DEBUG })],
  [
    'cancel, token refused (401) twice',
    () => (
      enos.injectFault({ action: 'cancel', fault: { kind: 'error', status: 401, code: 'gateway' }, times: 2 }),
      runAction(cancel(), { env: DEBUG })
    )
  ],
  ['cancel, dry run', () => runAction(cancel({ 'dry-run': 'true' }), { env: DEBUG })]
]

describe('no secret, token or signature in anything the action prints or writes', () => {
  it(`across ${SCENARIOS.length} scenarios with step debug logging on`, async () => {
    let checked = 0
    const leaks: string[] = []
    for (const [name, scenario] of SCENARIOS) {
      fnf.addFlow('sweep-flow')
      enos.addInstance('1-1')
      const before = {
        fnf: fnf.requests.length,
        enos: enos.requests.length,
        sts: sts.requests.length,
        ids: idTokens.issued.length
      }
      const run = await scenario()
      const secrets = [
        KEY.accessKeySecret,
        STS_KEY.accessKeySecret,
        STS_KEY.securityToken,
        APP.appSecret,
        PROXY_PASSWORD,
        ...sts.issued.flatMap((c) => [c.accessKeyId, c.accessKeySecret, c.securityToken]),
        ...idTokens.issued.slice(before.ids),
        ...wireSecrets(fnf.requests.slice(before.fnf)),
        ...wireSecrets(enos.requests.slice(before.enos)),
        ...wireSecrets(sts.requests.slice(before.sts))
      ].filter((s) => s.length >= 8)
      checked += secrets.length
      leaks.push(...leaksOf(run, secrets).map((leak) => `${name}: ${leak}`))
    }
    process.stdout.write(
      `secrets sweep: ${SCENARIOS.length} scenarios, ${checked} secret values checked, ${leaks.length} found\n`
    )
    expect(leaks).toEqual([])
    expect(checked).toBeGreaterThan(100)
  }, 120_000)
})
