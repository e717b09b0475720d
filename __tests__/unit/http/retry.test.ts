import { describe, expect, it } from '@jest/globals'
import { cancelledAttempt, RUN_CANCELLED, type AttemptFailure, type AttemptResult } from '../../../src/http/attempt.js'
import {
  backoffDelayMs,
  delayBeforeRetryMs,
  logRetry,
  MAX_RETRY_AFTER_MS,
  MAX_THROTTLED_RETRIES,
  parseRetryAfterMs,
  retryPolicy,
  retryWithBackoff
} from '../../../src/http/retry.js'
import { recordingLogger } from '../../helpers/logger.js'

const POLICY = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 5000 }

function failure(transience: AttemptFailure['transience'], extra: Partial<AttemptFailure> = {}): AttemptResult<never> {
  return { ok: false, failure: { code: 'X', message: 'x', transience, mayHaveLanded: false, ...extra } }
}

/** Runs retryWithBackoff over scripted attempt results, recording sleeps instead of sleeping. */
async function script(results: AttemptResult<string>[], random = () => 0.5) {
  const sleeps: number[] = []
  const retried: number[] = []
  let calls = 0
  const outcome = await retryWithBackoff(async () => results[calls++] ?? failure('permanent'), POLICY, {
    sleep: async (ms) => void sleeps.push(ms),
    random,
    // The attempt that just failed: every call so far.
    onRetry: () => void retried.push(calls)
  })
  return { outcome, sleeps, retried, calls }
}

describe('backoffDelayMs (full jitter, capped)', () => {
  it('scales random() over base × 2^(retry-1), capped at maxDelayMs', () => {
    expect(backoffDelayMs(1, POLICY, () => 0.999)).toBe(999)
    expect(backoffDelayMs(2, POLICY, () => 0.5)).toBe(1000)
    expect(backoffDelayMs(3, POLICY, () => 0.5)).toBe(2000)
    expect(backoffDelayMs(4, POLICY, () => 0.5)).toBe(2500)
    expect(backoffDelayMs(10, POLICY, () => 0.999)).toBe(4995)
    expect(backoffDelayMs(3, POLICY, () => 0)).toBe(0)
  })
})

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-11-23T00:00:00Z')
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('3', now)).toBe(3000)
    expect(parseRetryAfterMs('Mon, 23 Nov 2026 00:00:07 GMT', now)).toBe(7000)
    expect(parseRetryAfterMs('Mon, 22 Nov 2026 00:00:00 GMT', now)).toBe(0)
  })
  it('ignores what it cannot read', () => {
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined()
    expect(parseRetryAfterMs('soon', now)).toBeUndefined()
    expect(parseRetryAfterMs('-1', now)).toBeUndefined()
  })
})

describe('delayBeforeRetryMs', () => {
  it('waits at least Retry-After, at most MAX_RETRY_AFTER_MS', () => {
    const f = (retryAfterMs: number): AttemptFailure => ({
      code: 'X',
      message: '',
      transience: 'throttled',
      mayHaveLanded: false,
      retryAfterMs
    })
    expect(delayBeforeRetryMs(1, f(4000), POLICY, () => 0.5)).toBe(4000)
    expect(delayBeforeRetryMs(3, f(100), POLICY, () => 0.5)).toBe(2000)
    expect(delayBeforeRetryMs(1, f(3_600_000), POLICY, () => 0.5)).toBe(MAX_RETRY_AFTER_MS)
  })
})

describe('retryWithBackoff', () => {
  it('returns the first success without sleeping', async () => {
    const { outcome, sleeps, calls } = await script([{ ok: true, value: 'done' }])
    expect(outcome).toEqual({
      result: { ok: true, value: 'done' },
      attempts: 1,
      throttled: 0,
      earlierAttemptMayHaveLanded: false,
      interrupted: false
    })
    expect(sleeps).toEqual([])
    expect(calls).toBe(1)
  })

  it('retries transient failures with growing, jittered waits; throttled ones wait only for Retry-After (the rate controller paces them)', async () => {
    const { outcome, sleeps, retried } = await script([
      failure('transient'),
      failure('throttled'),
      failure('throttled', { retryAfterMs: 2000 }),
      failure('transient'),
      { ok: true, value: 'done' }
    ])
    expect(outcome.result).toEqual({ ok: true, value: 'done' })
    expect(outcome.attempts).toBe(5)
    expect(sleeps).toEqual([500, 0, 2000, 1000])
    expect(retried).toEqual([1, 2, 3, 4])
  })

  it('does not count throttled attempts against maxAttempts', async () => {
    const { outcome, calls } = await script([
      failure('throttled'),
      failure('throttled'),
      failure('transient'),
      failure('throttled'),
      failure('transient'),
      failure('transient'),
      failure('transient', { code: 'LAST' }),
      { ok: true, value: 'too late' }
    ])
    // maxAttempts is 4: four transient failures end it, the three throttled ones did not count.
    expect(calls).toBe(7)
    expect(outcome.attempts).toBe(7)
    expect(outcome.result.ok === false && outcome.result.failure.code).toBe('LAST')
  })

  it(`gives throttled attempts a budget of ${MAX_THROTTLED_RETRIES} retries of their own`, async () => {
    const { outcome, calls } = await script(Array.from({ length: 20 }, () => failure('throttled')))
    expect(calls).toBe(MAX_THROTTLED_RETRIES + 1)
    expect(outcome.result.ok).toBe(false)
  })

  it('retries nothing at all when maxAttempts is 1', async () => {
    const sleeps: number[] = []
    let calls = 0
    const outcome = await retryWithBackoff(
      async () => (calls++, failure('throttled')),
      { ...POLICY, maxAttempts: 1 },
      { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 }
    )
    expect([calls, outcome.attempts, sleeps]).toEqual([1, 1, []])
  })

  it('never retries a permanent failure', async () => {
    const { outcome, sleeps, calls } = await script([failure('permanent'), { ok: true, value: 'never' }])
    expect(outcome.attempts).toBe(1)
    expect(outcome.result.ok).toBe(false)
    expect(sleeps).toEqual([])
    expect(calls).toBe(1)
  })

  it('stops after maxAttempts and returns the last failure', async () => {
    const { outcome, calls, sleeps } = await script([
      failure('transient', { code: 'A' }),
      failure('transient', { code: 'B' }),
      failure('transient', { code: 'C' }),
      failure('transient', { code: 'D' }),
      { ok: true, value: 'too late' }
    ])
    expect(calls).toBe(4)
    expect(sleeps).toHaveLength(3)
    expect(outcome.attempts).toBe(4)
    expect(outcome.result.ok === false && outcome.result.failure.code).toBe('D')
  })

  it('remembers that an earlier attempt may have landed', async () => {
    const landed = await script([failure('transient', { mayHaveLanded: true }), failure('permanent')])
    expect(landed.outcome.earlierAttemptMayHaveLanded).toBe(true)
    const notLanded = await script([failure('throttled'), failure('permanent')])
    expect(notLanded.outcome.earlierAttemptMayHaveLanded).toBe(false)
  })

  it('honours Retry-After', async () => {
    const { sleeps } = await script([failure('throttled', { retryAfterMs: 3000 }), { ok: true, value: 'ok' }])
    expect(sleeps).toEqual([3000])
  })
})

describe('retryWithBackoff: cancellation and deadlines', () => {
  it('starts no further attempt once the run is cancelled, and says the call was interrupted', async () => {
    let cancelled = false
    let calls = 0
    const outcome = await retryWithBackoff(
      async () => {
        calls++
        return failure('transient', { mayHaveLanded: true })
      },
      POLICY,
      {
        sleep: async () => void (cancelled = true),
        random: () => 0.5,
        cancelled: () => cancelled
      }
    )
    expect(calls).toBe(1)
    expect(outcome).toMatchObject({ attempts: 1, interrupted: true, earlierAttemptMayHaveLanded: true })
  })

  it('an attempt that was not sent because of the cancellation ends the call as interrupted', async () => {
    const outcome = await retryWithBackoff(async () => cancelledAttempt(), POLICY, {
      sleep: async () => {},
      random: () => 0
    })
    expect(outcome).toMatchObject({ attempts: 1, interrupted: true })
    expect(!outcome.result.ok && outcome.result.failure.code).toBe(RUN_CANCELLED)
  })

  it('starts no retry whose wait would end past the deadline', async () => {
    let calls = 0
    const outcome = await retryWithBackoff(async () => (calls++, failure('transient')), POLICY, {
      sleep: async () => {},
      random: () => 0.5,
      msLeft: () => 400
    })
    // The first retry would wait 500 ms (full jitter of 1 s at 0.5): more than the 400 ms left.
    expect(calls).toBe(1)
    expect(outcome).toMatchObject({ attempts: 1, interrupted: false })
  })
})

describe('retry accounting', () => {
  it('counts throttled answers apart from the attempts max-attempts counts', async () => {
    const { outcome } = await script([
      failure('throttled'),
      failure('throttled'),
      failure('transient'),
      { ok: true, value: 'ok' }
    ])
    expect(outcome).toMatchObject({ attempts: 4, throttled: 2 })
  })

  it('logs a failure as "attempt n of max-attempts", counting failures only, and a throttled answer only for debugging', () => {
    const logger = recordingLogger()
    const log = logRetry(logger, "DeleteFlow 'x'", retryPolicy(3))
    log({
      failure: { code: 'Throttling.User', message: 'slow down', transience: 'throttled', mayHaveLanded: false },
      delayMs: 0,
      failures: 4
    })
    log({
      failure: {
        code: 'ServiceUnavailable',
        message: 'down',
        httpStatus: 503,
        transience: 'transient',
        mayHaveLanded: true
      },
      delayMs: 1500,
      failures: 2
    })
    expect(logger.lines).toEqual([
      "debug: DeleteFlow 'x': throttled (Throttling.User: slow down); sending again when the run's rate allows (throttled answer 4 of at most 11)",
      "info: DeleteFlow 'x': attempt 2 of 3 failed (ServiceUnavailable, HTTP 503: down); retrying in 1.5 s"
    ])
  })

  it('retryPolicy builds the default backoff around max-attempts', () => {
    expect(retryPolicy(7)).toEqual({ maxAttempts: 7, baseDelayMs: 1000, maxDelayMs: 20_000 })
  })
})
