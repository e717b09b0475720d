/**
 * A service that echoes what it was sent, through dist/index.js with step debug logging on: Alibaba's
 * SignatureDoesNotMatch repeats its string to sign (SecurityToken and AccessKeyId percent-encoded
 * twice), and a compromised endpoint may echo any secret in any encoding. None of them may reach
 * stdout, stderr, GITHUB_OUTPUT or the job summary, for either operation or for keyless mode.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { ENOS_EMULATOR_USER, EnosEmulator } from '../../emulators/enos-emulator.js'
import { FnfEmulator } from '../../emulators/fnf-emulator.js'
import type { ReceivedRequest } from '../../emulators/loopback-emulator.js'
import { StsEmulator } from '../../emulators/sts-emulator.js'
import { canonicalQuery, percentEncode } from '../../src/safety/percent-encode.js'
import { startIdTokenServer, type IdTokenServer } from '../helpers/id-token-server.js'
import { leaksOf, runAction, secretForms } from '../helpers/run-action.js'

const STS_KEY = {
  accessKeyId: 'STS.echo-sts-id-8c1f',
  accessKeySecret: 'echo-sts-secret-Zm9v',
  securityToken: 'CAISecho+token/with=chars&more~x'
}
// Characters that every encoding changes, so that each form is really another string.
const APP = { appKey: 'echo-app-key/77ab+', appSecret: 'echo/app+secret=cXV4&~' }
const ROLE_ARN = 'acs:ram::1234567890123456:role/echo'
const PROVIDER_ARN = 'acs:ram::1234567890123456:oidc-provider/github'
const DEBUG = { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' }

let fnf: FnfEmulator
let enos: EnosEmulator
let sts: StsEmulator
let idTokens: IdTokenServer
beforeAll(async () => {
  fnf = await new FnfEmulator({ accounts: [STS_KEY], flows: ['echo-flow'] }).start()
  enos = await new EnosEmulator({ apps: [APP], instances: ['1-1'] }).start()
  enos.tokenValue = 'AT.echo/token+value=='
  sts = await new StsEmulator({
    roles: [{ roleArn: ROLE_ARN, oidcProviderArn: PROVIDER_ARN, audiences: ['sts.aliyuncs.com'] }],
    onIssue: (credentials) => fnf.addAccount(credentials)
  }).start()
  idTokens = await startIdTokenServer()
})
afterAll(async () => {
  await idTokens.stop()
  await sts.stop()
  await enos.stop()
  await fnf.stop()
})

/** The request's parameters, query and form body together, as the gateway reads them. */
function rpcParams(request: ReceivedRequest): Record<string, string> {
  return { ...Object.fromEntries(request.url.searchParams), ...Object.fromEntries(new URLSearchParams(request.body)) }
}

/** Alibaba's real SignatureDoesNotMatch message: it repeats the server's string to sign. */
function signatureDoesNotMatch(request: ReceivedRequest): string {
  const { Signature: _signature, ...signed } = rpcParams(request)
  return `Specified signature is not matched with our calculation. server string to sign is:${request.method}&${percentEncode('/')}&${percentEncode(canonicalQuery(signed))}`
}

/** A message that holds every given value in every form a service could echo it in. */
function echoing(values: () => string[]): (request: ReceivedRequest) => string {
  return () => `Echo of what was sent: ${values().flatMap(secretForms).join(' | ')}`
}

const deleteInputs = (extra: Record<string, string> = {}) => ({
  operation: 'delete',
  'flow-name': 'echo-flow',
  region: 'cn-hangzhou',
  endpoint: fnf.url,
  'access-key-id': STS_KEY.accessKeyId,
  'access-key-secret': STS_KEY.accessKeySecret,
  'security-token': STS_KEY.securityToken,
  ...extra
})
const STS_SECRETS = [STS_KEY.accessKeyId, STS_KEY.accessKeySecret, STS_KEY.securityToken]

describe('secrets a service echoes back never escape', () => {
  it("Alibaba's SignatureDoesNotMatch, which repeats the string to sign with the token encoded twice", async () => {
    fnf.injectFault({
      action: 'DeleteFlow',
      fault: { kind: 'error', status: 400, code: 'SignatureDoesNotMatch', message: signatureDoesNotMatch }
    })
    const run = await runAction(deleteInputs(), { env: DEBUG })
    expect(run.code).toBe(1)
    expect(run.outputs['error-code']).toBe('SignatureDoesNotMatch')
    // The string to sign is left out, with a note; the hint says what to check.
    expect(run.outputs['error-message']).toBe(
      "Specified signature is not matched with our calculation. server string to sign is: (left out here: it repeats the request's parameters, credentials among them)"
    )
    expect(run.errors[0]).toContain("Check that 'access-key-secret' belongs to 'access-key-id'")
    expect(leaksOf(run, STS_SECRETS)).toEqual([])
  })

  it.each(['v1', 'v3'])(
    'delete (%s): every credential echoed in every encoding, in the message and the request id',
    async (version) => {
      fnf.injectFault({
        action: 'DeleteFlow',
        fault: {
          kind: 'error',
          status: 403,
          code: 'InvalidAccessKeyID',
          message: echoing(() => STS_SECRETS),
          requestId: `R-${percentEncode(percentEncode(STS_KEY.securityToken))}`
        }
      })
      const run = await runAction(deleteInputs({ 'signature-version': version }), { env: DEBUG })
      expect(run.code).toBe(1)
      expect(run.outputs['error-message']).toContain('Echo of what was sent: ***')
      expect(run.outputs['request-id']).toBe('R-***')
      expect(leaksOf(run, STS_SECRETS)).toEqual([])
    }
  )

  it('keyless: STS echoing the job’s OIDC token; then the service echoing the temporary credentials', async () => {
    const keyless = deleteInputs({
      'access-key-id': '',
      'access-key-secret': '',
      'security-token': '',
      'role-arn': ROLE_ARN,
      'oidc-provider-arn': PROVIDER_ARN,
      'sts-endpoint': sts.url
    })
    const env = { ...DEBUG, ...idTokens.env }
    const issuedBefore = idTokens.issued.length
    sts.injectFault({
      fault: {
        kind: 'error',
        status: 401,
        code: 'AuthenticationFail.OIDCToken.Invalid',
        message: (request) => echoing(() => [rpcParams(request)['OIDCToken'] ?? ''])(request)
      }
    })
    const refused = await runAction(keyless, { env })
    expect(refused.code).toBe(1)
    expect(refused.outputs['error-code']).toBe('AuthenticationFail.OIDCToken.Invalid')
    const oidcTokens = idTokens.issued.slice(issuedBefore)
    expect(oidcTokens).toHaveLength(1)
    expect(leaksOf(refused, oidcTokens)).toEqual([])

    const issued = sts.issued.length
    fnf.injectFault({
      action: 'DeleteFlow',
      fault: {
        kind: 'error',
        status: 403,
        code: 'InvalidAccessKeyID',
        message: echoing(() => {
          const credentials = sts.issued.slice(issued)
          return credentials.flatMap((c) => [c.accessKeyId, c.accessKeySecret, c.securityToken])
        })
      }
    })
    const echoed = await runAction(keyless, { env })
    expect(echoed.code).toBe(1)
    expect(echoed.outputs['error-message']).toContain('Echo of what was sent: ***')
    const credentials = sts.issued.slice(issued).flatMap((c) => [c.accessKeyId, c.accessKeySecret, c.securityToken])
    expect(credentials).toHaveLength(3)
    expect(leaksOf(echoed, [...credentials, ...idTokens.issued.slice(issuedBefore)])).toEqual([])
  })

  it('cancel: the access token, app key and secret echoed in every encoding, by the service and by the gateway', async () => {
    const token = () => {
      const request = enos.requests.filter((r) => r.action === 'cancel').pop()
      return String(request?.raw.headers['apim-accesstoken'] ?? '')
    }
    const inputs = {
      operation: 'cancel',
      'flow-instance-id': '1-1',
      'apigw-url': enos.url,
      'app-key': APP.appKey,
      'app-secret': APP.appSecret,
      'org-id': ENOS_EMULATOR_USER.orgId,
      'user-id': ENOS_EMULATOR_USER.userId
    }
    for (const fault of [
      {
        kind: 'error' as const,
        status: 200,
        code: '62103',
        message: echoing(() => [token(), APP.appKey, APP.appSecret])
      },
      {
        kind: 'error' as const,
        status: 403,
        code: 'gateway',
        message: echoing(() => [token(), APP.appKey, APP.appSecret])
      }
    ]) {
      enos.addInstance('1-1')
      enos.injectFault({ action: 'cancel', fault: { ...fault, requestId: `r-${encodeURIComponent(APP.appSecret)}` } })
      const run = await runAction(inputs, { env: DEBUG })
      expect(run.code).toBe(1)
      expect(run.outputs['error-message']).toContain('Echo of what was sent: ***')
      expect(token()).toBe('AT.echo/token+value==')
      expect(leaksOf(run, [token(), APP.appKey, APP.appSecret])).toEqual([])
    }
  })
})
