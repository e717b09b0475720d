import { describe, expect, it } from '@jest/globals'
import { BatchProcessingClient } from '../../../../src/providers/enos/client.js'
import { EnosTokenProvider } from '../../../../src/providers/enos/credentials.js'
import type { HttpRequest, HttpResponse } from '../../../../src/http/send.js'
import { testClientDeps } from '../../../helpers/runtime.js'

const json = (status: number, body: unknown): HttpResponse => ({
  status,
  statusText: '',
  headers: {},
  body: JSON.stringify(body)
})

function client(cancelAnswer: (request: HttpRequest) => HttpResponse) {
  let tokens = 0
  const cancels: HttpRequest[] = []
  const deps = testClientDeps({
    send: async (request) => {
      if (request.url.includes('token')) return json(200, { status: 0, data: { accessToken: `t${++tokens}` } })
      cancels.push(request)
      return cancelAnswer(request)
    }
  })
  const limits = { timeoutMs: 1000, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }
  const credentials = { appKey: 'k', appSecret: 's' }
  const apigw = new URL('https://apigw.example.com')
  const tokenProvider = new EnosTokenProvider({ apigw, credentials, ...limits }, { ...deps, maskSecret: () => {} })
  const enos = new BatchProcessingClient(
    { apigw, credentials, userId: 'u', orgId: 'o', ...limits },
    deps,
    tokenProvider
  )
  return { enos, cancels, tokens: () => tokens, logger: deps.runtime.logger }
}

describe('BatchProcessingClient', () => {
  it('sends again once with a renewed token when the gateway refuses the token', async () => {
    const { enos, cancels, tokens, logger } = client((request) =>
      request.headers['apim-accesstoken'] === 't1'
        ? json(401, { message: 'Invalid authentication credentials' })
        : json(200, { code: 0, msg: 'OK', requestId: 'r' })
    )
    expect((await enos.cancelFlowInstance('1-1')).result).toMatchObject({ ok: true })
    expect(cancels.map((r) => r.headers['apim-accesstoken'])).toEqual(['t1', 't2'])
    expect(tokens()).toBe(2)
    expect(logger.lines).toContain(
      "info: Cancel flow instance '1-1': the gateway refused the access token; fetching a new one"
    )
  })

  it('gives up after that one renewal: a second refusal is the answer', async () => {
    const { enos, cancels, tokens } = client(() => json(401, { message: 'Invalid authentication credentials' }))
    expect((await enos.cancelFlowInstance('1-1')).result).toMatchObject({ ok: false, failure: { code: 'HTTP401' } })
    expect((await enos.cancelFlowInstance('1-2')).result).toMatchObject({ ok: false, failure: { code: 'HTTP401' } })
    expect(tokens()).toBe(2)
    expect(cancels).toHaveLength(3)
  })

  it('signs the query and body it sends', async () => {
    const { enos, cancels } = client(() => json(200, { code: 0, msg: 'OK' }))
    await enos.getFlowInstance('1-1')
    expect(cancels[0]!.url).toBe(
      'https://apigw.example.com/batch-processing-service/v2.1/flowInstances?action=get&flowInstId=1-1&userId=u&orgId=o'
    )
    expect(cancels[0]!.headers['apim-signature']).toMatch(/^[0-9a-f]{64}$/)
  })
})
