/**
 * Running one operation over many targets: at most `concurrency` at a time, every target attempted
 * even when others fail, results in input order; and a ledger of where each target stands, so that
 * a cancelled run can still report every one (done, in flight, or never started).
 */
import type { Cancellation } from '../http/cancellation.js'
import type { RunFailure, RunOutcome, TargetResult } from '../report/results.js'

/**
 * Calls `run` for each target, at most `concurrency` at a time; stops taking new targets once
 * `proceed` says no. Results in input order; targets never started have none.
 */
export async function forEachTarget<T, R>(
  targets: readonly T[],
  concurrency: number,
  run: (target: T, index: number) => Promise<R>,
  proceed: () => boolean = () => true
): Promise<(R | undefined)[]> {
  const results = new Array<R | undefined>(targets.length).fill(undefined)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < targets.length && proceed()) {
      const index = next++
      results[index] = await run(targets[index]!, index)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, targets.length)) }, worker))
  return results
}

/** What a target is before anything is known of its outcome. */
export type TargetIdentity = Pick<TargetResult, 'name' | 'action' | 'location'>

type LedgerEntry =
  | { state: 'waiting'; identity: TargetIdentity }
  | { state: 'running'; identity: TargetIdentity; startedAt: number }
  | { state: 'done'; identity: TargetIdentity; result: TargetResult }

export class TargetLedger {
  private entries: LedgerEntry[] = []
  private failure: RunFailure | undefined
  private notStarted = 'not started: the run was cancelled first'
  private readonly notes: string[] = []
  /** While selecting and preparing: what the run is doing, and what it has found so far. */
  private phase: string | undefined
  private foundSoFar: TargetIdentity[] = []

  constructor(private readonly now: () => number = Date.now) {}

  /** The run's targets, in input order, none of them started. */
  register(identities: readonly TargetIdentity[]): void {
    this.entries = identities.map((identity) => ({ state: 'waiting', identity }))
  }

  /** A failure of the run's own (selecting, the guard): the run fails with it whatever its targets did. */
  fail(failure: RunFailure, notStarted: string): void {
    this.failure = failure
    this.notStarted = notStarted
  }

  /** A line for the log and the summary about how the targets were found. */
  note(line: string): void {
    this.notes.push(line)
  }

  /** What the run is doing before its targets are known (a listing's page, a flow being disabled). */
  doing(phase: string): void {
    this.phase = phase
  }

  /** The targets found so far, before the selection is complete. */
  found(identities: readonly TargetIdentity[]): void {
    this.foundSoFar = [...identities]
  }

  /** Selecting and preparing are over (or failed on their own): there is no phase to report. */
  settled(): void {
    this.phase = undefined
    this.foundSoFar = []
  }

  /**
   * The run as it stands: every target's snapshot, the run's failure, its notes; while selecting
   * or preparing, what it was doing and what it had found (those targets not started).
   */
  outcome(): RunOutcome {
    const results = this.snapshot()
    const outcome = { notes: [...this.notes], ...(this.failure ? { failure: this.failure } : {}) }
    if (this.phase === undefined) return { results, ...outcome }
    const known = new Set(results.map((r) => r.name))
    const found = this.foundSoFar
      .filter((identity) => !known.has(identity.name))
      .map((identity): TargetResult => ({
        ...identity,
        status: 'not-started',
        attempts: 0,
        durationMs: 0,
        message: `found, but not started: the run was cancelled while ${this.phase}`
      }))
    return { results: [...results, ...found], ...outcome, interruptedWhile: this.phase }
  }

  get size(): number {
    return this.entries.length
  }

  start(index: number): void {
    const entry = this.entries[index]
    if (entry) this.entries[index] = { state: 'running', identity: entry.identity, startedAt: this.now() }
  }

  finish(index: number, result: TargetResult): void {
    const entry = this.entries[index]
    if (entry) this.entries[index] = { state: 'done', identity: entry.identity, result }
  }

  /** Every target as it stands: its result when done, `unknown` when in flight, else `not-started`. */
  snapshot(): TargetResult[] {
    return this.entries.map((entry) => {
      if (entry.state === 'done') return entry.result
      if (entry.state === 'running') {
        return {
          ...entry.identity,
          status: 'unknown',
          attempts: 0,
          durationMs: this.now() - entry.startedAt,
          message: `${entry.identity.action} was in flight when the run was cancelled; whether it took effect is not known`
        }
      }
      return {
        ...entry.identity,
        status: 'not-started',
        attempts: 0,
        durationMs: 0,
        message: this.notStarted
      }
    })
  }
}

/**
 * Runs `run` for every target of the ledger, at most `concurrency` at a time, and starts none once
 * cancellation is requested; the results are the ledger's (so every target has one).
 */
export async function runTargets(
  ledger: TargetLedger,
  { concurrency, cancellation }: { concurrency: number; cancellation: Cancellation },
  run: (index: number) => Promise<TargetResult>
): Promise<TargetResult[]> {
  const indices = Array.from({ length: ledger.size }, (_, index) => index)
  await forEachTarget(
    indices,
    concurrency,
    async (index) => {
      ledger.start(index)
      ledger.finish(index, await run(index))
    },
    () => !cancellation.requested
  )
  return ledger.snapshot()
}
