/**
 * Waiting until the work is done: poll a target's state, backing off from 1 s to 15 s, never past
 * the deadline. Pure: the poll, the clock and the sleep are given.
 */
import type { AttemptFailure } from '../http/attempt.js'
import type { PollResult } from '../providers/contract.js'
import { failureDetails, type TargetResult } from '../report/results.js'

export type { PollResult } from '../providers/contract.js'

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

/**
 * A target's result after waiting: the state it reached; or, when the wait ran out or could not
 * look, a failure that says what was accepted and the state last seen.
 */
export function resultAfterWait(
  result: TargetResult,
  outcome: WaitOutcome,
  {
    timeoutMs,
    timeoutHint,
    hintFor
  }: { timeoutMs: number; timeoutHint: string; hintFor: (code: string) => string | undefined }
): TargetResult {
  if (outcome.kind === 'done') return { ...result, finalState: outcome.state }
  if (outcome.kind === 'interrupted') {
    return {
      ...result,
      finalState: outcome.lastState,
      message: `${result.action} was accepted; waiting for it ended early because the run was cancelled`
    }
  }
  if (outcome.kind === 'timed-out') {
    // The failure is the wait's, not an HTTP answer's.
    const { httpStatus: _accepted, ...rest } = result
    return {
      ...rest,
      status: 'failed',
      finalState: outcome.lastState,
      errorCode: 'WaitTimeout',
      message: `${result.action} was accepted, but '${result.name}' had not finished when wait-timeout (${timeoutMs / 1000} s) ran out; last seen: ${outcome.lastState}`,
      hint: timeoutHint
    }
  }
  const hint = hintFor(outcome.failure.code)
  return {
    ...result,
    status: 'failed',
    finalState: outcome.lastState,
    ...failureDetails(outcome.failure),
    // The poll's own id when it has one, else the id of the call that was accepted.
    ...((outcome.failure.requestId ?? result.requestId)
      ? { requestId: outcome.failure.requestId ?? result.requestId }
      : {}),
    message: `${result.action} was accepted, but waiting for it failed: ${outcome.failure.message}`,
    ...(hint ? { hint } : {})
  }
}
