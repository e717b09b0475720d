import { describe, expect, it } from '@jest/globals'
import {
  buildSignedRequest,
  defaultEnosDeps,
  EnosTokenProvider,
  flowInstanceStatus,
  interpretEnosResponse,
  interpretTokenResponse,
  MAX_TOKEN_RENEWALS
} from '../../src/enos/batch-processing.js'
import { recordingLogger } from '../helpers/logger.js'
import { classifyEnosError, ENOS_ERRORS, hintForEnosError } from '../../src/enos/errors.js'
import type { HttpResponse } from '../../src/http/send.js'

const now = Date.parse('2026-11-23T00:00:00Z')
function response(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return { status, statusText: '', headers: { 'content-type': 'application/json', ...headers }, body }
}

describe('buildSignedRequest', () => {
  it('builds the documented cancel request (computed vector TV-3)', () => {
    const request = buildSignedRequest(
      {
        method: 'POST',
        path: '/batch-processing-service/v2.1/flowInstances',
        query: { action: 'cancel', userId: 'u15000000000002', orgId: 'o15000000000001' },
        body: JSON.stringify({ flowInstId: '2438-201908081020' })
      },
      new URL('https://apim.example.com'),
      'TOKEN123',
      'SECRET456',
      1700000000000
    )
    expect(request).toEqual({
      method: 'POST',
      url: 'https://apim.example.com/batch-processing-service/v2.1/flowInstances?action=cancel&userId=u15000000000002&orgId=o15000000000001',
      headers: {
        'apim-accesstoken': 'TOKEN123',
        'apim-signature': '8b80ceea2298bfc89cbd012601e3bc101bbe240bc904328b58d87be8bc6bd91d',
        'apim-timestamp': '1700000000000',
        'content-type': 'application/json;charset=UTF-8'
      },
      body: '{"flowInstId":"2438-201908081020"}'
    })
  })

  it('builds the get request with no body (computed vector TV-4)', () => {
    const request = buildSignedRequest(
      {
        method: 'GET',
        path: '/batch-processing-service/v2.1/flowInstances',
        query: { action: 'get', flowInstId: '2438-201908081020', userId: 'u15000000000002', orgId: 'o15000000000001' }
      },
      new URL('https://apim.example.com'),
      'TOKEN123',
      'SECRET456',
      1700000000000
    )
    expect(request.body).toBeUndefined()
    expect(request.headers).toEqual({
      'apim-accesstoken': 'TOKEN123',
      'apim-signature': 'da37084260c8861e5c8942b3aa9beab32713efe093d092540a11e7ddc2cea291',
      'apim-timestamp': '1700000000000'
    })
  })
})

describe('interpretEnosResponse', () => {
  it('reads success from code 0, with the requestId', () => {
    expect(interpretEnosResponse(response(200, '{"code":0,"msg":"OK","requestId":"r1","data":""}'), now)).toEqual({
      ok: true,
      value: { httpStatus: 200, requestId: 'r1', data: '' }
    })
  })

  it('reads status where code is absent (token service, v2.0 APIs)', () => {
    expect(
      interpretEnosResponse(response(200, '{"status":0,"msg":"SUCCESS","data":{"accessToken":"t"}}'), now)
    ).toEqual({
      ok: true,
      value: { httpStatus: 200, data: { accessToken: 't' } }
    })
    expect(interpretEnosResponse(response(200, '{"status":1003,"msg":"bad encryption"}'), now)).toMatchObject({
      ok: false,
      failure: { code: '1003', message: 'bad encryption', transience: 'permanent' }
    })
  })

  it('fails a non-zero code even on HTTP 200, transient for 62109', () => {
    expect(
      interpretEnosResponse(response(200, '{"code":62109,"msg":"Internal server exception","requestId":"r2"}'), now)
    ).toEqual({
      ok: false,
      failure: {
        code: '62109',
        message: 'Internal server exception',
        httpStatus: 200,
        requestId: 'r2',
        transience: 'transient',
        mayHaveLanded: false
      }
    })
  })

  it('reads a code sent as a string', () => {
    expect(interpretEnosResponse(response(200, '{"code":"62103","msg":"User has no privilege."}'), now)).toMatchObject({
      ok: false,
      failure: { code: '62103', transience: 'permanent' }
    })
  })

  it('turns gateway errors into HTTP<status> codes with the gateway’s message', () => {
    expect(interpretEnosResponse(response(401, '{"message":"Invalid authentication credentials"}'), now)).toEqual({
      ok: false,
      failure: {
        code: 'HTTP401',
        message: 'Invalid authentication credentials',
        httpStatus: 401,
        transience: 'permanent',
        mayHaveLanded: false
      }
    })
    expect(interpretEnosResponse(response(429, '', { 'retry-after': '3' }), now)).toMatchObject({
      ok: false,
      failure: { code: 'HTTP429', message: 'API rate limit exceeded', transience: 'throttled', retryAfterMs: 3000 }
    })
    expect(
      interpretEnosResponse(
        {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'content-type': 'text/html' },
          body: '<title>502 Bad Gateway</title>'
        },
        now
      )
    ).toMatchObject({
      ok: false,
      failure: {
        code: 'HTTP502',
        message: 'a body that is not JSON (text/html): "502 Bad Gateway"',
        transience: 'transient',
        mayHaveLanded: true
      }
    })
  })

  it('treats an unreadable success as a retryable InvalidResponse', () => {
    expect(interpretEnosResponse(response(200, ''), now)).toMatchObject({
      ok: false,
      failure: {
        code: 'InvalidResponse',
        message: 'HTTP 200 with an empty body (application/json)',
        mayHaveLanded: true
      }
    })
    expect(interpretEnosResponse(response(200, '{"data":1}'), now)).toMatchObject({
      ok: false,
      failure: { code: 'InvalidResponse', message: 'HTTP 200 with a JSON body without code or status' }
    })
  })
})

describe('flowInstanceStatus', () => {
  it('reads the status number', () => {
    expect(flowInstanceStatus({ httpStatus: 200, data: { status: 8, statusDesc: 'CANCEL' } })).toBe(8)
    expect(flowInstanceStatus({ httpStatus: 200, data: { status: '-1' } })).toBe(-1)
    expect(flowInstanceStatus({ httpStatus: 200, data: '' })).toBeUndefined()
  })
})

describe('the EnOS error catalogue', () => {
  it.each([
    '62101',
    '62102',
    '62103',
    '62105',
    '62109',
    '1001',
    '1002',
    '1003',
    '1004',
    '1005',
    '1202',
    '1203',
    '1204',
    'HTTP400',
    'HTTP401',
    'HTTP403',
    'HTTP413',
    'HTTP429',
    'HTTP500',
    'HTTP503'
  ])('has %s with a hint', (code) => {
    expect(ENOS_ERRORS[code]?.hint.length).toBeGreaterThan(40)
  })

  it.each([
    ['62109', 200, 'transient'],
    ['1005', 200, 'transient'],
    ['1001', 200, 'transient'],
    ['HTTP429', 429, 'throttled'],
    ['HTTP500', 500, 'transient'],
    ['HTTP503', 503, 'transient'],
    ['HTTP502', 502, 'transient'],
    ['62103', 200, 'permanent'],
    ['HTTP401', 401, 'permanent'],
    ['HTTP404', 404, 'permanent'],
    ['99999', 200, 'permanent']
  ])('%s (HTTP %i) is %s', (code, status, transience) => {
    expect(classifyEnosError(code, status)).toBe(transience)
  })

  it('points hints at the inputs and the seed’s prerequisites', () => {
    expect(hintForEnosError('62103')).toContain('must own the workflow instance')
    expect(hintForEnosError('62105')).toContain('Neither the user nor the workflow may be locked')
    expect(hintForEnosError('62101')).toContain("'user-id' and 'org-id'")
    expect(hintForEnosError('HTTP403')).toContain("runner's IP address")
    expect(hintForEnosError('NetworkError')).toContain('network')
  })
})

describe('README', () => {
  it('has a row for every EnOS code in the catalogue, with whether it is retried', async () => {
    const readme = (await import('node:fs')).readFileSync('README.md', 'utf8')
    for (const [code, entry] of Object.entries(ENOS_ERRORS)) {
      expect(readme).toMatch(
        new RegExp(`\\| \`${code}\` \\| [a-z ]+ \\| ${entry.transience === 'permanent' ? 'no' : 'yes'} \\|`)
      )
    }
  })
})

describe('interpretTokenResponse', () => {
  it('accepts data.accessToken with status 0, with the misspelt stauts 0, or with no status at all', () => {
    for (const body of [
      '{"status":0,"msg":"SUCCESS","data":{"accessToken":"t1","expire":7200}}',
      '{"stauts":0,"msg":"SUCCESS","business":"apim-token-service","data":{"accessToken":"t1","expire":7200}}',
      '{"data":{"accessToken":"t1"}}'
    ]) {
      expect(interpretTokenResponse(response(200, body), now)).toEqual({ ok: true, value: 't1' })
    }
  })
  it('fails a non-zero status however spelt, and a success without a token', () => {
    expect(
      interpretTokenResponse(response(200, '{"stauts":1002,"msg":"The appKey does not exist"}'), now)
    ).toMatchObject({
      ok: false,
      failure: { code: '1002', transience: 'permanent' }
    })
    expect(interpretTokenResponse(response(200, '{"status":1003,"data":{"accessToken":"t"}}'), now)).toMatchObject({
      ok: false,
      failure: { code: '1003' }
    })
    expect(interpretTokenResponse(response(200, '{"status":0,"data":{"accessToken":""}}'), now)).toMatchObject({
      ok: false,
      failure: { code: 'InvalidResponse', transience: 'transient' }
    })
  })
})

describe('EnosTokenProvider.renew', () => {
  /** A provider whose token service hands out t1, t2, … and counts the requests. */
  function provider() {
    let issued = 0
    const deps = {
      ...defaultEnosDeps(recordingLogger(), () => {}),
      send: async (): Promise<HttpResponse> =>
        response(200, JSON.stringify({ status: 0, data: { accessToken: `t${++issued}` } }))
    }
    const options = {
      apigw: new URL('https://apigw.example.com'),
      credentials: { appKey: 'k', appSecret: 's' },
      orgId: 'o',
      userId: 'u',
      timeoutMs: 1000,
      retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 }
    }
    return { tokens: new EnosTokenProvider(options, deps), issued: () => issued }
  }

  it('renews once per run, however many calls are refused at the same moment', async () => {
    const { tokens, issued } = provider()
    const first = await tokens.get()
    expect(first).toEqual({ ok: true, token: 't1' })
    // Eight calls refused with t1 at once: one renewal, the other seven retry with the new token.
    const answers = await Promise.all(Array.from({ length: 8 }, () => tokens.renew('t1')))
    expect(answers.filter((a) => a === 'renewed')).toHaveLength(1)
    expect(answers.filter((a) => a === 'retry')).toHaveLength(7)
    expect(await tokens.get()).toEqual({ ok: true, token: 't2' })
    // t2 refused too: the run's renewal is spent.
    expect(await tokens.renew('t2')).toBe('exhausted')
    expect(issued()).toBe(1 + MAX_TOKEN_RENEWALS)
  })
})
