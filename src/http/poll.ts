/**
 * Polling until something is done: a look, backing off from 1 s to 15 s, never past the deadline.
 * Pure: the look, the clock and the sleep are given. The pipeline's wait uses it, and so does a
 * provider that must wait for the service before it can act (a restore meeting a pending delete).
 */
import type { AttemptFailure } from './attempt.js'

/** One look at a target whose work was accepted: finished or not, in what state; or a failure to look. */
export type PollResult = { done: boolean; state: string } | { failure: AttemptFailure }

export type WaitOutcome =
  | { kind: 'done'; state: string; polls: number }
  | { kind: 'timed-out'; lastState: string; polls: number }
  | { kind: 'failed'; failure: AttemptFailure; lastState: string; polls: number }
  /** The run was cancelled before the target was seen done. */
  | { kind: 'interrupted'; lastState: string; polls: number }

export interface WaitOptions {
  timeoutMs: number
  firstIntervalMs?: number
  maxIntervalMs?: number
}

export const FIRST_POLL_INTERVAL_MS = 1_000
export const MAX_POLL_INTERVAL_MS = 15_000

/**
 * Polls until done, the deadline, or cancellation. `poll` is given the milliseconds left, and must
 * not take longer (every attempt's timeout and retry is bounded by it), so that a service that
 * hangs cannot stretch the wait past `timeoutMs`.
 */
export async function waitUntilDone(
  poll: (msLeft: number) => Promise<PollResult>,
  { timeoutMs, firstIntervalMs = FIRST_POLL_INTERVAL_MS, maxIntervalMs = MAX_POLL_INTERVAL_MS }: WaitOptions,
  deps: {
    now: () => number
    sleep: (ms: number) => Promise<void>
    cancelled?: () => boolean
    /** Told after every look that found the target not finished yet, before the sleep. */
    onPending?: (state: string, nextPollInMs: number) => void
  }
): Promise<WaitOutcome> {
  const deadline = deps.now() + timeoutMs
  let interval = firstIntervalMs
  let lastState = 'unknown'
  for (let polls = 1; ; polls++) {
    if (deps.cancelled?.()) return { kind: 'interrupted', lastState, polls: polls - 1 }
    const result = await poll(Math.max(0, deadline - deps.now()))
    if ('failure' in result) {
      if (deps.cancelled?.()) return { kind: 'interrupted', lastState, polls }
      if (deps.now() >= deadline) return { kind: 'timed-out', lastState, polls }
      return { kind: 'failed', failure: result.failure, lastState, polls }
    }
    lastState = result.state
    if (result.done) return { kind: 'done', state: result.state, polls }
    const left = deadline - deps.now()
    if (left <= 0) return { kind: 'timed-out', lastState, polls }
    deps.onPending?.(result.state, Math.min(interval, left))
    await deps.sleep(Math.min(interval, left))
    interval = Math.min(maxIntervalMs, interval * 2)
  }
}
