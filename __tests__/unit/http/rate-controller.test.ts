import { describe, expect, it } from '@jest/globals'
import { RateController, type RateControllerOptions, type SendTicket } from '../../../src/http/rate-controller.js'

/** A controller on a fake clock: sleeping moves the clock, so tests run instantly and exactly. */
function fake(options: Partial<RateControllerOptions> = {}, cancelled = () => false) {
  let now = 0
  const started: string[] = []
  const controller = new RateController(
    () => now,
    async (ms) => {
      now += ms
    },
    options,
    { cancelled, onThrottlingStarted: () => void started.push(`at ${now}`) }
  )
  const acquireMany = async (n: number) => {
    const tickets: SendTicket[] = []
    for (let i = 0; i < n; i++) tickets.push(await controller.acquire())
    return tickets
  }
  return {
    controller,
    started,
    acquireMany,
    clock: () => now,
    advance: (ms: number) => void (now += ms)
  }
}

describe('RateController', () => {
  it('holds nothing back until the service throttles', async () => {
    const { controller, acquireMany, clock } = fake()
    for (const ticket of await acquireMany(100)) controller.onAccepted(ticket)
    expect(clock()).toBe(0)
    expect(controller.rate).toBe(Number.POSITIVE_INFINITY)
  })

  it('one throttling episode is one cut, whatever number of answers it throttled (a fixed window of 40)', async () => {
    const { controller, started, acquireMany, clock, advance } = fake()
    const tickets = await acquireMany(48)
    advance(5)
    for (const ticket of tickets.slice(0, 40)) controller.onAccepted(ticket)
    for (const ticket of tickets.slice(40)) controller.onThrottled(ticket)
    expect(controller.cuts).toBe(1)
    expect(controller.rate).toBe(40)
    expect(controller.throttled).toBe(8)
    expect(started).toEqual(['at 5'])
    // The window is spent: the next request waits until 40 of the last 48 have been at the service
    // for a second (they were answered at 5 ms, so they may have got there as late as that).
    const next = await controller.acquire()
    expect(next.sentAt).toBe(1005)
    expect(clock()).toBe(1005)
    // Then evenly paced, a little under 40 a second.
    const [after] = await acquireMany(1)
    expect(after!.sentAt - next.sentAt).toBeCloseTo(1000 / (40 * 0.97), 5)
  })

  it('throttled answers to calls sent before the decision are old news', async () => {
    const { controller, acquireMany, advance } = fake()
    const tickets = await acquireMany(20)
    advance(5)
    for (const ticket of tickets.slice(0, 10)) controller.onAccepted(ticket)
    controller.onThrottled(tickets[10]!)
    // The episode waits for the calls sent after the throttled one; they are throttled too.
    for (const ticket of tickets.slice(11, 19)) controller.onThrottled(ticket)
    expect(controller.cuts).toBe(0)
    controller.onThrottled(tickets[19]!)
    expect(controller.cuts).toBe(1)
    expect(controller.rate).toBe(10)
    // Sent before the decision: however late it answers, it changes nothing.
    advance(1500)
    const late = { seq: 0, sentAt: 0 }
    controller.onThrottled(late)
    expect(controller.cuts).toBe(1)
  })

  it('a throttle after a call sent later was accepted is no signal: a few early 429s do not slow the run', async () => {
    const { controller, acquireMany, advance } = fake()
    const tickets = await acquireMany(32)
    advance(200)
    for (const ticket of tickets.slice(0, 5)) controller.onThrottled(ticket)
    for (const ticket of tickets.slice(5)) controller.onAccepted(ticket)
    expect(controller.cuts).toBe(0)
    expect(controller.rate).toBe(Number.POSITIVE_INFINITY)
    const next = await controller.acquire()
    expect(next.sentAt).toBe(200)
  })

  it('with nothing accepted at all, a throttle pauses sending (longer each time) instead of collapsing the rate', async () => {
    const { controller, acquireMany } = fake()
    for (const ticket of await acquireMany(4)) controller.onThrottled(ticket)
    const sentAt: number[] = []
    for (let i = 0; i < 3; i++) {
      const next = await controller.acquire()
      sentAt.push(next.sentAt)
      controller.onThrottled(next)
    }
    expect(sentAt).toEqual([250, 750, 1750])
    expect(controller.cuts).toBe(0)
    expect(controller.rate).toBe(Number.POSITIVE_INFINITY)
  })

  it('decides an episode after episodeTimeoutMs when calls in flight never answer', async () => {
    const { controller, acquireMany, clock, advance } = fake()
    const tickets = await acquireMany(12)
    advance(5)
    for (const ticket of tickets.slice(0, 10)) controller.onAccepted(ticket)
    controller.onThrottled(tickets[10]!)
    // tickets[11] hangs: the next send waits for the episode's deadline, not for ever.
    const next = await controller.acquire()
    expect(controller.cuts).toBe(1)
    expect(next.sentAt).toBeGreaterThanOrEqual(1005)
    expect(clock()).toBeLessThan(1100)
  })

  it('after the cut, a throttle of a call sent under the new limit cuts to what was accepted (a token bucket of 10 and 2 a second)', async () => {
    const { controller, acquireMany, clock, advance } = fake()
    const burst = await acquireMany(16)
    advance(5)
    for (const ticket of burst.slice(0, 10)) controller.onAccepted(ticket)
    for (const ticket of burst.slice(10)) controller.onThrottled(ticket)
    expect(controller.rate).toBe(10)
    // A second later the bucket holds two tokens: two go through, the third is throttled.
    const [a, b, c] = await acquireMany(3)
    expect(a!.sentAt).toBeGreaterThanOrEqual(1000)
    advance(1)
    controller.onAccepted(a!)
    controller.onAccepted(b!)
    controller.onThrottled(c!)
    expect(controller.cuts).toBe(2)
    expect(controller.rate).toBe(2)
    expect(controller.summary()).toBe('7 of 19 answers were throttled; settled at 2.0 requests a second')
    expect(clock()).toBeLessThan(1300)
  })

  it('probes upward after a quiet spell, faster each time, and falls back to what was accepted when a probe is throttled', async () => {
    const { controller, acquireMany, advance } = fake({ quietMs: 3000 })
    const burst = await acquireMany(12)
    for (const ticket of burst.slice(0, 10)) controller.onAccepted(ticket)
    for (const ticket of burst.slice(10)) controller.onThrottled(ticket)
    expect(controller.rate).toBe(10)
    const rates: number[] = []
    for (let i = 0; i < 4; i++) {
      advance(3000)
      controller.onAccepted((await acquireMany(1))[0]!)
      rates.push(controller.rate)
    }
    // 10 % (at least 1), doubled with each probe that went through: +1, +2, +4, +16.
    expect(rates).toEqual([11, 13, 17, 33])
    // A probe is throttled after 20 were accepted in the last second: back to 20.
    advance(1000)
    const probe = await acquireMany(21)
    for (const ticket of probe.slice(0, 20)) controller.onAccepted(ticket)
    controller.onThrottled(probe[20]!)
    expect(controller.rate).toBe(20)
  })

  it('max-rate caps the rate from the first request, with no burst', async () => {
    const { controller, acquireMany } = fake({ maxRate: 5 })
    const tickets = await acquireMany(6)
    expect(tickets.map((t) => t.sentAt)).toEqual([0, 200, 400, 600, 800, 1000])
    expect(controller.rate).toBe(5)
  })

  it('max-rate also caps probing', async () => {
    const { controller, acquireMany, advance } = fake({ maxRate: 12, quietMs: 1000 })
    const burst = await acquireMany(12)
    for (const ticket of burst.slice(0, 10)) controller.onAccepted(ticket)
    for (const ticket of burst.slice(10)) controller.onThrottled(ticket)
    for (let i = 0; i < 5; i++) {
      advance(1000)
      controller.onAccepted((await acquireMany(1))[0]!)
    }
    expect(controller.rate).toBe(12)
  })

  it('lets every waiter go at once when the run is cancelled', async () => {
    let cancelled = false
    const { controller, acquireMany } = fake({ maxRate: 1 }, () => cancelled)
    await acquireMany(1)
    cancelled = true
    const tickets = await acquireMany(5)
    expect(new Set(tickets.map((t) => t.sentAt)).size).toBe(1)
    expect(controller.summary()).toBe('0 of 0 answers were throttled; no lasting slowdown was needed')
  })

  it('an attempt that got no answer says nothing about the rate, and does not hold an episode open', async () => {
    const { controller, acquireMany, clock, advance } = fake()
    const tickets = await acquireMany(12)
    advance(5)
    for (const ticket of tickets.slice(0, 10)) controller.onAccepted(ticket)
    controller.onThrottled(tickets[10]!)
    controller.onUnanswered(tickets[11]!)
    expect(controller.cuts).toBe(1)
    expect(clock()).toBe(5)
  })
})
