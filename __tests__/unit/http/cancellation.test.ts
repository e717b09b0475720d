import { describe, expect, it } from '@jest/globals'
import { Cancellation } from '../../../src/http/cancellation.js'

describe('Cancellation', () => {
  it('is requested once, with the first reason', () => {
    const cancellation = new Cancellation()
    expect([cancellation.requested, cancellation.reason]).toEqual([false, undefined])
    cancellation.request('SIGINT')
    cancellation.request('SIGTERM')
    expect([cancellation.requested, cancellation.reason]).toEqual([true, 'SIGINT'])
  })

  it('aborts the signal requests carry only once the grace is over, with the reason', async () => {
    const cancellation = new Cancellation(30)
    const abortedAt: number[] = []
    const requestedAt = Date.now()
    cancellation.signal.addEventListener('abort', () => abortedAt.push(Date.now()))
    cancellation.request('SIGTERM')
    // Requested: nothing new starts, but requests in flight still have their grace.
    expect(cancellation.signal.aborted).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(cancellation.signal.aborted).toBe(true)
    expect(cancellation.signal.reason).toBe('SIGTERM')
    expect(abortedAt).toHaveLength(1)
    expect(abortedAt[0]! - requestedAt).toBeGreaterThanOrEqual(25)
  })

  it('a sleep sleeps its time when nothing is requested', async () => {
    const cancellation = new Cancellation()
    const started = Date.now()
    await cancellation.sleep(20)
    expect(Date.now() - started).toBeGreaterThanOrEqual(15)
  })

  it('a sleep ends at once on request, its timer cleared (jest would be held open a minute otherwise); later sleeps do not sleep', async () => {
    const cancellation = new Cancellation()
    const started = Date.now()
    const long = cancellation.sleep(60_000)
    cancellation.request('SIGINT')
    await long
    await cancellation.sleep(60_000)
    expect(Date.now() - started).toBeLessThan(1000)
  })
})

describe('a run that halts itself', () => {
  it('starts nothing new, as a cancel does, but lets what is in flight finish and says why', async () => {
    const cancellation = new Cancellation(10)
    const halt = { action: 'InvalidSecurityToken', code: 'InvalidSecurityToken.Expired', message: 'expired' }
    cancellation.halt(halt)
    expect(cancellation.requested).toBe(true)
    expect(cancellation.halted).toEqual(halt)
    // Not a cancel by the runner: no signal to report.
    expect(cancellation.reason).toBeUndefined()
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(cancellation.signal.aborted).toBe(false)
    // A later signal changes nothing.
    cancellation.request('SIGTERM')
    expect(cancellation.halted).toEqual(halt)
  })
})
