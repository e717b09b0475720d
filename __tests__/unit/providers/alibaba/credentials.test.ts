import { describe, expect, it } from '@jest/globals'
import { alibabaCredentials, staticKeys } from '../../../../src/providers/alibaba/credentials.js'
import { renewalMargin } from '../../../../src/providers/alibaba/keyless.js'
import type { HttpResponse } from '../../../../src/http/send.js'
import { ServicePacing, type Runtime } from '../../../../src/providers/runtime.js'
import { testRuntime } from '../../../helpers/runtime.js'

const pacingOf = (runtime: Runtime) => new ServicePacing(runtime, undefined)

const role = {
  roleArn: 'acs:ram::1:role/r',
  oidcProviderArn: 'acs:ram::1:oidc-provider/p',
  roleSessionName: 'flow-ops-1',
  audience: 'sts.aliyuncs.com',
  durationSeconds: 900,
  stsEndpoint: new URL('https://sts.example.com')
}
const limits = { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, timeoutMs: 50 }
/** STS's answer with these credentials. */
const stsAnswer = (
  { id, secret, token, expiration } = {
    id: 'STS.id',
    secret: 'sts-secret',
    token: 'tok',
    expiration: '2026-11-23T01:00:00Z'
  }
): HttpResponse => ({
  status: 200,
  statusText: 'OK',
  headers: {},
  body: JSON.stringify({
    RequestId: 'R',
    Credentials: { AccessKeyId: id, AccessKeySecret: secret, SecurityToken: token, Expiration: expiration }
  })
})

describe('alibabaCredentials', () => {
  it('gives the keys as they are', async () => {
    const keys = { accessKeyId: 'id', accessKeySecret: 'secret' }
    const source = await alibabaCredentials({ kind: 'keys', keys }, limits, testRuntime(), pacingOf(testRuntime()))
    if (!source.ok) throw new Error('expected keys')
    expect(await source.value.current()).toEqual({ ok: true, value: keys })
  })

  it('keyless: exchanges the job’s OIDC token for temporary keys, masked on arrival', async () => {
    const audiences: string[] = []
    const runtime = testRuntime({
      now: () => Date.parse('2026-11-23T00:00:00Z'),
      getIdToken: async (audience) => (audiences.push(audience), 'h.p.s'),
      send: async () => stsAnswer()
    })
    const source = await alibabaCredentials({ kind: 'oidc', role }, limits, runtime, pacingOf(runtime))
    if (!source.ok) throw new Error('expected keys')
    expect(await source.value.current()).toEqual({
      ok: true,
      value: { accessKeyId: 'STS.id', accessKeySecret: 'sts-secret', securityToken: 'tok' }
    })
    expect(audiences).toEqual(['sts.aliyuncs.com'])
    expect(runtime.masked).toEqual(['STS.id', 'sts-secret', 'tok'])
    expect(runtime.logger.lines).toContain(
      'info: Assumed acs:ram::1:role/r with the job’s OIDC token (session flow-ops-1, valid until 2026-11-23T01:00:00Z; renewed before then)'.replace(
        '’',
        "'"
      )
    )
  })

  it('bounds each request for the token by the timeout, and retries it', async () => {
    let asked = 0
    const runtime = testRuntime({ getIdToken: () => (asked++, new Promise<string>(() => {})) })
    const keys = await alibabaCredentials({ kind: 'oidc', role }, limits, runtime, pacingOf(runtime))
    expect(asked).toBe(2)
    expect(keys).toMatchObject({
      ok: false,
      failure: { code: 'OidcTokenUnavailable', message: expect.stringContaining('did not answer within 0.05 s') }
    })
  })

  it.each([
    ['the job has no token (no id-token: write)', Object.assign(new Error('no token'), { permanent: true }), 1],
    ['the runner refused (HTTP 403)', new Error('Failed to get ID Token. \n Error Code : 403\n Error Message: no'), 1],
    ['the runner failed (HTTP 500)', new Error('Failed to get ID Token. \n Error Code : 500\n Error Message: oops'), 2]
  ])('%s: asks again only when that can help', async (_label, error, asks) => {
    let asked = 0
    const runtime = testRuntime({
      getIdToken: async () => {
        asked++
        throw error
      }
    })
    const keys = await alibabaCredentials({ kind: 'oidc', role }, limits, runtime, pacingOf(runtime))
    expect(keys).toMatchObject({ ok: false, failure: { code: 'OidcTokenUnavailable' } })
    expect(asked).toBe(asks)
  })

  it('names the role when STS refuses', async () => {
    const runtime = testRuntime({
      getIdToken: async () => 'h.p.s',
      send: async () => ({
        status: 401,
        statusText: '',
        headers: {},
        body: JSON.stringify({ RequestId: 'R', Code: 'AuthenticationFail.NoPermission', Message: 'No permission.' })
      })
    })
    expect(await alibabaCredentials({ kind: 'oidc', role }, limits, runtime, pacingOf(runtime))).toMatchObject({
      ok: false,
      failure: {
        code: 'AuthenticationFail.NoPermission',
        message: 'AssumeRoleWithOIDC for acs:ram::1:role/r failed: No permission.'
      }
    })
  })
})

describe('keyless credentials outlive the run', () => {
  /** STS answering credentials that end an hour after `now`, each with its own key id. */
  function keyless(now: { ms: number }, answer: () => HttpResponse | undefined = () => undefined) {
    let issued = 0
    const exchanges: number[] = []
    const runtime = testRuntime({
      now: () => now.ms,
      getIdToken: async () => 'h.p.s',
      send: async () => {
        exchanges.push(now.ms)
        const refused = answer()
        if (refused) return refused
        issued++
        return stsAnswer({
          id: `STS.id-${issued}`,
          secret: `sts-secret-${issued}`,
          token: `token-${issued}`,
          expiration: new Date(now.ms + HOUR).toISOString().replace(/\.\d{3}Z$/, 'Z')
        })
      }
    })
    return { runtime, exchanges }
  }
  const HOUR = 3_600_000
  const MINUTE = 60_000
  const START = Date.parse('2026-11-23T00:00:00Z')

  it('renewed before Expiration with a margin of a quarter of the lifetime, at most 5 minutes; one renewal for every call that needs it', async () => {
    expect(renewalMargin(HOUR)).toBe(5 * MINUTE)
    expect(renewalMargin(12 * MINUTE)).toBe(3 * MINUTE)
    const now = { ms: START }
    const { runtime, exchanges } = keyless(now)
    const source = await alibabaCredentials({ kind: 'oidc', role }, limits, runtime, pacingOf(runtime))
    if (!source.ok) throw new Error('expected keys')
    now.ms = START + 54 * MINUTE
    expect(await source.value.current()).toMatchObject({ ok: true, value: { accessKeyId: 'STS.id-1' } })
    now.ms = START + 56 * MINUTE
    const many = await Promise.all(Array.from({ length: 20 }, () => source.value.current()))
    expect(new Set(many.map((k) => (k.ok ? k.value.accessKeyId : 'failed')))).toEqual(new Set(['STS.id-2']))
    expect(exchanges).toHaveLength(2)
    expect(runtime.logger.lines).toContainEqual(
      expect.stringContaining("Renewed the role's temporary credentials (renewal 1")
    )
  })

  it('renewed at once when the service says they expired; a second call with the old keys gets the new ones without another exchange', async () => {
    const now = { ms: START }
    const { runtime, exchanges } = keyless(now)
    const source = await alibabaCredentials({ kind: 'oidc', role }, limits, runtime, pacingOf(runtime))
    if (!source.ok) throw new Error('expected keys')
    const old = { accessKeyId: 'STS.id-1', accessKeySecret: 'sts-secret-1', securityToken: 'token-1' }
    const [a, b] = await Promise.all([source.value.expired(old), source.value.expired(old)])
    expect(a).toMatchObject({ ok: true, value: { accessKeyId: 'STS.id-2' } })
    expect(b).toMatchObject({ ok: true, value: { accessKeyId: 'STS.id-2' } })
    expect(await source.value.expired(old)).toMatchObject({ ok: true, value: { accessKeyId: 'STS.id-2' } })
    expect(exchanges).toHaveLength(2)
  })

  it('a renewal that fails ends the run as the first failure does: every later call gets it, and STS is not asked again', async () => {
    const now = { ms: START }
    let refuse = false
    const { runtime, exchanges } = keyless(now, () =>
      refuse
        ? {
            status: 401,
            statusText: '',
            headers: {},
            body: JSON.stringify({ RequestId: 'R', Code: 'AuthenticationFail.NoPermission', Message: 'No permission.' })
          }
        : undefined
    )
    const source = await alibabaCredentials({ kind: 'oidc', role }, limits, runtime, pacingOf(runtime))
    if (!source.ok) throw new Error('expected keys')
    refuse = true
    now.ms = START + HOUR
    expect(await source.value.current()).toMatchObject({
      ok: false,
      failure: { code: 'AuthenticationFail.NoPermission' }
    })
    expect(await source.value.current()).toMatchObject({
      ok: false,
      failure: { code: 'AuthenticationFail.NoPermission' }
    })
    expect(exchanges).toHaveLength(2)
  })

  it('keys given as inputs cannot be renewed: an expired token is said as such', async () => {
    const keys = staticKeys({ accessKeyId: 'STS.given', accessKeySecret: 'given-secret', securityToken: 'given-token' })
    expect(await keys.expired({ accessKeyId: 'STS.given', accessKeySecret: 'given-secret' })).toMatchObject({
      ok: false,
      failure: { code: 'InvalidSecurityToken.Expired', message: expect.stringContaining('cannot be renewed') }
    })
  })
})
