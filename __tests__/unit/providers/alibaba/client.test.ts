import { describe, expect, it } from '@jest/globals'
import { FnfClient } from '../../../../src/providers/alibaba/client.js'
import { staticKeys } from '../../../../src/providers/alibaba/credentials.js'
import type { HttpRequest, HttpResponse } from '../../../../src/http/send.js'
import { testClientDeps } from '../../../helpers/runtime.js'

const SKEW_MS = 20 * 60 * 1000

function client(answers: (request: HttpRequest) => HttpResponse) {
  const sent: HttpRequest[] = []
  const deps = testClientDeps({
    now: () => Date.parse('2026-11-23T00:00:00Z'),
    send: async (request) => (sent.push(request), answers(request))
  })
  let nonce = 0
  const fnf = new FnfClient(
    {
      endpoint: new URL('https://cn-hangzhou.fnf.aliyuncs.com'),
      keys: staticKeys({ accessKeyId: 'id', accessKeySecret: 'secret' }),
      signatureVersion: 'v1',
      timeoutMs: 1000,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 }
    },
    { ...deps, nonce: () => `n${nonce++}` }
  )
  return { fnf, sent, logger: deps.runtime.logger }
}

const skewed = (date: string): HttpResponse => ({
  status: 403,
  statusText: '',
  headers: { date },
  body: JSON.stringify({ RequestId: 'R', Code: 'RequestTimeTooSkewed', Message: 'skewed' })
})
const ok: HttpResponse = { status: 200, statusText: 'OK', headers: {}, body: '{"RequestId":"R2"}' }
const timestamp = (request: HttpRequest) => new URL(request.url).searchParams.get('Timestamp')

describe('FnfClient clock-skew correction', () => {
  it('signs once more with the service’s time from its Date header, and keeps it for later calls', async () => {
    const service = new Date(Date.parse('2026-11-23T00:00:00Z') + SKEW_MS).toUTCString()
    const { fnf, sent, logger } = client(() => (sent.length === 1 ? skewed(service) : ok))
    expect((await fnf.deleteFlow('a')).result).toMatchObject({ ok: true })
    await fnf.deleteFlow('b')
    expect(sent.map(timestamp)).toEqual(['2026-11-23T00:00:00Z', '2026-11-23T00:20:00Z', '2026-11-23T00:20:00Z'])
    expect(new Set(sent.map((r) => new URL(r.url).searchParams.get('SignatureNonce'))).size).toBe(3)
    expect(logger.lines.filter((l) => l.startsWith('warning:'))).toEqual([
      "warning: The runner's clock is 1200 s behind Alibaba Cloud's (from the service's Date header); requests are signed with the service's time from now on. Check the runner's time synchronisation (NTP)."
    ])
  })

  it('does not sign again when the Date header agrees within a minute, or is missing', async () => {
    for (const date of [new Date('2026-11-23T00:00:30Z').toUTCString(), '']) {
      const { fnf, sent } = client(() => skewed(date))
      expect((await fnf.deleteFlow('a')).result).toMatchObject({ ok: false, failure: { code: 'RequestTimeTooSkewed' } })
      expect(sent).toHaveLength(1)
    }
  })
})
