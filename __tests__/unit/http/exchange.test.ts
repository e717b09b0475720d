import { describe, expect, it } from '@jest/globals'
import { exchange } from '../../../src/http/exchange.js'
import { RateController } from '../../../src/http/rate-controller.js'
import { TransportError, type HttpRequest, type HttpResponse } from '../../../src/http/send.js'

const request: HttpRequest = { method: 'GET', url: 'https://h/', headers: {} }
const answer = (status: number): HttpResponse => ({ status, statusText: '', headers: {}, body: '' })
const interpret = (response: HttpResponse) =>
  response.status === 429
    ? ({
        ok: false,
        failure: { code: 'Throttled', message: 'm', transience: 'throttled', mayHaveLanded: false }
      } as const)
    : ({ ok: true, value: response.status } as const)

function deps(send: () => Promise<HttpResponse>, cancelled = false) {
  const limiter = new RateController(
    () => 0,
    async () => {}
  )
  return { limiter, deps: { send, limiter, now: () => 0, cancelled: () => cancelled } }
}

describe('exchange', () => {
  it('tells the rate controller whether the service accepted or throttled the request', async () => {
    const accepted = deps(async () => answer(200))
    expect((await exchange(request, { timeoutMs: 1 }, accepted.deps, interpret)).result).toEqual({
      ok: true,
      value: 200
    })
    expect(accepted.limiter.accepted).toBe(1)
    const throttled = deps(async () => answer(429))
    await exchange(request, { timeoutMs: 1 }, throttled.deps, interpret)
    expect(throttled.limiter.throttled).toBe(1)
  })

  it('turns a transport error into an attempt failure that says nothing about the rate', async () => {
    const failing = deps(async () => {
      throw new TransportError('timeout', 'GET https://h did not answer within 1 s', true)
    })
    const { result, response } = await exchange(request, { timeoutMs: 1 }, failing.deps, interpret)
    expect(result).toMatchObject({ ok: false, failure: { code: 'RequestTimeout', mayHaveLanded: true } })
    expect(response).toBeUndefined()
    expect(failing.limiter.accepted + failing.limiter.throttled).toBe(0)
  })

  it('sends nothing once the run is cancelled', async () => {
    let sent = 0
    const cancelled = deps(async () => (sent++, answer(200)), true)
    const { result } = await exchange(request, { timeoutMs: 1 }, cancelled.deps, interpret)
    expect(result).toMatchObject({ ok: false, failure: { code: 'RunCancelled', mayHaveLanded: false } })
    expect(sent).toBe(0)
  })

  it('lets a bug through rather than calling it a network error', async () => {
    const buggy = deps(async () => {
      throw new RangeError('a bug')
    })
    await expect(exchange(request, { timeoutMs: 1 }, buggy.deps, interpret)).rejects.toThrow('a bug')
  })
})
