import { describe, expect, it } from '@jest/globals'
import { Cancellation } from '../../../src/http/cancellation.js'
import { realRuntime, serviceDeps, ServicePacing } from '../../../src/providers/runtime.js'
import { NO_RECORDS } from '../../../src/report/manifest.js'
import { testRuntime } from '../../helpers/runtime.js'

describe('serviceDeps', () => {
  it('gives each service its own rate controller, capped by max-rate, saying once when it starts to throttle', () => {
    const runtime = testRuntime()
    const a = serviceDeps(runtime, 'Service A', 2)
    const b = serviceDeps(runtime, 'Service B', undefined)
    expect(a.limiter).not.toBe(b.limiter)
    expect(a.limiter.rate).toBe(2)
    expect(b.limiter.rate).toBe(Number.POSITIVE_INFINITY)
    a.limiter.onThrottled({ seq: 1, sentAt: 0 })
    a.limiter.onThrottled({ seq: 2, sentAt: 0 })
    expect(runtime.logger.lines).toEqual([
      'info: Service A is throttling requests: flow-ops slows down to the rate it accepts (throttled calls are retried and do not use up max-attempts)'
    ])
  })

  it('hands the runtime’s redaction to every call, for the exchange to use before it shortens', () => {
    const runtime = testRuntime()
    runtime.maskSecret('s3cr3t-value')
    expect(serviceDeps(runtime, 'S', undefined).redact('echo s3cr3t-value')).toBe('echo ***')
  })

  it('follows the runtime’s cancellation', () => {
    const runtime = testRuntime()
    const deps = serviceDeps(runtime, 'S', undefined)
    expect(deps.cancelled()).toBe(false)
    runtime.cancellation.request('SIGINT')
    expect(deps.cancelled()).toBe(true)
  })
})

describe('realRuntime', () => {
  it('sleeps for real, but no longer once the run is cancelled', async () => {
    const cancellation = new Cancellation()
    const runtime = realRuntime({
      logger: testRuntime().logger,
      cancellation,
      maskSecret: () => {},
      redact: (text) => text,
      manifest: NO_RECORDS,
      getIdToken: async () => ''
    })
    const started = Date.now()
    const sleeping = runtime.sleep(10_000)
    cancellation.request('SIGTERM')
    await sleeping
    expect(Date.now() - started).toBeLessThan(1000)
    expect(runtime.pace).toBe(runtime.sleep)
  })
})

describe('ServicePacing, the pipeline’s', () => {
  it('hands every call to one service the same rate controller, capped by max-rate unless told not to', () => {
    const pacing = new ServicePacing(testRuntime(), 3)
    const fnf = pacing.deps('Serverless Workflow')
    expect(pacing.deps('Serverless Workflow').limiter).toBe(fnf.limiter)
    expect(fnf.limiter.rate).toBe(3)
    const sts = pacing.deps('STS', { capped: false })
    expect(sts.limiter).not.toBe(fnf.limiter)
    expect(sts.limiter.rate).toBe(Number.POSITIVE_INFINITY)
  })

  it('says how each service that throttled did, and nothing of those that did not', () => {
    const pacing = new ServicePacing(testRuntime(), undefined)
    pacing.deps('Quiet service')
    const busy = pacing.deps('Busy service').limiter
    expect(pacing.throttling()).toEqual([])
    busy.onThrottled({ seq: 1, sentAt: 0 })
    const lines = pacing.throttling()
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^Busy service throttling: /)
  })

  it('carries the run’s AbortSignal to every call, aborted once the grace after a cancel is over', async () => {
    const cancellation = new Cancellation(10)
    const deps = new ServicePacing(testRuntime({ cancellation }), undefined).deps('S')
    expect(deps.signal?.aborted).toBe(false)
    cancellation.request('SIGTERM')
    expect(deps.cancelled()).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(deps.signal?.aborted).toBe(true)
  })
})
