import { afterEach, describe, expect, it } from '@jest/globals'
import { proxyFor, proxyPasswords, proxyUrlProblem, proxyVariableFor, redactProxyUrl } from '../../../src/http/proxy.js'

const VARIABLES = [
  'https_proxy',
  'HTTPS_PROXY',
  'http_proxy',
  'HTTP_PROXY',
  'all_proxy',
  'ALL_PROXY',
  'no_proxy',
  'NO_PROXY'
]
const saved = Object.fromEntries(VARIABLES.map((v) => [v, process.env[v]]))
function setEnv(values: Record<string, string>) {
  for (const v of VARIABLES) delete process.env[v]
  Object.assign(process.env, values)
}
afterEach(() => {
  for (const [v, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[v]
    else process.env[v] = value
  }
})

describe('proxyFor', () => {
  it('uses HTTPS_PROXY for https endpoints and HTTP_PROXY for http ones', () => {
    setEnv({ HTTPS_PROXY: 'http://secure-proxy:3128', HTTP_PROXY: 'http://plain-proxy:3128' })
    expect(proxyFor('https://cn-hangzhou.fnf.aliyuncs.com/')).toBe('http://secure-proxy:3128')
    expect(proxyFor('http://127.0.0.1:8080/')).toBe('http://plain-proxy:3128')
  })

  it('prefers the lower-case variable', () => {
    setEnv({ https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' })
    expect(proxyFor('https://apim.example.com/')).toBe('http://lower:1')
  })

  it('goes direct when nothing is set, or NO_PROXY matches', () => {
    setEnv({})
    expect(proxyFor('https://cn-hangzhou.fnf.aliyuncs.com/')).toBe('')
    setEnv({ HTTPS_PROXY: 'http://p:3128', NO_PROXY: '.aliyuncs.com, internal.example' })
    expect(proxyFor('https://cn-hangzhou.fnf.aliyuncs.com/')).toBe('')
    expect(proxyFor('https://internal.example/')).toBe('')
    expect(proxyFor('https://apim.example.com/')).toBe('http://p:3128')
    setEnv({ HTTPS_PROXY: 'http://p:3128', no_proxy: '*' })
    expect(proxyFor('https://apim.example.com/')).toBe('')
  })
})

describe('proxy credentials', () => {
  it('strips them from what is logged', () => {
    expect(redactProxyUrl('http://user:p%40ss@proxy.corp:3128')).toBe('http://proxy.corp:3128')
  })

  it('finds every password to mask, raw and decoded', () => {
    expect(
      proxyPasswords({ HTTPS_PROXY: 'http://u:p%40ss@proxy:1', http_proxy: 'proxy2:2', ALL_PROXY: 'user:pw@proxy3:3' })
    ).toEqual(['p%40ss', 'p@ss', 'pw'])
  })
})

describe('proxyVariableFor and proxyUrlProblem', () => {
  const https = new URL('https://cn-hangzhou.fnf.aliyuncs.com')
  it("names the variable proxy-from-env would use: the scheme's own (lower case first), then all_proxy", () => {
    expect(proxyVariableFor(https, { HTTPS_PROXY: 'a', https_proxy: 'b', ALL_PROXY: 'c' })).toEqual({
      name: 'https_proxy',
      value: 'b'
    })
    expect(proxyVariableFor(https, { HTTP_PROXY: 'a', ALL_PROXY: 'c' })).toEqual({ name: 'ALL_PROXY', value: 'c' })
    expect(proxyVariableFor(new URL('http://127.0.0.1:8080'), { HTTP_PROXY: 'a' })).toEqual({
      name: 'HTTP_PROXY',
      value: 'a'
    })
    expect(proxyVariableFor(https, {})).toBeUndefined()
  })
  it('accepts http(s) proxy URLs, with or without a scheme, and says what is wrong with the rest', () => {
    expect(proxyUrlProblem('http://user:pw@proxy:3128', 'https')).toBeUndefined()
    expect(proxyUrlProblem('proxy.example.com:3128', 'https')).toBeUndefined()
    expect(proxyUrlProblem('http://[::1', 'https')).toBe('is not a URL')
    expect(proxyUrlProblem('socks5://proxy:1080', 'https')).toBe(
      'uses socks5://; only http:// and https:// proxies are supported'
    )
  })
})
