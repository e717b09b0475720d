/**
 * operation: cancel through the provider seam (runOperation with cancelProvider) over real HTTP on
 * 127.0.0.1 against the EnOS emulator. Only the sleeps between retries are skipped (recorded).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { sendHttp } from '../../../../src/http/send.js'
import type { Runtime } from '../../../../src/providers/runtime.js'
import { ENOS_EMULATOR_APP, ENOS_EMULATOR_USER, EnosEmulator } from '../../../../emulators/enos-emulator.js'
import type { EmulatorFault } from '../../../../emulators/loopback-emulator.js'
import { runCancel, type CancelOverrides } from '../../../helpers/operations.js'

const OTHER_USER = { userId: 'u99', orgId: ENOS_EMULATOR_USER.orgId }
const LOCKED_USER = { userId: 'u-locked', orgId: ENOS_EMULATOR_USER.orgId, locked: true }

let emulator: EnosEmulator
beforeEach(async () => {
  emulator = await new EnosEmulator({
    users: [ENOS_EMULATOR_USER, OTHER_USER, LOCKED_USER],
    instances: ['2438-201908081020', '2809-20190812080700', '3000-20261123010203']
  }).start()
})
afterEach(async () => {
  await emulator.stop()
})

const run = (overrides: CancelOverrides = {}, runtime: Partial<Runtime> = {}) => runCancel(emulator, overrides, runtime)

describe('cancel', () => {
  it('cancels a running instance with one token, masked on arrival', async () => {
    const { results, masked, logger } = await run()
    expect(results).toEqual([
      {
        name: '2438-201908081020',
        status: 'done',
        action: 'CancelFlowInstance',
        location: new URL(emulator.url).host,
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        httpStatus: 200,
        attempts: 1,
        durationMs: expect.any(Number)
      }
    ])
    expect(emulator.instanceStatus('2438-201908081020')).toBe(8)
    expect(emulator.tokenRequests).toBe(1)
    expect(masked).toHaveLength(1)
    expect(masked[0]).toMatch(/^[0-9a-f]{48}$/)
    expect(logger.lines.join('\n')).not.toContain(masked[0])
    const cancel = emulator.requests.find((r) => r.action === 'cancel')
    expect(cancel?.raw.url).toBe(
      `/batch-processing-service/v2.1/flowInstances?action=cancel&userId=${ENOS_EMULATOR_USER.userId}&orgId=${ENOS_EMULATOR_USER.orgId}`
    )
    expect(cancel?.raw.body).toBe('{"flowInstId":"2438-201908081020"}')
    expect(cancel?.raw.headers['content-type']).toBe('application/json;charset=UTF-8')
  })

  it('shares one token among several instances and reports each in order', async () => {
    const { results } = await run({ instanceIds: ['2438-201908081020', 'no-such-1', '2809-20190812080700'] })
    expect(results.map((r) => [r.name, r.status, r.errorCode])).toEqual([
      ['2438-201908081020', 'done', undefined],
      ['no-such-1', 'failed', '62102'],
      ['2809-20190812080700', 'done', undefined]
    ])
    expect(emulator.tokenRequests).toBe(1)
  })

  it.each([
    [{ userId: OTHER_USER.userId }, '62103', 'User has no privilege.', 'must own the workflow instance'],
    [
      { userId: LOCKED_USER.userId },
      '62105',
      'Your account has been locked',
      'Neither the user nor the workflow may be locked'
    ],
    [
      { orgId: 'o-other' },
      '62101',
      'userId does not exist, or it does not match to orgId.',
      "Check 'user-id' and 'org-id'"
    ],
    [{ instanceIds: ['7-1'] }, '62102', 'Instance not found', "Check 'flow-instance-id'"]
  ])('%j fails with %s and a hint, without retrying', async (overrides, code, message, hint) => {
    const { results } = await run(overrides)
    expect(results[0]).toMatchObject({ status: 'failed', errorCode: code, message, httpStatus: 200, attempts: 1 })
    expect(results[0]?.hint).toContain(hint)
  })

  it('fails an instance that already finished', async () => {
    emulator.addInstance('2438-201908081020', { status: 1 })
    const { results } = await run()
    expect(results[0]).toMatchObject({
      status: 'failed',
      errorCode: '62102',
      message: 'Flow instance 2438-201908081020 is not running'
    })
  })
})

describe('the access token', () => {
  it('fails every instance with the token service’s error before any is started, asking it only once', async () => {
    const { results } = await run({
      instanceIds: ['2438-201908081020', '2809-20190812080700'],
      credentials: { ...ENOS_EMULATOR_APP, appSecret: 'wrong' }
    })
    for (const result of results) {
      expect(result).toMatchObject({
        status: 'failed',
        errorCode: '1003',
        message: 'getting an access token failed: The encryption is not valid',
        // The token is the run's credentials: no cancel was sent for any instance.
        attempts: 0
      })
      expect(result.hint).toContain("'app-secret'")
    }
    expect(emulator.tokenRequests).toBe(1)
    expect(emulator.requests.filter((r) => r.action === 'cancel')).toHaveLength(0)
  })

  it('fails with 1002 for an unknown app key', async () => {
    const { results } = await run({ credentials: { appKey: 'nobody', appSecret: 'x' } })
    expect(results[0]).toMatchObject({ status: 'failed', errorCode: '1002' })
  })

  it('retries the token request on a transient error', async () => {
    emulator.injectFault({
      action: 'token',
      fault: { kind: 'error', status: 503, code: 'gateway', message: 'Service unavailable' }
    })
    const { results } = await run()
    expect(results[0]?.status).toBe('done')
    expect(emulator.tokenRequests).toBe(2)
  })

  it('fetches a new token once when the gateway answers 401, then goes on', async () => {
    let revoked = false
    const { results, logger } = await run(
      { instanceIds: ['2438-201908081020', '2809-20190812080700'], concurrency: 1 },
      {
        send: async (request, options) => {
          // Expire the first token right after the first cancel went through.
          if (!revoked && request.url.includes('flowInstances') && emulator.instanceStatus('2438-201908081020') === 8) {
            revoked = true
            emulator.revokeTokens()
          }
          return sendHttp(request, options)
        }
      }
    )
    expect(results.map((r) => r.status)).toEqual(['done', 'done'])
    expect(results[1]?.attempts).toBe(1)
    expect(logger.lines).toContain(
      "info: Cancel flow instance '2809-20190812080700': the gateway refused the access token; fetching a new one"
    )
  })

  it('gives up after one new token when the gateway keeps answering 401', async () => {
    emulator.injectFault({
      action: 'cancel',
      fault: { kind: 'error', status: 401, code: 'gateway', message: 'Invalid authentication credentials' },
      times: 5
    })
    const { results } = await run()
    expect(results[0]).toMatchObject({
      status: 'failed',
      errorCode: 'HTTP401',
      httpStatus: 401,
      message: 'Invalid authentication credentials',
      attempts: 1
    })
    expect(results[0]?.hint).toContain("'app-secret'")
    expect(emulator.tokenRequests).toBe(2)
  })
})

describe('transient failures are retried, each attempt signed afresh', () => {
  const cases: [string, EmulatorFault][] = [
    ['62109 in an HTTP 200 body', { kind: 'error', status: 200, code: '62109', message: 'Internal server exception' }],
    ['gateway 500', { kind: 'error', status: 500, code: 'gateway', message: 'An unexpected error occurred' }],
    ['gateway 503', { kind: 'error', status: 503, code: 'gateway', message: 'Service unavailable' }],
    ['gateway 429', { kind: 'error', status: 429, code: 'gateway', message: 'API rate limit exceeded' }],
    ['a connection reset', { kind: 'reset' }],
    ['a 502 HTML page', { kind: 'html', status: 502 }]
  ]
  it.each(cases)('%s', async (_label, fault) => {
    emulator.injectFault({ action: 'cancel', fault, times: 2 })
    // A clock a little ahead each time it is read, so fresh signing shows in the timestamps.
    let tick = 0
    const { results, sleeps } = await run({}, { now: () => Date.now() + tick++ })
    expect(results[0]).toMatchObject({ status: 'done', attempts: 3 })
    expect(sleeps).toHaveLength(2)
    const cancels = emulator.requests.filter((r) => r.action === 'cancel')
    expect(new Set(cancels.map((r) => r.raw.headers['apim-timestamp'])).size).toBe(3)
    expect(new Set(cancels.map((r) => r.raw.headers['apim-signature'])).size).toBe(3)
    expect(emulator.tokenRequests).toBe(1)
  })

  it.each([
    ['lost (the connection dropped before any answer)', 'apply-then-reset'],
    ['cut off mid-body', 'apply-then-cut']
  ] as const)('counts a cancel whose answer was %s as done when the instance reads CANCEL', async (_, kind) => {
    emulator.injectFault({ action: 'cancel', fault: { kind } })
    const { results } = await run()
    expect(results[0]).toMatchObject({
      status: 'done',
      attempts: 2,
      message: 'cancelled by an earlier attempt whose answer was lost'
    })
    expect(emulator.requests.map((r) => `${r.action}:${r.code}`)).toEqual([
      'token:',
      `cancel:fault:${kind}`,
      'cancel:62102',
      'get:'
    ])
  })

  it('times out an attempt that never gets an answer and retries it', async () => {
    emulator.injectFault({ action: 'cancel', fault: { kind: 'hang' } })
    const { results } = await run({ timeoutMs: 300 })
    expect(results[0]).toMatchObject({ status: 'done', attempts: 2 })
  })
})

describe('debug logging', () => {
  it('shows requests with the token and signature replaced by ***', async () => {
    const { logger, masked } = await run()
    const debug = logger.lines.filter((l) => l.startsWith('debug:')).join('\n')
    expect(debug).toContain('"apim-accesstoken":"***"')
    expect(debug).toContain('"apim-signature":"***"')
    expect(debug).not.toContain(masked[0])
    expect(debug).not.toContain(ENOS_EMULATOR_APP.appSecret)
  })
})

describe('an access token that expires during the run', () => {
  it('is fetched anew once it has lived out its time: 30 instances over about 3 s with tokens of 1.5 s, all cancelled', async () => {
    const short = await new EnosEmulator({ tokenTtlMs: 1_500, latencyMs: 100 }).start()
    try {
      const ids = Array.from({ length: 30 }, (_, i) => `2438-2019080810${String(i).padStart(2, '0')}`)
      for (const id of ids) short.addInstance(id)
      const { results, logger } = await runCancel(short, { instanceIds: ids, concurrency: 1 })
      expect(results.map((r) => r.status)).toEqual(Array(30).fill('done'))
      const tokens = short.requests.filter((r) => r.action === 'token').length
      expect(tokens).toBeGreaterThanOrEqual(3)
      expect(logger.lines.join('\n')).toContain('The EnOS access token expired: a new one is fetched (renewal 1)')
    } finally {
      await short.stop()
    }
  })
})
