/** Results → the step's outputs: the run's status, the focus target's fields, and `results` within the output limit. */
import { cancellationMessage } from './annotations.js'
import { isFailure, type TargetResult } from './results.js'

/** What the report needs to know beyond the results. */
export interface ReportContext {
  operation: string
  /** The provider's word for done (deleted, cancelled): a target's and the run's status. */
  doneStatus: string
  /** A link to this workflow run, when the runner says which run this is. */
  runUrl?: string
  /** The signal that cancelled the run (SIGINT, SIGTERM), if one did. */
  cancelledBy?: string
}

/** Outputs are limited to 1 MiB each; `results` stays well under, with the other outputs beside it. */
export const RESULTS_LIMIT_BYTES = 900 * 1024
/** Messages are shortened to these lengths, in turn, until the summary or `results` fits. */
export const MESSAGE_CAPS = [Number.POSITIVE_INFINITY, 1024, 256, 64, 16]

export function shorten(text: string | undefined, cap: number): string | undefined {
  if (text === undefined || text.length <= cap) return text
  return `${text.slice(0, cap)}… (shortened)`
}

/** A target's status as outputs and the summary say it: `done` in the provider's word. */
export function statusWord(result: Pick<TargetResult, 'status'>, doneStatus: string): string {
  return result.status === 'done' ? doneStatus : result.status
}

/**
 * The step's overall status: cancelled when the run was; failed if any target failed; not-found
 * only if every target was missing; dry-run if nothing was sent; else the provider's done.
 */
export function overallStatus(
  results: readonly TargetResult[],
  context: Pick<ReportContext, 'cancelledBy' | 'doneStatus'>
): string {
  if (context.cancelledBy) return 'cancelled'
  if (results.some(isFailure)) return 'failed'
  if (results.length > 0 && results.every((r) => r.status === 'not-found')) return 'not-found'
  if (results.length > 0 && results.every((r) => r.status === 'dry-run')) return 'dry-run'
  return context.doneStatus
}

/** The `results` output: one entry per target, messages shortened until it fits `limitBytes`. */
export function resultsJson(
  results: readonly TargetResult[],
  doneStatus: string,
  limitBytes = RESULTS_LIMIT_BYTES
): string {
  let json = ''
  for (const cap of [...MESSAGE_CAPS, 0]) {
    json = JSON.stringify(
      results.map((r) => ({
        name: r.name,
        status: statusWord(r, doneStatus),
        requestId: r.requestId ?? null,
        errorCode: r.errorCode ?? null,
        message: cap === 0 ? null : (shorten(r.message, cap) ?? null),
        httpStatus: r.httpStatus ?? null,
        finalState: r.finalState ?? null,
        attempts: r.attempts,
        throttled: r.throttled ?? 0,
        durationMs: r.durationMs
      }))
    )
    if (Buffer.byteLength(json) <= limitBytes) break
  }
  return json
}

/**
 * Every output of the action. With several targets, request-id, error-code, error-message and
 * http-status describe the first failed target (or the last target when none failed); `results`
 * has every target.
 */
export function outputsFor(
  results: readonly TargetResult[],
  context: Pick<ReportContext, 'cancelledBy' | 'doneStatus'>
): Record<string, string> {
  const focus = results.find(isFailure) ?? results[results.length - 1]
  const failed = focus !== undefined && isFailure(focus)
  const cancelled = context.cancelledBy ? cancellationMessage(results, context.cancelledBy, context.doneStatus) : ''
  return {
    'request-id': focus?.requestId ?? '',
    status: overallStatus(results, context),
    'error-code': failed ? (focus.errorCode ?? '') : context.cancelledBy ? 'RunCancelled' : '',
    'error-message': failed ? (shorten(focus.message, 4096) ?? '') : cancelled,
    'http-status': focus?.httpStatus !== undefined ? String(focus.httpStatus) : '',
    'final-state': focus?.finalState ?? '',
    results: resultsJson(results, context.doneStatus)
  }
}
