/**
 * operation: delete through the provider seam (runOperation with deleteProvider) over real HTTP on
 * 127.0.0.1 against the fnf emulator, which checks signatures with Alibaba's own openapi-util.
 * Only the sleeps between retries are skipped (recorded instead).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import type { Runtime } from '../../../../src/providers/runtime.js'
import { EMULATOR_DEFAULT_ACCOUNT, FnfEmulator } from '../../../../emulators/fnf-emulator.js'
import type { EmulatorFault } from '../../../../emulators/loopback-emulator.js'
import { runDelete, type DeleteOverrides } from '../../../helpers/operations.js'

const STS_ACCOUNT = { accessKeyId: 'STS.emulator-id', accessKeySecret: 'sts-secret', securityToken: 'CAIS+sts/token==' }

let emulator: FnfEmulator

beforeEach(async () => {
  emulator = await new FnfEmulator({
    accounts: [EMULATOR_DEFAULT_ACCOUNT, STS_ACCOUNT],
    flows: ['flow-a', 'flow-b']
  }).start()
})
afterEach(async () => {
  await emulator.stop()
})

const run = (overrides: DeleteOverrides = {}, runtime: Partial<Runtime> = {}) => runDelete(emulator, overrides, runtime)

describe.each(['v1', 'v3'] as const)('DeleteFlow signed with %s', (signatureVersion) => {
  it('deletes the flow and returns the service’s RequestId', async () => {
    const { results } = await run({ signatureVersion })
    expect(results).toHaveLength(1)
    expect(results[0]).toMatchObject({
      name: 'flow-a',
      status: 'done',
      action: 'DeleteFlow',
      // The endpoint overrides the region, so the host is where the flow was.
      location: new URL(emulator.url).host,
      attempts: 1
    })
    expect(results[0]?.requestId).toMatch(/^[0-9A-F-]{36}$/)
    expect(emulator.flows).toEqual(['flow-b'])
    expect(emulator.requests).toHaveLength(1)
    expect(emulator.requests[0]).toMatchObject({
      method: 'POST',
      action: 'DeleteFlow',
      target: 'flow-a',
      auth: signatureVersion,
      status: 200
    })
    expect(emulator.requests[0]?.raw.body).toBe('Name=flow-a')
  })

  it('works with an STS key and its token', async () => {
    const { results } = await run({ signatureVersion, credentials: { ...STS_ACCOUNT } })
    expect(results[0]?.status).toBe('done')
  })

  it('is refused when the STS token is missing, without retrying', async () => {
    const { results } = await run({
      signatureVersion,
      credentials: { accessKeyId: STS_ACCOUNT.accessKeyId, accessKeySecret: STS_ACCOUNT.accessKeySecret }
    })
    expect(results[0]).toMatchObject({
      status: 'failed',
      errorCode: 'InvalidSecurityToken.MismatchWithAccessKey',
      httpStatus: 403,
      attempts: 1
    })
    expect(results[0]?.hint).toContain("The service refused 'security-token'")
  })

  it('fails with SignatureNotMatch and a hint when the secret is wrong, without retrying', async () => {
    const { results } = await run({
      signatureVersion,
      credentials: { ...EMULATOR_DEFAULT_ACCOUNT, accessKeySecret: 'wrong' }
    })
    expect(results[0]).toMatchObject({
      status: 'failed',
      errorCode: 'SignatureNotMatch',
      httpStatus: 403,
      attempts: 1,
      message:
        'The request signature we calculated does not match the signature you provided. Check your access key and signing method.'
    })
    expect(results[0]?.hint).toContain("'access-key-secret'")
    expect(emulator.flows).toEqual(['flow-a', 'flow-b'])
  })

  it('fails with InvalidAccessKeyID for an unknown key', async () => {
    const { results } = await run({ signatureVersion, credentials: { accessKeyId: 'nobody', accessKeySecret: 'x' } })
    expect(results[0]).toMatchObject({
      status: 'failed',
      errorCode: 'InvalidAccessKeyID',
      httpStatus: 403,
      attempts: 1
    })
  })

  it('corrects a runner clock 20 minutes slow from the Date header, re-signs and goes on', async () => {
    const { results, logger } = await run(
      { signatureVersion, flowNames: ['flow-a', 'flow-b'], concurrency: 1 },
      { now: () => Date.now() - 20 * 60 * 1000 }
    )
    expect(results.map((r) => [r.status, r.attempts])).toEqual([
      ['done', 1],
      ['done', 1]
    ])
    const warnings = logger.lines.filter((l) => l.startsWith('warning:'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^warning: The runner's clock is 1(199|200|201) s behind Alibaba Cloud's/)
    // One refusal, then every request signed with the service's time.
    expect(emulator.requests.map((r) => r.code)).toEqual(['RequestTimeTooSkewed', '', ''])
  })

  it('gives up when the service says the time is skewed but its Date header agrees with the runner', async () => {
    emulator.injectFault({ fault: { kind: 'error', status: 403, code: 'RequestTimeTooSkewed' } })
    const { results, logger } = await run({ signatureVersion })
    expect(results[0]).toMatchObject({
      status: 'failed',
      errorCode: 'RequestTimeTooSkewed',
      httpStatus: 403,
      attempts: 1
    })
    expect(results[0]?.hint).toContain('NTP')
    expect(emulator.requests).toHaveLength(1)
    expect(logger.lines.filter((l) => l.startsWith('warning:'))).toEqual([])
  })

  it('re-signs only once: a second skew answer after the correction is final', async () => {
    emulator.injectFault({ fault: { kind: 'error', status: 403, code: 'RequestTimeTooSkewed' }, times: 2 })
    const { results } = await run({ signatureVersion }, { now: () => Date.now() - 20 * 60 * 1000 })
    expect(results[0]).toMatchObject({ status: 'failed', errorCode: 'RequestTimeTooSkewed', attempts: 1 })
    expect(emulator.requests).toHaveLength(2)
  })
})

describe('not found', () => {
  it('fails with FlowNotExists and a hint', async () => {
    const { results } = await run({ flowNames: ['ghost'] })
    expect(results[0]).toMatchObject({
      name: 'ghost',
      status: 'failed',
      errorCode: 'FlowNotExists',
      httpStatus: 404,
      message: 'Flow ghost does not exist.',
      attempts: 1
    })
    expect(results[0]?.hint).toContain('ignore-not-found')
  })

  it('is success with status not-found under ignore-not-found', async () => {
    const { results } = await run({ flowNames: ['ghost'], ignoreNotFound: true })
    expect(results[0]).toMatchObject({ status: 'not-found', errorCode: 'FlowNotExists', httpStatus: 404 })
  })
})

describe('several flows', () => {
  it('attempts every flow in order even when one fails, and suffixes a given request id', async () => {
    const { results } = await run({ flowNames: ['flow-a', 'ghost', 'flow-b'], requestId: 'run-7' })
    expect(results.map((r) => [r.name, r.status, r.requestId])).toEqual([
      ['flow-a', 'done', 'run-7-1'],
      ['ghost', 'failed', 'run-7-2'],
      ['flow-b', 'done', 'run-7-3']
    ])
    expect(emulator.flows).toEqual([])
  })

  it('sends a single flow’s request id as given', async () => {
    const { results } = await run({ requestId: 'deploy-123' })
    expect(results[0]?.requestId).toBe('deploy-123')
    const sent = emulator.requests.find((r) => r.action === 'DeleteFlow')!
    expect(new URLSearchParams(sent.raw.body).get('RequestId')).toBe('deploy-123')
  })

  it('a service that ignores RequestId (the current API has no such parameter): request-id is the id it answered, and the log says so', async () => {
    emulator.honoursRequestId = false
    const { results, logger } = await run({ requestId: 'deploy-123' })
    expect(results[0]).toMatchObject({ status: 'done', requestId: expect.stringMatching(/^[0-9A-F-]{36}$/) })
    expect(logger.lines).toContainEqual(
      expect.stringContaining("did not take the RequestId given ('deploy-123') as the call's id")
    )
  })

  it('a failure without an answer (a reset every time) reports no request id rather than the one given', async () => {
    emulator.injectFault({ action: 'DeleteFlow', fault: { kind: 'reset' }, times: 3 })
    const { results } = await run({ requestId: 'deploy-123' })
    expect(results[0]).toMatchObject({ status: 'failed', errorCode: 'NetworkError' })
    expect(results[0]?.requestId).toBeUndefined()
  })
})

describe('transient failures are retried, each attempt signed afresh', () => {
  const cases: [string, EmulatorFault][] = [
    ['500 InternalServerError', { kind: 'error', status: 500, code: 'InternalServerError' }],
    ['503 ServiceUnavailable', { kind: 'error', status: 503, code: 'ServiceUnavailable' }],
    ['409 ConcurrentUpdateError', { kind: 'error', status: 409, code: 'ConcurrentUpdateError' }],
    ['429 ResourceThrottled', { kind: 'error', status: 429, code: 'ResourceThrottled' }],
    ['400 Throttling.User', { kind: 'error', status: 400, code: 'Throttling.User' }],
    ['200 with a Throttling code inside', { kind: 'error', status: 200, code: 'Throttling.Api' }],
    ['a connection reset', { kind: 'reset' }],
    ['a 502 HTML page', { kind: 'html', status: 502 }]
  ]
  it.each(cases)('%s', async (_label, fault) => {
    emulator.injectFault({ fault, times: 2 })
    const { results, sleeps, logger } = await run()
    expect(results[0]).toMatchObject({ status: 'done', attempts: 3 })
    expect(sleeps).toHaveLength(2)
    expect(emulator.requests).toHaveLength(3)
    const nonces = emulator.requests.map((r) => new URL(r.raw.url, 'http://x').searchParams.get('SignatureNonce'))
    expect(new Set(nonces).size).toBe(3)
    // Failures are logged; throttled answers, which the rate controller paces, only for debugging.
    const retryLine =
      fault.kind === 'error' && /Throttl/.test(fault.code)
        ? "debug: DeleteFlow 'flow-a': throttled"
        : "info: DeleteFlow 'flow-a': attempt"
    expect(logger.lines.filter((l) => l.startsWith(retryLine))).toHaveLength(2)
  })

  it('waits as long as Retry-After says', async () => {
    emulator.injectFault({ fault: { kind: 'error', status: 429, code: 'ResourceThrottled', retryAfter: '2' } })
    const { sleeps } = await run()
    expect(sleeps).toEqual([2000])
  })

  it('gives up after max-attempts with the last error', async () => {
    emulator.injectFault({
      fault: {
        kind: 'error',
        status: 500,
        code: 'InternalServerError',
        message: 'An internal error has occurred. Please retry.'
      },
      times: 5
    })
    const { results } = await run({ maxAttempts: 2 })
    expect(results[0]).toMatchObject({
      status: 'failed',
      errorCode: 'InternalServerError',
      httpStatus: 500,
      attempts: 2
    })
    expect(emulator.requests).toHaveLength(2)
  })

  it('times out an attempt that never gets an answer and retries it', async () => {
    emulator.injectFault({ fault: { kind: 'hang' } })
    const started = Date.now()
    const { results } = await run({ timeoutMs: 300 })
    expect(results[0]).toMatchObject({ status: 'done', attempts: 2 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it.each([
    ['lost (the connection dropped before any answer)', 'apply-then-reset'],
    ['cut off mid-body', 'apply-then-cut']
  ] as const)('counts FlowNotExists after an answer %s as deleted: the earlier attempt did it', async (_, kind) => {
    emulator.injectFault({ fault: { kind } })
    const { results } = await run()
    expect(results[0]).toMatchObject({
      status: 'done',
      attempts: 2,
      message: 'deleted by an earlier attempt whose answer was lost'
    })
    expect(emulator.requests.map((r) => r.code)).toEqual([`fault:${kind}`, 'FlowNotExists'])
  })

  it('does not count FlowNotExists after throttling as deleted (a throttled call never ran)', async () => {
    emulator.injectFault({ fault: { kind: 'error', status: 429, code: 'ResourceThrottled' } })
    const { results } = await run({ flowNames: ['ghost'] })
    expect(results[0]).toMatchObject({ status: 'failed', errorCode: 'FlowNotExists', attempts: 2 })
  })

  it('retries a refused connection and then reports it clearly', async () => {
    const port = new URL(emulator.url).port
    await emulator.stop()
    const { results } = await run({ endpoint: new URL(`http://127.0.0.1:${port}`) })
    expect(results[0]).toMatchObject({ status: 'failed', errorCode: 'NetworkError', attempts: 3 })
    expect(results[0]?.message).toBe(
      `POST http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port} (ECONNREFUSED)`
    )
    emulator = await new FnfEmulator().start()
  })
})

describe('debug logging', () => {
  it('logs each attempt with signatures and keys redacted', async () => {
    const { logger } = await run({ credentials: { ...STS_ACCOUNT } })
    const debug = logger.lines.filter((l) => l.startsWith('debug:'))
    expect(debug[0]).toMatch(
      /^debug: DeleteFlow 'flow-a': attempt 1: POST http:\/\/127\.0\.0\.1:\d+\/\?Action=DeleteFlow&.*AccessKeyId=\*\*\*&SecurityToken=\*\*\*&Signature=\*\*\* /
    )
    const all = logger.lines.join('\n')
    expect(all).not.toContain(STS_ACCOUNT.securityToken)
    expect(all).not.toContain(encodeURIComponent(STS_ACCOUNT.securityToken))
    expect(all).not.toContain(STS_ACCOUNT.accessKeySecret)
  })
})
