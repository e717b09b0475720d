import { describe, expect, it } from '@jest/globals'
import { classifyFnfError } from '../../../../src/providers/alibaba/errors.js'
import { interpretRpcResponse, withoutStringToSign } from '../../../../src/providers/alibaba/response.js'
import type { HttpResponse } from '../../../../src/http/send.js'
import { response } from '../../../helpers/http.js'

const interpretFnfResponse = (answer: HttpResponse, nowMs: number) =>
  interpretRpcResponse(answer, nowMs, classifyFnfError)

describe('interpretFnfResponse', () => {
  const now = Date.parse('2026-11-23T00:00:00Z')

  it('reads a success', () => {
    expect(interpretFnfResponse(response(200, '{"RequestId":"R1"}'), now)).toEqual({
      ok: true,
      value: { httpStatus: 200, requestId: 'R1', body: { RequestId: 'R1' } }
    })
  })

  it('reads a documented error', () => {
    const body = '{"RequestId":"R2","HostId":"h","Code":"FlowNotExists","Message":"Flow my-flow does not exist."}'
    expect(interpretFnfResponse(response(404, body), now)).toEqual({
      ok: false,
      failure: {
        code: 'FlowNotExists',
        message: 'Flow my-flow does not exist.',
        httpStatus: 404,
        requestId: 'R2',
        transience: 'permanent',
        mayHaveLanded: false
      }
    })
  })

  it('treats a JSON Code as an error even on HTTP 200, as Alibaba’s SDKs do', () => {
    const result = interpretFnfResponse(
      response(200, '{"RequestId":"R3","Code":"Throttling.User","Message":"slow down"}'),
      now
    )
    expect(result).toMatchObject({
      ok: false,
      failure: { code: 'Throttling.User', httpStatus: 200, transience: 'throttled' }
    })
  })

  it('accepts the success spellings of Code', () => {
    expect(interpretFnfResponse(response(200, '{"RequestId":"R","Code":"OK"}'), now).ok).toBe(true)
    expect(interpretFnfResponse(response(200, '{"RequestId":"R","Code":"200"}'), now).ok).toBe(true)
  })

  it('turns an HTML gateway page into a clear, retryable error', () => {
    const html = '<html><head><title>502 Bad Gateway</title></head><body>\n<h1>nginx</h1></body></html>'
    expect(
      interpretFnfResponse(
        { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' }, body: html },
        now
      )
    ).toEqual({
      ok: false,
      failure: {
        code: 'HttpError',
        message: 'HTTP 502 Bad Gateway with a body that is not JSON (text/html): "502 Bad Gateway"',
        httpStatus: 502,
        transience: 'transient',
        mayHaveLanded: true
      }
    })
  })

  it('treats an unreadable 200 as a retryable InvalidResponse that may have landed', () => {
    expect(interpretFnfResponse(response(200, ''), now)).toMatchObject({
      ok: false,
      failure: {
        code: 'InvalidResponse',
        message: 'HTTP 200 with an empty body (application/json)',
        transience: 'transient',
        mayHaveLanded: true
      }
    })
    expect(interpretFnfResponse(response(200, '{"RequestId":'), now)).toMatchObject({
      ok: false,
      failure: { code: 'InvalidResponse' }
    })
    expect(interpretFnfResponse(response(200, '[1,2]'), now)).toMatchObject({
      ok: false,
      failure: { code: 'InvalidResponse' }
    })
  })

  it('reads Retry-After and the request id header', () => {
    const result = interpretFnfResponse(
      response(429, '{"Code":"ResourceThrottled","Message":"m"}', { 'retry-after': '2', 'x-acs-request-id': 'H1' }),
      now
    )
    expect(result).toMatchObject({
      ok: false,
      failure: { transience: 'throttled', retryAfterMs: 2000, requestId: 'H1' }
    })
  })

  it('fails a non-2xx JSON body without a code', () => {
    expect(interpretFnfResponse(response(503, '{"RequestId":"R"}'), now)).toMatchObject({
      ok: false,
      failure: { code: 'HttpError', httpStatus: 503, transience: 'transient', requestId: 'R' }
    })
  })
})

describe('withoutStringToSign', () => {
  it("leaves out the gateway's string to sign, which repeats every parameter, credentials among them", () => {
    expect(
      withoutStringToSign(
        'Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3DLTAI%26SecurityToken%3DCAIS%252B'
      )
    ).toBe(
      "Specified signature is not matched with our calculation. server string to sign is: (left out here: it repeats the request's parameters, credentials among them)"
    )
    expect(withoutStringToSign('Flow x does not exist.')).toBe('Flow x does not exist.')
  })
})
