import { describe, expect, it } from '@jest/globals'
import { EnosTokenProvider, MAX_TOKEN_RENEWALS } from '../../../../src/providers/enos/credentials.js'
import type { HttpResponse } from '../../../../src/http/send.js'
import { testClientDeps } from '../../../helpers/runtime.js'
import { response } from '../../../helpers/http.js'

describe('EnosTokenProvider.renew', () => {
  /** A provider whose token service hands out t1, t2, … and counts the requests. */
  function provider() {
    let issued = 0
    const deps = testClientDeps({
      send: async (): Promise<HttpResponse> =>
        response(200, JSON.stringify({ status: 0, data: { accessToken: `t${++issued}` } }))
    })
    const options = {
      apigw: new URL('https://apigw.example.com'),
      credentials: { appKey: 'k', appSecret: 's' },
      timeoutMs: 1000,
      retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 }
    }
    const tokens = new EnosTokenProvider(options, { ...deps, maskSecret: deps.runtime.maskSecret })
    return { tokens, issued: () => issued, masked: deps.runtime.masked }
  }

  it('renews once per run, however many calls are refused at the same moment', async () => {
    const { tokens, issued, masked } = provider()
    const first = await tokens.get()
    expect(first).toEqual({ ok: true, value: 't1' })
    expect(masked).toEqual(['t1'])
    // Eight calls refused with t1 at once: one renewal, the other seven retry with the new token.
    const answers = await Promise.all(Array.from({ length: 8 }, () => tokens.renew('t1')))
    expect(answers.filter((a) => a === 'renewed')).toHaveLength(1)
    expect(answers.filter((a) => a === 'retry')).toHaveLength(7)
    expect(await tokens.get()).toEqual({ ok: true, value: 't2' })
    // t2 refused too: the run's renewal is spent.
    expect(await tokens.renew('t2')).toBe('exhausted')
    expect(issued()).toBe(1 + MAX_TOKEN_RENEWALS)
  })
})
