import { describe, expect, it } from '@jest/globals'
import { buildAssumeRoleWithOidcRequest, interpretStsResponse } from '../../../../src/providers/alibaba/sts.js'
import type { HttpResponse } from '../../../../src/http/send.js'

describe('STS AssumeRoleWithOIDC', () => {
  const settings = {
    roleArn: 'acs:ram::1:role/r',
    oidcProviderArn: 'acs:ram::1:oidc-provider/p',
    roleSessionName: 'flow-ops-1',
    audience: 'sts.aliyuncs.com',
    durationSeconds: 900,
    stsEndpoint: new URL('https://sts.aliyuncs.com')
  }

  it('sends an anonymous POST: no Signature or AccessKeyId, the token in the form body', () => {
    const request = buildAssumeRoleWithOidcRequest(settings, 'header.payload.sig', new Date('2026-11-23T00:00:00.500Z'))
    const query = new URL(request.url).searchParams
    expect([
      request.method,
      query.get('Action'),
      query.get('Version'),
      query.get('Format'),
      query.get('Timestamp')
    ]).toEqual(['POST', 'AssumeRoleWithOIDC', '2015-04-01', 'JSON', '2026-11-23T00:00:00Z'])
    expect(query.has('Signature')).toBe(false)
    expect(query.has('AccessKeyId')).toBe(false)
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      OIDCProviderArn: 'acs:ram::1:oidc-provider/p',
      RoleArn: 'acs:ram::1:role/r',
      OIDCToken: 'header.payload.sig',
      RoleSessionName: 'flow-ops-1',
      DurationSeconds: '900'
    })
  })

  const answer = (status: number, body: unknown): HttpResponse => ({
    status,
    statusText: '',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })

  it('reads the temporary credentials', () => {
    expect(
      interpretStsResponse(
        answer(200, {
          RequestId: 'R',
          Credentials: {
            AccessKeyId: 'STS.x',
            AccessKeySecret: 's',
            SecurityToken: 't',
            Expiration: '2026-11-23T01:00:00Z'
          }
        }),
        0
      )
    ).toEqual({
      ok: true,
      value: { accessKeyId: 'STS.x', accessKeySecret: 's', securityToken: 't', expiration: '2026-11-23T01:00:00Z' }
    })
  })

  it('maps refusals, and a success without credentials', () => {
    expect(
      interpretStsResponse(
        answer(401, { RequestId: 'R', Code: 'AuthenticationFail.OIDCToken.Expired', Message: 'expired' }),
        0
      )
    ).toMatchObject({
      ok: false,
      failure: { code: 'AuthenticationFail.OIDCToken.Expired', httpStatus: 401, transience: 'permanent' }
    })
    expect(interpretStsResponse(answer(200, { RequestId: 'R' }), 0)).toMatchObject({
      ok: false,
      failure: { code: 'InvalidResponse', transience: 'permanent' }
    })
  })
})
