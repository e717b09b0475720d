/**
 * Every string of a run's outcome passed through the entry point's gate (secrets redacted,
 * control characters escaped) before any edge writes it: results, the run's own failure, notes.
 */
import type { RunOutcome, TargetResult } from './results.js'

const RESULT_TEXT_FIELDS = [
  'name',
  'action',
  'location',
  'requestId',
  'errorCode',
  'message',
  'hint',
  'finalState',
  'preview'
] as const
const RUN_FAILURE_TEXT_FIELDS = ['action', 'code', 'message', 'hint', 'requestId'] as const

/** A copy of `value` with each of `fields` that is set passed through `clean`. */
function withCleanFields<T extends object, K extends keyof T>(
  value: T,
  fields: readonly K[],
  clean: (text: string) => string
): T {
  const copy = { ...value }
  for (const field of fields) {
    const text = value[field]
    if (typeof text === 'string') copy[field] = clean(text) as T[K]
  }
  return copy
}

/** Results with every string passed through `clean` (secrets redacted, control characters escaped). */
export function cleanResults(results: readonly TargetResult[], clean: (text: string) => string): TargetResult[] {
  return results.map((r) => withCleanFields(r, RESULT_TEXT_FIELDS, clean))
}

/** A run's outcome with every string cleaned: its results, its own failure, its notes, the names it listed. */
export function cleanOutcome(outcome: RunOutcome, clean: (text: string) => string): RunOutcome {
  const results = cleanResults(outcome.results, clean).map((r) => ({
    ...r,
    ...(r.details ? { details: r.details.map((d) => ({ ...d, items: d.items.map(clean) })) } : {})
  }))
  return {
    results,
    notes: outcome.notes.map(clean),
    ...(outcome.interruptedWhile !== undefined ? { interruptedWhile: clean(outcome.interruptedWhile) } : {}),
    ...(outcome.failure ? { failure: withCleanFields(outcome.failure, RUN_FAILURE_TEXT_FIELDS, clean) } : {})
  }
}
