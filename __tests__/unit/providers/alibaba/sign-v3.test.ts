import { describe, expect, it } from '@jest/globals'
import openApiUtilModule from '@alicloud/openapi-util'
import {
  canonicalRequestV3,
  signAcs3,
  stringToSignV3,
  type Acs3Request
} from '../../../../src/providers/alibaba/sign-v3.js'
import { sha256Hex } from '../../../../src/http/hash.js'
import { randomString, seededRandom } from '../../../helpers/random.js'

const OpenApiUtil = openApiUtilModule.default
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

// Official worked example ("Fixed parameter values"),
// https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature
const RUN_INSTANCES: Acs3Request = {
  method: 'POST',
  pathname: '/',
  query: { ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd', RegionId: 'cn-shanghai' },
  headers: {
    host: 'ecs.cn-shanghai.aliyuncs.com',
    'x-acs-action': 'RunInstances',
    'x-acs-version': '2014-05-26',
    'x-acs-date': '2023-10-26T10:22:32Z',
    'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
    'x-acs-content-sha256': EMPTY_SHA256
  },
  payloadHash: EMPTY_SHA256
}

function fnfRequest(extra: Partial<Acs3Request> & { headers?: Record<string, string> }): Acs3Request {
  return {
    method: 'POST',
    pathname: '/',
    query: {},
    payloadHash: EMPTY_SHA256,
    ...extra,
    headers: {
      host: 'cn-hangzhou.fnf.aliyuncs.com',
      'x-acs-action': 'DeleteFlow',
      'x-acs-version': '2019-03-15',
      'x-acs-date': '2023-10-26T10:22:32Z',
      'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
      ...extra.headers
    }
  }
}

describe('signAcs3 against the official worked example', () => {
  it('reproduces the canonical request, string to sign and Authorization of RunInstances', () => {
    const { canonicalRequest, signedHeaders } = canonicalRequestV3(RUN_INSTANCES)
    expect(canonicalRequest).toBe(
      'POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\nhost:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\nx-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-acs-date:2023-10-26T10:22:32Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2014-05-26\n\nhost;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    )
    expect(signedHeaders).toBe('host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version')
    expect(stringToSignV3(canonicalRequest)).toBe(
      'ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259'
    )
    expect(signAcs3(RUN_INSTANCES, 'YourAccessKeyId', 'YourAccessKeySecret')).toBe(
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0'
    )
  })

  it('hashes the empty body to the documented value', () => {
    expect(sha256Hex('')).toBe(EMPTY_SHA256)
  })
})

describe('signAcs3 against the computed fnf vectors (docs/test-vectors.md, V3)', () => {
  const formHash = sha256Hex('Name=my-flow')

  it('form body', () => {
    expect(formHash).toBe('9122dd2cea26cbea0ec2a970c28176ca069a9b7bc05ffa135d1b3b1417812f85')
    const request = fnfRequest({
      payloadHash: formHash,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-acs-content-sha256': formHash }
    })
    expect(sha256Hex(canonicalRequestV3(request).canonicalRequest)).toBe(
      'ee197e73d0f2785ecaa44134301a5c80caf017cf952d14e890426bd8029c0235'
    )
    expect(signAcs3(request, 'YourAccessKeyId', 'YourAccessKeySecret')).toBe(
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=c76ea77b71f85f0c002ab703d7d9c2e7a52f4503b0a617ee9846eb00e5a04294'
    )
  })

  it('form body with an STS token', () => {
    const request = fnfRequest({
      payloadHash: formHash,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-acs-content-sha256': formHash,
        'x-acs-security-token': 'CAIS+token/with=chars'
      }
    })
    expect(signAcs3(request, 'YourAccessKeyId', 'YourAccessKeySecret')).toBe(
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version,Signature=c0bef52550a8cc31c9bc519929767d5fe23afb86146626276608106a04a59374'
    )
  })

  it('query parameters, empty body', () => {
    const request = fnfRequest({ query: { Name: 'my-flow' }, headers: { 'x-acs-content-sha256': EMPTY_SHA256 } })
    expect(signAcs3(request, 'YourAccessKeyId', 'YourAccessKeySecret')).toBe(
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=54fe5969d437e97c750719f4142553e6f49ee81c32366761fc230c6032cddb88'
    )
  })

  it('does not sign headers other than host, content-type and x-acs-*', () => {
    const base = fnfRequest({ headers: { 'x-acs-content-sha256': EMPTY_SHA256 } })
    const withExtra = { ...base, headers: { ...base.headers, 'user-agent': 'flow-ops', accept: '*/*' } }
    expect(signAcs3(withExtra, 'id', 'secret')).toBe(signAcs3(base, 'id', 'secret'))
  })
})

describe('signAcs3 agrees with Alibaba’s @alicloud/openapi-util getAuthorization', () => {
  it('on 300 random requests', () => {
    const random = seededRandom(424242)
    for (let i = 0; i < 300; i++) {
      const body = random() < 0.5 ? '' : `Name=${encodeURIComponent(randomString(random, 30, 1))}`
      const payloadHash = sha256Hex(body)
      const query: Record<string, string> = {}
      // openapi-util encodes query values but not keys, so keys stay in the unreserved set.
      for (let q = Math.floor(random() * 3); q > 0; q--)
        query[`Key${q}${randomString(random, 4, 1).replace(/[^A-Za-z0-9]/g, 'k')}`] = randomString(random, 20)
      const headers: Record<string, string> = {
        host: `fnf-${i}.example.test:${1000 + i}`,
        'x-acs-action': 'DeleteFlow',
        'x-acs-version': '2019-03-15',
        'x-acs-date': '2026-11-23T01:02:03Z',
        'x-acs-signature-nonce': randomString(random, 32, 1).replace(/[^\x21-\x7e]/g, 'n'),
        'x-acs-content-sha256': payloadHash,
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...(random() < 0.3 ? { 'x-acs-security-token': randomString(random, 60, 1).replace(/[^\x21-\x7e]/g, 't') } : {})
      }
      const request: Acs3Request = {
        method: random() < 0.5 ? 'GET' : 'POST',
        pathname: '/',
        query,
        headers,
        payloadHash
      }
      const secret = `secret-${i}`
      const theirs = OpenApiUtil.getAuthorization(
        request as unknown as Parameters<typeof OpenApiUtil.getAuthorization>[0],
        'ACS3-HMAC-SHA256',
        payloadHash,
        'id',
        secret
      )
      expect(signAcs3(request, 'id', secret)).toBe(theirs)
    }
  })
})
