import { describe, expect, it } from '@jest/globals'
import { buildRpcRequest, formatTimestamp, newNonce } from '../../../../src/providers/alibaba/request.js'

const CONTEXT = {
  endpoint: new URL('https://cn-hangzhou.fnf.aliyuncs.com'),
  credentials: { accessKeyId: 'testid', accessKeySecret: 'testsecret' },
  apiVersion: '2019-03-15',
  timestamp: new Date('2023-03-13T08:34:30.123Z'),
  nonce: 'edb2b34af0af9a6d14deaf7c1a5315eb'
}
const DELETE = { action: 'DeleteFlow', method: 'POST' as const, form: { Name: 'my-flow' } }

describe('buildRpcRequest, V1', () => {
  it('sends DeleteFlow as Alibaba’s current SDK does: common parameters in the query, Name in a form body', () => {
    const request = buildRpcRequest(DELETE, { ...CONTEXT, signatureVersion: 'v1' })
    expect(request).toEqual({
      method: 'POST',
      url: 'https://cn-hangzhou.fnf.aliyuncs.com/?Action=DeleteFlow&Format=json&Version=2019-03-15&Timestamp=2023-03-13T08%3A34%3A30Z&SignatureNonce=edb2b34af0af9a6d14deaf7c1a5315eb&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&AccessKeyId=testid&Signature=Xpe5Iuam61%2FB%2F%2FVKoASbV0a8nZg%3D',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Name=my-flow'
    })
  })

  it('adds the STS token as SecurityToken and signs it (reference vector)', () => {
    const request = buildRpcRequest(DELETE, {
      ...CONTEXT,
      credentials: { ...CONTEXT.credentials, securityToken: 'CAIS+token/with=chars' },
      signatureVersion: 'v1'
    })
    const query = new URL(request.url).searchParams
    expect(query.get('SecurityToken')).toBe('CAIS+token/with=chars')
    expect(query.get('Signature')).toBe('KpIRJIumAoQwFRL8jMZ18bx7Jkw=')
  })

  it('puts GET parameters in the query and sends no body', () => {
    const request = buildRpcRequest(
      { action: 'DescribeFlow', method: 'GET', query: { Name: 'my-flow' } },
      { ...CONTEXT, signatureVersion: 'v1' }
    )
    expect(request.body).toBeUndefined()
    expect(request.headers).toEqual({})
    expect(new URL(request.url).searchParams.get('Name')).toBe('my-flow')
  })
})

describe('buildRpcRequest, V3', () => {
  it('signs DeleteFlow with x-acs-* headers and the form body hash (reference vector)', () => {
    const request = buildRpcRequest(DELETE, {
      ...CONTEXT,
      credentials: { accessKeyId: 'YourAccessKeyId', accessKeySecret: 'YourAccessKeySecret' },
      timestamp: new Date('2023-10-26T10:22:32Z'),
      nonce: '3156853299f313e23d1673dc12e1703d',
      signatureVersion: 'v3'
    })
    expect(request).toEqual({
      method: 'POST',
      url: 'https://cn-hangzhou.fnf.aliyuncs.com/',
      headers: {
        host: 'cn-hangzhou.fnf.aliyuncs.com',
        'x-acs-action': 'DeleteFlow',
        'x-acs-version': '2019-03-15',
        'x-acs-date': '2023-10-26T10:22:32Z',
        'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
        'x-acs-content-sha256': '9122dd2cea26cbea0ec2a970c28176ca069a9b7bc05ffa135d1b3b1417812f85',
        'content-type': 'application/x-www-form-urlencoded',
        authorization:
          'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=c76ea77b71f85f0c002ab703d7d9c2e7a52f4503b0a617ee9846eb00e5a04294'
      },
      body: 'Name=my-flow'
    })
  })

  it('sends the STS token in x-acs-security-token (reference vector)', () => {
    const request = buildRpcRequest(DELETE, {
      ...CONTEXT,
      credentials: {
        accessKeyId: 'YourAccessKeyId',
        accessKeySecret: 'YourAccessKeySecret',
        securityToken: 'CAIS+token/with=chars'
      },
      timestamp: new Date('2023-10-26T10:22:32Z'),
      nonce: '3156853299f313e23d1673dc12e1703d',
      signatureVersion: 'v3'
    })
    expect(request.headers['x-acs-security-token']).toBe('CAIS+token/with=chars')
    expect(request.headers['authorization']).toContain(
      'Signature=c0bef52550a8cc31c9bc519929767d5fe23afb86146626276608106a04a59374'
    )
  })
})

describe('timestamps and nonces', () => {
  it('formats timestamps without milliseconds', () => {
    expect(formatTimestamp(new Date('2023-03-13T08:34:30.999Z'))).toBe('2023-03-13T08:34:30Z')
  })
  it('makes a fresh 32-hex-digit nonce each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce))
    expect(nonces.size).toBe(100)
    for (const nonce of nonces) expect(nonce).toMatch(/^[0-9a-f]{32}$/)
  })
})
