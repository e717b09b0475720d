import { describe, expect, it } from '@jest/globals'
import { Cancellation } from '../../../src/http/cancellation.js'

describe('Cancellation', () => {
  it('is requested once, with the first reason', async () => {
    const cancellation = new Cancellation()
    expect(cancellation.requested).toBe(false)
    const woken = cancellation.whenRequested()
    cancellation.request('SIGINT')
    cancellation.request('SIGTERM')
    await woken
    expect(cancellation.reason).toBe('SIGINT')
  })

  it('ends a sleep early once requested, and skips later sleeps', async () => {
    const cancellation = new Cancellation()
    const never = () => new Promise<void>(() => {})
    const sleep = cancellation.sleeper(never)
    const sleeping = sleep(60_000)
    cancellation.request('SIGTERM')
    await sleeping
    await sleep(60_000)
    expect(cancellation.requested).toBe(true)
  })

  it('a real sleep sleeps, leaves nothing behind when over, and ends with its timer cleared on request', async () => {
    const cancellation = new Cancellation()
    const started = Date.now()
    await cancellation.sleep(20)
    expect(Date.now() - started).toBeGreaterThanOrEqual(15)
    const waiters = () => (cancellation as unknown as { waiters: Set<unknown> }).waiters.size
    expect(waiters()).toBe(0)
    const long = cancellation.sleep(60_000)
    expect(waiters()).toBe(1)
    cancellation.request('SIGINT')
    await long // the test would hold jest open for a minute if its timer were left running
    await cancellation.sleep(60_000)
    expect(waiters()).toBe(0)
  })
})
