import { describe, expect, it } from '@jest/globals'
import type { Transience } from '../../../src/http/attempt.js'
import { describeNonJsonBody, parseJsonObject, responseFailure, stringField } from '../../../src/http/body.js'
import type { HttpResponse } from '../../../src/http/send.js'

const answer = (status: number, body: string, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  statusText: '',
  headers,
  body
})

describe('parseJsonObject', () => {
  it('gives a JSON object, and undefined for anything else', () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 })
    for (const body of ['[1]', 'null', '"x"', '{"a":', '<html>', '']) expect(parseJsonObject(body)).toBeUndefined()
  })
})

describe('stringField', () => {
  it('takes the first name holding a non-empty string or a number, as a string', () => {
    expect(stringField({ Code: '', code: 'X' }, 'Code', 'code')).toBe('X')
    expect(stringField({ status: 0 }, 'status')).toBe('0')
    expect(stringField({ a: true, b: null }, 'a', 'b')).toBeUndefined()
  })
})

describe('describeNonJsonBody', () => {
  it('names an empty body with its content type', () => {
    expect(describeNonJsonBody(answer(502, ' ', { 'content-type': 'text/html; charset=utf-8' }))).toBe(
      'an empty body (text/html)'
    )
  })
  it("takes an HTML page's title, or its text without tags, on one line, whole (the exchange shortens it after redacting)", () => {
    expect(describeNonJsonBody(answer(502, '<html><title>502 Bad\nGateway</title></html>'))).toBe(
      'a body that is not JSON (no content type): "502 Bad Gateway"'
    )
    const long = describeNonJsonBody(answer(500, `<p>${'word '.repeat(60)}</p>`, { 'content-type': 'text/html' }))
    expect(long).toBe(`a body that is not JSON (text/html): "${'word '.repeat(59)}word"`)
  })

  it('says JSON that is not an object is JSON of the wrong shape, not "not JSON"', () => {
    expect(describeNonJsonBody(answer(200, '[{"Name":"a"}]', { 'content-type': 'application/json' }))).toBe(
      'a JSON body of the wrong shape (an array, not an object): "[{"Name":"a"}]"'
    )
    expect(describeNonJsonBody(answer(200, '"ok"'))).toBe(
      'a JSON body of the wrong shape (a string, not an object): ""ok""'
    )
    expect(describeNonJsonBody(answer(200, 'null'))).toBe(
      'a JSON body of the wrong shape (null, not an object): "null"'
    )
  })
})

describe('responseFailure', () => {
  const classify = (code: string): Transience => (code === 'Busy' ? 'transient' : 'permanent')
  it('classifies by the provider, honours Retry-After, and counts a 5xx as maybe landed', () => {
    const now = Date.parse('2026-11-23T00:00:00Z')
    expect(
      responseFailure(
        { code: 'Busy', message: 'm', httpStatus: 503 },
        answer(503, '', { 'retry-after': '3' }),
        now,
        classify
      )
    ).toEqual({
      ok: false,
      failure: {
        code: 'Busy',
        message: 'm',
        httpStatus: 503,
        transience: 'transient',
        mayHaveLanded: true,
        retryAfterMs: 3000
      }
    })
    expect(responseFailure({ code: 'No', message: 'm', httpStatus: 403 }, answer(403, ''), now, classify)).toEqual({
      ok: false,
      failure: { code: 'No', message: 'm', httpStatus: 403, transience: 'permanent', mayHaveLanded: false }
    })
  })
  it('keeps what the caller decided', () => {
    const result = responseFailure(
      { code: 'InvalidResponse', message: 'm', httpStatus: 200, transience: 'transient', mayHaveLanded: true },
      answer(200, ''),
      0,
      () => 'permanent'
    )
    expect(result.ok === false && result.failure).toMatchObject({ transience: 'transient', mayHaveLanded: true })
  })
})
