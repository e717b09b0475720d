/**
 * The EnOS emulator itself: it must accept what the docs describe and refuse the rest, or the
 * cancel tests prove nothing. Requests here are built by hand from the docs' rules.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { sendHttp } from '../../../src/http/send.js'
import { ENOS_EMULATOR_APP, ENOS_EMULATOR_USER, EnosEmulator } from '../../../emulators/enos-emulator.js'

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')
const { appKey, appSecret } = ENOS_EMULATOR_APP
const { userId, orgId } = ENOS_EMULATOR_USER

let emulator: EnosEmulator
let clock: number
beforeEach(async () => {
  clock = Date.now()
  emulator = await new EnosEmulator({ instances: ['2438-201908081020'], now: () => clock }).start()
})
afterEach(async () => {
  await emulator.stop()
})

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await sendHttp(
    {
      method: 'POST',
      url: `${emulator.url}${path}`,
      headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
      body
    },
    { timeoutMs: 5000 }
  )
  return { status: response.status, body: JSON.parse(response.body) as Record<string, unknown> }
}

function tokenRequest(timestamp: number | string, secret = appSecret) {
  return JSON.stringify({ appKey, encryption: sha256(`${appKey}${timestamp}${secret}`), timestamp })
}

async function token(): Promise<string> {
  const { body } = await post('/apim-token-service/v2.0/token/get', tokenRequest(clock))
  return (body['data'] as { accessToken: string }).accessToken
}

describe('token service', () => {
  it('issues a token for a valid encryption (timestamp as a number or a string)', async () => {
    const first = await post('/apim-token-service/v2.0/token/get', tokenRequest(clock))
    expect(first).toEqual({
      status: 200,
      body: {
        status: 0,
        msg: 'SUCCESS',
        business: 'apim-token-service',
        data: { accessToken: expect.any(String), expire: 7200 }
      }
    })
    const second = await post('/apim-token-service/v2.0/token/get', tokenRequest(String(clock + 1)))
    expect((second.body['data'] as { accessToken: string }).accessToken).toBe(
      (first.body['data'] as { accessToken: string }).accessToken
    )
  })

  it.each([
    ['a wrong secret', () => tokenRequest(clock, 'wrong'), 1003],
    ['an unknown app key', () => JSON.stringify({ appKey: 'x', encryption: 'e', timestamp: clock }), 1002],
    ['a missing encryption', () => JSON.stringify({ appKey, timestamp: clock }), 1202],
    ['a timestamp 11 minutes old', () => tokenRequest(clock - 11 * 60 * 1000), 1004]
  ])('refuses %s', async (_label, body, status) => {
    const { body: answer } = await post('/apim-token-service/v2.0/token/get', body())
    expect(answer['status']).toBe(status)
  })

  it('refuses an encryption used before (1001)', async () => {
    await post('/apim-token-service/v2.0/token/get', tokenRequest(clock))
    const { body } = await post('/apim-token-service/v2.0/token/get', tokenRequest(clock))
    expect(body['status']).toBe(1001)
  })
})

describe('signed calls', () => {
  function signed(accessToken: string, query: string, body: string, timestamp = clock, secret = appSecret) {
    const params = [...new URLSearchParams(query)]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => k + v)
      .join('')
    return {
      'apim-accesstoken': accessToken,
      'apim-signature': sha256(accessToken + params + body + timestamp + secret),
      'apim-timestamp': String(timestamp)
    }
  }
  const query = `action=cancel&userId=${userId}&orgId=${orgId}`
  const path = `/batch-processing-service/v2.1/flowInstances?${query}`
  const body = '{"flowInstId":"2438-201908081020"}'

  it('accepts a request signed as documented', async () => {
    const accessToken = await token()
    const answer = await post(path, body, signed(accessToken, query, body))
    expect(answer).toEqual({ status: 200, body: { code: 0, msg: 'OK', requestId: expect.any(String), data: '' } })
    expect(emulator.instanceStatus('2438-201908081020')).toBe(8)
  })

  it.each([
    [
      'a body other than the one signed',
      (t: string) => ({ headers: signed(t, query, body), body: '{"flowInstId": "2438-201908081020"}' })
    ],
    ['a wrong secret', (t: string) => ({ headers: signed(t, query, body, clock, 'wrong'), body })],
    ['an unknown token', () => ({ headers: signed('not-a-token', query, body), body })],
    ['a timestamp 11 minutes old', (t: string) => ({ headers: signed(t, query, body, clock - 11 * 60 * 1000), body })],
    ['no signature headers', () => ({ headers: {}, body })]
  ])('answers 401 to %s', async (_label, make) => {
    const accessToken = await token()
    const { headers, body: sent } = make(accessToken)
    const answer = await post(path, sent, headers)
    expect(answer).toEqual({ status: 401, body: { message: 'Invalid authentication credentials' } })
    expect(emulator.instanceStatus('2438-201908081020')).toBe(2)
  })

  it('answers 401 once the token is revoked', async () => {
    const accessToken = await token()
    emulator.revokeTokens()
    expect((await post(path, body, signed(accessToken, query, body))).status).toBe(401)
  })

  it('reports RUNNING until a delayed cancel completes, then CANCEL', async () => {
    emulator.cancelDelayMs = 5000
    const accessToken = await token()
    await post(path, body, signed(accessToken, query, body))
    expect(emulator.instanceStatus('2438-201908081020')).toBe(2)
    clock += 5000
    expect(emulator.instanceStatus('2438-201908081020')).toBe(8)
  })

  describe('List Flow Instances paging', () => {
    const searchQuery = `action=search&userId=${userId}&orgId=${orgId}`
    const searchPath = `/batch-processing-service/v2.1/flowInstances?${searchQuery}`
    async function search(pageNo: number, pageSize: number) {
      const sent = JSON.stringify({
        type: 1,
        expression: '77',
        owner: '',
        fromTriggerTime: 0,
        toTriggerTime: clock + 1,
        status: '2',
        pagination: { pageNo, pageSize }
      })
      const { body: answer } = await post(searchPath, sent, signed(accessToken, searchQuery, sent))
      const data = answer['data'] as { flowInsts: { instanceId: string }[]; count: number }
      return { ids: data.flowInsts.map((i) => i.instanceId), count: data.count }
    }
    let accessToken = ''
    beforeEach(async () => {
      for (let i = 0; i < 5; i++) emulator.addInstance(`77-${i}`)
      // One token a test: the token service refuses an encryption (a timestamp) used twice.
      accessToken = await token()
    })

    it('caps a page at maxPageSize whatever pageSize asks, and answers count as every match by default', async () => {
      emulator.maxPageSize = 2
      expect(await search(1, 10)).toEqual({ ids: ['77-0', '77-1'], count: 5 })
      expect(await search(3, 10)).toEqual({ ids: ['77-4'], count: 5 })
      expect(await search(4, 10)).toEqual({ ids: [], count: 5 })
    })

    it('answers count as the page’s elements when countReading is page', async () => {
      emulator.countReading = 'page'
      expect(await search(1, 3)).toEqual({ ids: ['77-0', '77-1', '77-2'], count: 3 })
      expect(await search(2, 3)).toEqual({ ids: ['77-3', '77-4'], count: 2 })
      expect(await search(3, 3)).toEqual({ ids: [], count: 0 })
    })

    it('a broken gateway that ignores pageNo answers the first page every time', async () => {
      emulator.ignorePageNo = true
      expect(await search(2, 3)).toEqual({ ids: ['77-0', '77-1', '77-2'], count: 5 })
    })
  })

  it('answers 404 for a path it does not route', async () => {
    const answer = await post('/nope', '{}')
    expect(answer).toEqual({ status: 404, body: { message: 'no Route matched with those values' } })
  })
})
