import { describe, expect, it } from '@jest/globals'
import { buildRpcRequest } from '../../../src/providers/alibaba/request.js'
import { describeRequest, previewRequest, redactUrl } from '../../../src/http/redact.js'

const CONTEXT = {
  endpoint: new URL('https://cn-hangzhou.fnf.aliyuncs.com'),
  credentials: { accessKeyId: 'testid', accessKeySecret: 'testsecret' },
  apiVersion: '2019-03-15',
  timestamp: new Date('2023-03-13T08:34:30.123Z'),
  nonce: 'edb2b34af0af9a6d14deaf7c1a5315eb'
}
const DELETE = { action: 'DeleteFlow', method: 'POST' as const, form: { Name: 'my-flow' } }

describe('redaction', () => {
  it('hides signatures, tokens and key ids in URLs and headers', () => {
    const v1 = buildRpcRequest(DELETE, {
      ...CONTEXT,
      credentials: { ...CONTEXT.credentials, securityToken: 'tok' },
      signatureVersion: 'v1'
    })
    expect(redactUrl(v1.url)).toBe(
      'https://cn-hangzhou.fnf.aliyuncs.com/?Action=DeleteFlow&Format=json&Version=2019-03-15&Timestamp=2023-03-13T08%3A34%3A30Z&SignatureNonce=edb2b34af0af9a6d14deaf7c1a5315eb&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&AccessKeyId=***&SecurityToken=***&Signature=***'
    )
    const v3 = buildRpcRequest(DELETE, {
      ...CONTEXT,
      credentials: { ...CONTEXT.credentials, securityToken: 'tok' },
      signatureVersion: 'v3'
    })
    const line = describeRequest(v3)
    expect(line).toContain('"authorization":"***"')
    expect(line).toContain('"x-acs-security-token":"***"')
    expect(line).not.toContain('tok"')
    expect(line).not.toContain('testid')
  })
})

describe('redactUrl and previewRequest', () => {
  it('keeps the query exactly as sent, but for sensitive values', () => {
    expect(redactUrl('https://h/?Timestamp=2026-11-23T06%3A00%3A01Z&AccessKeyId=k&Signature=s%2B')).toBe(
      'https://h/?Timestamp=2026-11-23T06%3A00%3A01Z&AccessKeyId=***&Signature=***'
    )
    expect(redactUrl('https://h/path')).toBe('https://h/path')
  })
  it('shows the body of a preview, which carries no secret in these APIs', () => {
    expect(previewRequest({ method: 'POST', url: 'https://h/?a=1', headers: {}, body: 'Name=x' })).toBe(
      'POST https://h/?a=1 {} body: Name=x'
    )
  })
})
