import { describe, expect, it } from '@jest/globals'
import { alibabaCredentials } from '../../../../src/providers/alibaba/credentials.js'
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
const stsAnswer = (): HttpResponse => ({
  status: 200,
  statusText: 'OK',
  headers: {},
  body: JSON.stringify({
    RequestId: 'R',
    Credentials: {
      AccessKeyId: 'STS.id',
      AccessKeySecret: 'sts-secret',
      SecurityToken: 'tok',
      Expiration: '2026-11-23T01:00:00Z'
    }
  })
})

describe('alibabaCredentials', () => {
  it('gives the keys as they are', async () => {
    const keys = { accessKeyId: 'id', accessKeySecret: 'secret' }
    expect(await alibabaCredentials({ kind: 'keys', keys }, limits, testRuntime(), pacingOf(testRuntime()))).toEqual({
      ok: true,
      value: keys
    })
  })

  it('keyless: exchanges the job’s OIDC token for temporary keys, masked on arrival', async () => {
    const audiences: string[] = []
    const runtime = testRuntime({
      getIdToken: async (audience) => (audiences.push(audience), 'h.p.s'),
      send: async () => stsAnswer()
    })
    const keys = await alibabaCredentials({ kind: 'oidc', role }, limits, runtime, pacingOf(runtime))
    expect(keys).toEqual({
      ok: true,
      value: { accessKeyId: 'STS.id', accessKeySecret: 'sts-secret', securityToken: 'tok' }
    })
    expect(audiences).toEqual(['sts.aliyuncs.com'])
    expect(runtime.masked).toEqual(['STS.id', 'sts-secret', 'tok'])
    expect(runtime.logger.lines).toContain(
      'info: Assumed acs:ram::1:role/r with the job’s OIDC token (session flow-ops-1, valid until 2026-11-23T01:00:00Z)'.replace(
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
