import { describe, expect, it } from '@jest/globals'
import {
  flowInstanceStatus,
  interpretEnosResponse,
  interpretTokenResponse
} from '../../../../src/providers/enos/response.js'
import { response } from '../../../helpers/http.js'

const now = Date.parse('2026-11-23T00:00:00Z')
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
