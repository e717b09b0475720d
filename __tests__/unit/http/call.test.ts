import { describe, expect, it } from '@jest/globals'
import type { AttemptResult } from '../../../src/http/attempt.js'
import { callWithRetries, sendAgainOnce } from '../../../src/http/call.js'
import { testClientDeps } from '../../helpers/runtime.js'

const transient: AttemptResult<never> = {
  ok: false,
  failure: { code: 'Busy', message: 'busy', transience: 'transient', mayHaveLanded: false }
}

describe('callWithRetries', () => {
  it('gives each attempt its number and timeout, and retries by the policy', async () => {
    const deps = testClientDeps()
    const seen: [number, number][] = []
    const outcome = await callWithRetries(
      async (attempt, timeoutMs) => (
        seen.push([attempt, timeoutMs]),
        attempt < 3 ? transient : { ok: true, value: 'x' }
      ),
      { label: 'Call', policy: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 }, timeoutMs: 5000 },
      deps
    )
    expect(outcome).toMatchObject({ result: { ok: true, value: 'x' }, attempts: 3 })
    expect(seen).toEqual([
      [1, 5000],
      [2, 5000],
      [3, 5000]
    ])
    expect(deps.runtime.logger.lines.filter((l) => l.startsWith('info: Call: attempt'))).toHaveLength(2)
  })

  it('cuts each attempt’s timeout to the deadline, and starts no retry that would end past it', async () => {
    let now = 10_000
    const deps = testClientDeps({ now: () => now })
    const timeouts: number[] = []
    const outcome = await callWithRetries(
      async (_attempt, timeoutMs) => (timeouts.push(timeoutMs), (now += 900), transient),
      {
        label: 'Poll',
        policy: { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 1000 },
        timeoutMs: 30_000,
        deadlineAt: 11_200
      },
      deps
    )
    expect(timeouts).toEqual([1200])
    expect(outcome.attempts).toBe(1)
  })

  it('stops at once when the run is cancelled', async () => {
    const deps = testClientDeps()
    deps.runtime.cancellation.request('SIGTERM')
    const outcome = await callWithRetries(
      async () => transient,
      { label: 'x', policy: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1 }, timeoutMs: 1 },
      deps
    )
    expect(outcome).toMatchObject({ attempts: 1, interrupted: true })
  })
})

describe('sendAgainOnce', () => {
  it('sends once more only when asked, and never more than twice', async () => {
    let sent = 0
    expect(
      await sendAgainOnce(
        async () => ++sent,
        (first) => first === 1
      )
    ).toBe(2)
    expect(sent).toBe(2)
    sent = 0
    expect(
      await sendAgainOnce(
        async () => ++sent,
        () => true
      )
    ).toBe(2)
    sent = 0
    expect(
      await sendAgainOnce(
        async () => ++sent,
        async () => false
      )
    ).toBe(1)
  })
})
