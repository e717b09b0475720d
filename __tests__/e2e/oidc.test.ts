/**
 * Keyless authentication through dist/index.js: the runner's OIDC token endpoint, STS and fnf, all
 * on 127.0.0.1, the way a job with `permissions: id-token: write` sees them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { FnfEmulator } from '../../emulators/fnf-emulator.js'
import { StsEmulator } from '../../emulators/sts-emulator.js'
import { startIdTokenServer, type IdTokenServer } from '../helpers/id-token-server.js'
import { leaksOf, runAction } from '../helpers/run-action.js'

const ROLE_ARN = 'acs:ram::1234567890123456:role/github-teardown'
const PROVIDER_ARN = 'acs:ram::1234567890123456:oidc-provider/github'

let fnf: FnfEmulator
let sts: StsEmulator
let idTokens: IdTokenServer
beforeAll(async () => {
  fnf = await new FnfEmulator({ accounts: [] }).start()
  sts = await new StsEmulator({
    roles: [
      {
        roleArn: ROLE_ARN,
        oidcProviderArn: PROVIDER_ARN,
        audiences: ['sts.aliyuncs.com'],
        subjectPrefix: 'repo:octo-org/'
      }
    ],
    onIssue: (credentials) => fnf.addAccount(credentials)
  }).start()
  idTokens = await startIdTokenServer()
})
afterAll(async () => {
  await idTokens.stop()
  await sts.stop()
  await fnf.stop()
})
beforeEach(() => {
  fnf.requests.length = 0
  sts.requests.length = 0
  idTokens.issued.length = 0
  idTokens.audiences.length = 0
  fnf.addFlow('keyless-flow')
})

const inputs = (extra: Record<string, string> = {}) => ({
  operation: 'delete',
  'flow-name': 'keyless-flow',
  region: 'cn-hangzhou',
  endpoint: fnf.url,
  'role-arn': ROLE_ARN,
  'oidc-provider-arn': PROVIDER_ARN,
  'sts-endpoint': sts.url,
  ...extra
})

describe('keyless authentication (OIDC)', () => {
  it('exchanges the job’s OIDC token at STS, signs with the temporary key, and prints none of it', async () => {
    const run = await runAction(inputs(), { env: { ...idTokens.env, RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' } })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('deleted')
    expect(idTokens.audiences).toEqual(['sts.aliyuncs.com'])
    expect(sts.requests.map((r) => `${r.action}:${r.status}`)).toEqual(['AssumeRoleWithOIDC:200'])
    const issued = sts.issued[sts.issued.length - 1]!
    const signedWith = new URL(fnf.requests[0]!.raw.url, 'http://x').searchParams
    expect(signedWith.get('AccessKeyId')).toBe(issued.accessKeyId)
    expect(signedWith.get('SecurityToken')).toBe(issued.securityToken)
    expect(run.masks).toEqual(
      expect.arrayContaining([idTokens.issued[0], issued.accessKeyId, issued.accessKeySecret, issued.securityToken])
    )
    expect(run.stdout).toMatch(
      /Assumed acs:ram::1234567890123456:role\/github-teardown with the job's OIDC token \(session flow-ops-4242, valid until \d{4}-/
    )
    expect(
      leaksOf(run, [idTokens.issued[0]!, issued.accessKeyId, issued.accessKeySecret, issued.securityToken])
    ).toEqual([])
  })

  it('says what to add when the job has no id-token permission, and sends nothing', async () => {
    const run = await runAction(inputs())
    expect(run.code).toBe(1)
    expect(run.outputs['error-code']).toBe('OidcTokenUnavailable')
    expect(run.errors).toHaveLength(2)
    expect(run.failedWith).toBe('1 of 1 flow failed: keyless-flow')
    expect(run.errors[0]).toContain(
      "could not get the job's OIDC token for audience 'sts.aliyuncs.com': the runner offers no OIDC token to this job (ACTIONS_ID_TOKEN_REQUEST_URL is not set): add `permissions: id-token: write` to the job"
    )
    expect(run.errors[0]).toContain('Give the job `permissions: id-token: write`')
    expect(sts.requests).toHaveLength(0)
    expect(fnf.requests).toHaveLength(0)
  })

  it('maps STS’s refusal of the audience to a hint about oidc-audience', async () => {
    const run = await runAction(inputs({ 'oidc-audience': 'not-a-client-id' }), { env: idTokens.env })
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({
      'error-code': 'AuthenticationFail.OIDCToken.AudienceNotMatch',
      'http-status': '401'
    })
    expect(run.errors[0]).toContain('AssumeRoleWithOIDC for acs:ram::1234567890123456:role/github-teardown failed')
    expect(run.errors[0]).toContain("'oidc-audience' must be one of the Client IDs")
    expect(fnf.requests).toHaveLength(0)
    expect(leaksOf(run, idTokens.issued)).toEqual([])
  })

  it('refuses role-arn without oidc-provider-arn before anything is sent', async () => {
    const run = await runAction(inputs({ 'oidc-provider-arn': '' }), { env: idTokens.env })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      "Input 'oidc-provider-arn' is required with 'role-arn': the RAM OIDC provider, such as acs:ram::1234567890123456:oidc-provider/github"
    ])
    expect(idTokens.issued).toHaveLength(0)
  })

  it('dry-run asks for no OIDC token and no credentials', async () => {
    const run = await runAction(inputs({ 'dry-run': 'true' }), { env: idTokens.env })
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('dry-run')
    expect(run.stdout).toContain(
      `Dry run: would exchange the job's OIDC token (audience sts.aliyuncs.com) for ${ROLE_ARN} at ${sts.url}`
    )
    expect(idTokens.issued).toHaveLength(0)
    expect(sts.requests).toHaveLength(0)
    expect(fnf.requests).toHaveLength(0)
  })
})

describe('keyless credentials that outlive the run', () => {
  async function shortLived(lifetimeMs: number, fnfExpiresEarly = false) {
    const fnfShort = await new FnfEmulator({ accounts: [], latencyMs: 150 }).start()
    const stsShort = await new StsEmulator({
      roles: [{ roleArn: ROLE_ARN, oidcProviderArn: PROVIDER_ARN, audiences: ['sts.aliyuncs.com'] }],
      lifetimeMs,
      // fnf may stop taking a token before the Expiration STS announced: the run meets InvalidSecurityToken.Expired.
      onIssue: (credentials) =>
        fnfShort.addAccount(
          fnfExpiresEarly ? { ...credentials, expiresAt: credentials.expiresAt - lifetimeMs / 2 } : credentials
        )
    }).start()
    /** A keyless teardown of `count` flows there, one at a time. */
    const teardown = (count: number) => {
      const flows = Array.from({ length: count }, (_, i) => `keyless-${i}`)
      for (const flow of flows) fnfShort.addFlow(flow)
      return runAction(
        {
          ...inputs({ endpoint: fnfShort.url, 'sts-endpoint': stsShort.url }),
          'flow-name': flows.join('\n'),
          concurrency: '1',
          backup: 'false'
        },
        { env: idTokens.env }
      )
    }
    return { fnfShort, stsShort, teardown, stop: async () => (await stsShort.stop(), await fnfShort.stop()) }
  }

  it('credentials that last 2 s, a run of about 6 s: renewed before they end (three times or more), every flow deleted, none refused', async () => {
    const { fnfShort, stsShort, teardown, stop } = await shortLived(2_000)
    try {
      const run = await teardown(30)
      expect(run.code).toBe(0)
      expect(fnfShort.flows).toEqual([])
      const renewals = stsShort.requests.filter((r) => r.action === 'AssumeRoleWithOIDC').length - 1
      expect(renewals).toBeGreaterThanOrEqual(3)
      expect(fnfShort.requests.filter((r) => r.code === 'InvalidSecurityToken.Expired')).toEqual([])
      expect(run.stdout).toContain("Renewed the role's temporary credentials (renewal 3")
      const issued = stsShort.issued.flatMap((c) => [c.accessKeyId, c.accessKeySecret, c.securityToken])
      expect(leaksOf(run, issued)).toEqual([])
    } finally {
      await stop()
    }
  })

  it('a service that stops taking the token before its Expiration: the request is signed again with renewed credentials, and succeeds', async () => {
    const { fnfShort, teardown, stop } = await shortLived(3_000, true)
    try {
      const run = await teardown(16)
      expect(run.code).toBe(0)
      expect(fnfShort.flows).toEqual([])
      expect(fnfShort.requests.filter((r) => r.code === 'InvalidSecurityToken.Expired').length).toBeGreaterThan(0)
    } finally {
      await stop()
    }
  })
})

describe('a security token given as an input, which cannot be renewed', () => {
  it('expires mid-run: what is in flight finishes, nothing more is sent, the rest are not started, and the step fails naming the token and when', async () => {
    const account = {
      accessKeyId: 'STS.given-key-id',
      accessKeySecret: 'given-key-secret-000',
      securityToken: 'given-security-token-000',
      expiresAt: Date.now() + 1_500
    }
    const fnfStatic = await new FnfEmulator({ accounts: [account], latencyMs: 150 }).start()
    try {
      const flows = Array.from({ length: 30 }, (_, i) => `static-${i}`)
      for (const flow of flows) fnfStatic.addFlow(flow)
      const run = await runAction({
        operation: 'delete',
        'flow-name': flows.join('\n'),
        region: 'cn-hangzhou',
        endpoint: fnfStatic.url,
        'access-key-id': account.accessKeyId,
        'access-key-secret': account.accessKeySecret,
        'security-token': account.securityToken,
        concurrency: '2',
        backup: 'false'
      })
      expect(run.code).toBe(1)
      expect(run.outputs['error-code']).toBe('InvalidSecurityToken.Expired')
      expect(run.failedWith).toMatch(
        /^InvalidSecurityToken failed \(InvalidSecurityToken\.Expired\): \d+ deleted, \d+ failed, \d+ not started/
      )
      expect(run.stdout).toMatch(
        /the security-token given \(with access-key-id STS\.…\) was refused as expired at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, and keys given as inputs cannot be renewed: nothing more was sent/
      )
      const results = JSON.parse(run.outputs['results'] ?? '[]') as { name: string; status: string }[]
      const deleted = results.filter((r) => r.status === 'deleted').length
      expect(deleted).toBeGreaterThan(0)
      expect(results.filter((r) => r.status === 'not-started').length).toBeGreaterThan(0)
      // After the first refusal, at most the other request in flight was sent.
      const first = fnfStatic.requests.findIndex((r) => r.code === 'InvalidSecurityToken.Expired')
      expect(fnfStatic.requests.length - first).toBeLessThanOrEqual(2)
      expect(fnfStatic.flows).toHaveLength(30 - deleted)
      expect(leaksOf(run, [account.accessKeySecret, account.securityToken])).toEqual([])
    } finally {
      await fnfStatic.stop()
    }
  })
})
