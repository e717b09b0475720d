import { describe, expect, it } from '@jest/globals'
import { Cancellation } from '../../src/cancellation.js'

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
})
