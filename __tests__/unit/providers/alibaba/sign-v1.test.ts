import { describe, expect, it } from '@jest/globals'
import openApiUtilModule from '@alicloud/openapi-util'
import { canonicalQuery, percentEncode } from '../../../../src/safety/percent-encode.js'
import { signRpcV1, stringToSignV1 } from '../../../../src/providers/alibaba/sign-v1.js'
import { randomParams, seededRandom } from '../../../helpers/random.js'

const OpenApiUtil = openApiUtilModule.default

// Official worked example, https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism
const DESCRIBE_DEDICATED_HOSTS = {
  AccessKeyId: 'testid',
  Action: 'DescribeDedicatedHosts',
  Format: 'JSON',
  RegionId: 'cn-beijing',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: 'edb2b34af0af9a6d14deaf7c1a5315eb',
  SignatureVersion: '1.0',
  Timestamp: '2023-03-13T08:34:30Z',
  Version: '2014-05-26'
}

const FNF_COMMON = {
  AccessKeyId: 'testid',
  Action: 'DeleteFlow',
  Name: 'my-flow',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: 'edb2b34af0af9a6d14deaf7c1a5315eb',
  SignatureVersion: '1.0',
  Timestamp: '2023-03-13T08:34:30Z',
  Version: '2019-03-15'
}

describe('percentEncode', () => {
  it('encodes as RFC 3986 with upper-case hex, space as %20 and ~ kept', () => {
    expect(percentEncode("a b*c~d!'()/中")).toBe('a%20b%2Ac~d%21%27%28%29%2F%E4%B8%AD')
    expect(percentEncode('2023-03-13T08:34:30Z')).toBe('2023-03-13T08%3A34%3A30Z')
  })
})

describe('signRpcV1 against the official worked examples', () => {
  it('reproduces the canonical query, string to sign and signature of DescribeDedicatedHosts', () => {
    expect(canonicalQuery(DESCRIBE_DEDICATED_HOSTS)).toBe(
      'AccessKeyId=testid&Action=DescribeDedicatedHosts&Format=JSON&RegionId=cn-beijing&SignatureMethod=HMAC-SHA1&SignatureNonce=edb2b34af0af9a6d14deaf7c1a5315eb&SignatureVersion=1.0&Timestamp=2023-03-13T08%3A34%3A30Z&Version=2014-05-26'
    )
    expect(stringToSignV1('GET', DESCRIBE_DEDICATED_HOSTS)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeDedicatedHosts%26Format%3DJSON%26RegionId%3Dcn-beijing%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dedb2b34af0af9a6d14deaf7c1a5315eb%26SignatureVersion%3D1.0%26Timestamp%3D2023-03-13T08%253A34%253A30Z%26Version%3D2014-05-26'
    )
    expect(signRpcV1('GET', DESCRIBE_DEDICATED_HOSTS, 'testsecret')).toBe('9NaGiOspFP5UPcwX8Iwt2YJXXuk=')
  })

  it('reproduces the legacy ECS DescribeRegions example', () => {
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26'
    }
    expect(signRpcV1('GET', params, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=')
  })

  it('leaves an existing Signature parameter out of what it signs', () => {
    expect(signRpcV1('GET', { ...DESCRIBE_DEDICATED_HOSTS, Signature: 'x' }, 'testsecret')).toBe(
      '9NaGiOspFP5UPcwX8Iwt2YJXXuk='
    )
  })
})

describe('signRpcV1 against the computed fnf vectors (docs/test-vectors.md, V1)', () => {
  it.each([
    ['pop-core GET', 'GET', { ...FNF_COMMON, Format: 'JSON' }, 'H0cM4B40a3rLS8fbZgRuMa///bk='],
    ['pop-core POST', 'POST', { ...FNF_COMMON, Format: 'JSON' }, 'pC2wELdBYwe3VlnaNGf2mTAeWdg='],
    ['openapi-client POST', 'POST', { ...FNF_COMMON, Format: 'json' }, 'Xpe5Iuam61/B//VKoASbV0a8nZg='],
    [
      'openapi-client POST with STS',
      'POST',
      { ...FNF_COMMON, Format: 'json', SecurityToken: 'CAIS+token/with=chars' },
      'KpIRJIumAoQwFRL8jMZ18bx7Jkw='
    ],
    [
      'encoding edge',
      'GET',
      { ...FNF_COMMON, Action: 'DescribeFlow', Format: 'JSON', Name: "a b*c~d!'()/中", SignatureNonce: 'n' },
      'LHmCQ71mpOkGa83mS/rkM4bQhzg='
    ]
  ])('%s', (_label, method, params, signature) => {
    expect(signRpcV1(method, params, 'testsecret')).toBe(signature)
  })
})

describe('signRpcV1 agrees with Alibaba’s @alicloud/openapi-util getRPCSignature', () => {
  it('on 300 random requests (Unicode, reserved characters, empty values)', () => {
    const random = seededRandom(20261123)
    for (let i = 0; i < 300; i++) {
      const params = randomParams(random)
      const secret = `secret-${i}-${Math.floor(random() * 1e9)}`
      const method = random() < 0.5 ? 'GET' : 'POST'
      expect(signRpcV1(method, params, secret)).toBe(OpenApiUtil.getRPCSignature(params, method, secret))
    }
  })
})
