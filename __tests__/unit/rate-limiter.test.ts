import { describe, expect, it } from '@jest/globals'
import { AdaptiveRateLimiter } from '../../src/http/rate-limiter.js'

/** A limiter on a fake clock: sleeping moves the clock, so tests run instantly and exactly. */
function fakeLimiter() {
  let now = 0
  const limiter = new AdaptiveRateLimiter(
    () => now,
    async (ms) => {
      now += ms
    }
  )
  return { limiter, clock: () => now, advance: (ms: number) => (now += ms) }
}

describe('AdaptiveRateLimiter', () => {
  it('does not hold anything back until the service throttles', async () => {
    const { limiter, clock } = fakeLimiter()
    for (let i = 0; i < 100; i++) limiter.onAccepted(await limiter.acquire())
    expect(clock()).toBe(0)
    expect(limiter.rate).toBe(Number.POSITIVE_INFINITY)
  })

  it('cuts to 90% of the rate the service was accepting, then spaces requests out', async () => {
    const { limiter, clock, advance } = fakeLimiter()
    for (let i = 0; i < 40; i++) {
      limiter.onAccepted(await limiter.acquire())
      advance(10)
    }
    limiter.onThrottled(await limiter.acquire())
    expect(limiter.rate).toBe(36)
    const start = clock()
    const tickets = []
    for (let i = 0; i < 4; i++) tickets.push(await limiter.acquire())
    // The first waits one interval after the cut, the rest one interval apart.
    expect(tickets.map((t) => Math.round(t.sentAt - start))).toEqual([28, 56, 83, 111])
  })

  it('cuts once for a burst of throttled answers to requests sent before the cut', async () => {
    const { limiter, advance } = fakeLimiter()
    for (let i = 0; i < 20; i++) limiter.onAccepted(await limiter.acquire())
    const burst = await Promise.all(Array.from({ length: 8 }, () => limiter.acquire()))
    advance(5)
    for (const ticket of burst) limiter.onThrottled(ticket)
    expect(limiter.rate).toBe(18)
    expect(limiter.throttled).toBe(8)
  })

  it('grows back by about 2 requests a second per second while nothing is throttled', async () => {
    const { limiter, advance } = fakeLimiter()
    for (let i = 0; i < 10; i++) limiter.onAccepted(await limiter.acquire())
    limiter.onThrottled(await limiter.acquire())
    expect(limiter.rate).toBe(9)
    advance(1000)
    for (let i = 0; i < 9; i++) limiter.onAccepted(await limiter.acquire())
    expect(limiter.rate).toBeGreaterThan(10.8)
    expect(limiter.rate).toBeLessThan(11.1)
  })

  it('never goes below its minimum', async () => {
    const { limiter, advance } = fakeLimiter()
    for (let i = 0; i < 5; i++) {
      advance(2000)
      limiter.onThrottled(await limiter.acquire())
    }
    expect(limiter.rate).toBe(0.5)
  })
})
