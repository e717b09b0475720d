import { describe, expect, it } from '@jest/globals'
import { Cancellation } from '../../../src/http/cancellation.js'
import { realRuntime, serviceDeps } from '../../../src/providers/runtime.js'
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
