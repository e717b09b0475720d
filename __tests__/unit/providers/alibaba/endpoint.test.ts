import { describe, expect, it } from '@jest/globals'
import { fnfEndpointForRegion, isKnownFnfRegion, REGION_PATTERN } from '../../../../src/providers/alibaba/endpoint.js'

describe('Serverless Workflow endpoints', () => {
  it('is https://<region>.fnf.aliyuncs.com, the form the endpoint table documents', () => {
    expect(fnfEndpointForRegion('cn-hangzhou').href).toBe('https://cn-hangzhou.fnf.aliyuncs.com/')
  })
  it('knows the regions with a documented public endpoint, and the shape of any region id', () => {
    expect(isKnownFnfRegion('ap-southeast-1')).toBe(true)
    expect(isKnownFnfRegion('eu-central-1')).toBe(false)
    for (const region of ['cn-hangzhou', 'ap-southeast-1', 'cn-hangzhou-finance'])
      expect(REGION_PATTERN.test(region)).toBe(true)
    for (const region of ['cn', 'CN-HANGZHOU', 'cn_hangzhou', 'cn-hangzhou.evil.com'])
      expect(REGION_PATTERN.test(region)).toBe(false)
  })
})
