import { describe, expect, it } from '@jest/globals'
import { waitUntilDone, type PollResult } from '../../../src/http/poll.js'

/** waitUntilDone on a fake clock over scripted poll results. */
async function wait(results: PollResult[], timeoutMs: number) {
  let now = 0
  const sleeps: number[] = []
  const pollTimes: number[] = []
  const pending: string[] = []
  let i = 0
  const outcome = await waitUntilDone(
    async () => {
      pollTimes.push(now)
      return results[Math.min(i++, results.length - 1)]!
    },
    { timeoutMs },
    {
      now: () => now,
      sleep: async (ms) => void (sleeps.push(ms), (now += ms)),
      onPending: (state, next) => void pending.push(`${state} at ${now}, next in ${next}`)
    }
  )
  return { outcome, sleeps, pollTimes, pending }
}

describe('waitUntilDone', () => {
  it('polls at once, then backs off 1 s, 2 s, 4 s, 8 s, 15 s, 15 s', async () => {
    const running = { done: false, state: 'RUNNING' }
    const { outcome, sleeps, pollTimes } = await wait(
      [running, running, running, running, running, running, running, { done: true, state: 'CANCEL' }],
      600_000
    )
    expect(outcome).toEqual({ kind: 'done', state: 'CANCEL', polls: 8 })
    expect(sleeps).toEqual([1000, 2000, 4000, 8000, 15000, 15000, 15000])
    expect(pollTimes).toEqual([0, 1000, 3000, 7000, 15000, 30000, 45000, 60000])
  })

  it('tells of every round that found the target not finished, before its sleep', async () => {
    const running = { done: false, state: 'RUNNING' }
    const { pending } = await wait([running, running, { done: true, state: 'CANCEL' }], 2_500)
    expect(pending).toEqual(['RUNNING at 0, next in 1000', 'RUNNING at 1000, next in 1500'])
  })

  it('returns at once when the first look says done', async () => {
    const { outcome, sleeps } = await wait([{ done: true, state: 'gone' }], 1000)
    expect(outcome).toEqual({ kind: 'done', state: 'gone', polls: 1 })
    expect(sleeps).toEqual([])
  })

  it('never sleeps past the deadline, and reports the last state seen', async () => {
    const { outcome, sleeps, pollTimes } = await wait([{ done: false, state: 'exists' }], 10_000)
    expect(outcome).toEqual({ kind: 'timed-out', lastState: 'exists', polls: 5 })
    expect(sleeps).toEqual([1000, 2000, 4000, 3000])
    expect(pollTimes[pollTimes.length - 1]).toBe(10_000)
  })

  it('stops on a failure to look, with the state seen before it', async () => {
    const failure = { code: 'AccessDenied', message: 'no', transience: 'permanent' as const, mayHaveLanded: false }
    const { outcome } = await wait([{ done: false, state: 'RUNNING' }, { failure }], 60_000)
    expect(outcome).toEqual({ kind: 'failed', failure, lastState: 'RUNNING', polls: 2 })
  })
})

describe('waitUntilDone: deadlines and cancellation', () => {
  it('gives each poll the time left, and a failure at the deadline is a timeout, not a failure', async () => {
    let now = 0
    const given: number[] = []
    const outcome = await waitUntilDone(
      async (msLeft) => {
        given.push(msLeft)
        if (given.length === 1) return { done: false, state: 'exists' }
        now += msLeft // a poll that hangs until the deadline
        return { failure: { code: 'RequestTimeout', message: 'x', transience: 'transient', mayHaveLanded: true } }
      },
      { timeoutMs: 5000 },
      { now: () => now, sleep: async (ms) => void (now += ms) }
    )
    expect(given).toEqual([5000, 4000])
    expect(outcome).toEqual({ kind: 'timed-out', lastState: 'exists', polls: 2 })
  })

  it('stops polling once the run is cancelled', async () => {
    let cancelled = false
    let polls = 0
    const outcome = await waitUntilDone(
      async () => (polls++, { done: false, state: 'RUNNING' }),
      { timeoutMs: 60_000 },
      { now: () => 0, sleep: async () => void (cancelled = true), cancelled: () => cancelled }
    )
    expect(polls).toBe(1)
    expect(outcome).toEqual({ kind: 'interrupted', lastState: 'RUNNING', polls: 1 })
  })
})
