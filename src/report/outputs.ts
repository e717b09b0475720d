/** Results → the step's outputs: the run's status, the focus target's fields, and `results` within the output limit. */
import { cancellationMessage } from './annotations.js'
import { isFailure, type RunFailure, type TargetResult } from './results.js'
import { shorten } from '../safety/untrusted.js'
import { statusText } from './wording.js'

/** What the report needs to know beyond the results. */
export interface ReportContext {
  operation: string
  /** The provider's word for done (deleted, cancelled): a target's and the run's status. */
  doneStatus: string
  /** What one target is (flow, flow instance), for counts. */
  targetNoun: string
  /** How long the run took, for the summary's totals line. */
  durationMs?: number
  /** The signal that cancelled the run (SIGINT, SIGTERM), if one did. */
  cancelledBy?: string
  /** What the run was doing when it was cancelled, if that was before its targets were known. */
  cancelledWhile?: string
  /** A failure of the run's own (selecting, the max-targets guard): the run failed whatever its targets did. */
  runFailure?: RunFailure
  /** What the selectors found and left alone, for the summary. */
  notes?: readonly string[]
  /** dry-run: nothing was changed. */
  dryRun?: boolean
  /** Where the run's manifest was written. */
  manifestPath?: string
}

/** Outputs are limited to 1 MiB each; `results` stays well under, with the other outputs beside it. */
export const RESULTS_LIMIT_BYTES = 900 * 1024
/** Messages are shortened to these lengths, in turn, until the summary or `results` fits. */
export const MESSAGE_CAPS = [Number.POSITIVE_INFINITY, 1024, 256, 64, 16]

/** A target's status as outputs and the summary say it: `done` in the provider's word. */
export function statusWord(result: Pick<TargetResult, 'status'>, doneStatus: string): string {
  return statusText(result.status, doneStatus).word
}

/**
 * The step's overall status: cancelled when the run was; failed if the run or any target failed;
 * dry-run if nothing was changed on purpose; not-found if every target was missing, or a selector
 * found none; exists if everything was there already; else the provider's done.
 */
export function overallStatus(
  results: readonly TargetResult[],
  context: Pick<ReportContext, 'cancelledBy' | 'doneStatus' | 'runFailure' | 'dryRun'>
): string {
  if (context.cancelledBy) return 'cancelled'
  if (context.runFailure || results.some(isFailure)) return 'failed'
  if (context.dryRun || (results.length > 0 && results.every((r) => r.status === 'dry-run'))) return 'dry-run'
  if (results.every((r) => r.status === 'not-found')) return 'not-found'
  // Everything was there already (a restore run again): nothing was made.
  if (results.every((r) => r.status === 'exists' || r.status === 'not-found')) return 'exists'
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
        requests: r.requests ?? r.attempts,
        durationMs: r.durationMs,
        ...Object.fromEntries(
          (r.details ?? []).flatMap((d) => [[d.key, d.items] as const, [d.doneKey, d.done] as const])
        )
      }))
    )
    if (Buffer.byteLength(json) <= limitBytes) break
  }
  return json
}

/**
 * Every output of the action. request-id, error-code, error-message and http-status describe the
 * run's own failure when it has one, else the first failed target (or the last target when none
 * failed); `results` has every target.
 */
export function outputsFor(
  results: readonly TargetResult[],
  context: Pick<
    ReportContext,
    'cancelledBy' | 'cancelledWhile' | 'doneStatus' | 'runFailure' | 'dryRun' | 'manifestPath'
  >
): Record<string, string> {
  const focus = context.runFailure
    ? { ...context.runFailure, errorCode: context.runFailure.code, status: 'failed' as const }
    : (results.find(isFailure) ?? results[results.length - 1])
  const failed = focus !== undefined && isFailure(focus)
  const cancelled = context.cancelledBy
    ? cancellationMessage(results, context.cancelledBy, context.doneStatus, context.cancelledWhile)
    : ''
  return {
    'request-id': focus?.requestId ?? '',
    status: overallStatus(results, context),
    'error-code': failed ? (focus.errorCode ?? '') : context.cancelledBy ? 'RunCancelled' : '',
    'error-message': failed ? (shorten(focus.message, 4096) ?? '') : cancelled,
    'http-status': focus?.httpStatus !== undefined ? String(focus.httpStatus) : '',
    'final-state': (focus && 'finalState' in focus ? focus.finalState : undefined) ?? '',
    results: resultsJson(results, context.doneStatus),
    manifest: context.manifestPath ?? ''
  }
}

/** The error code of a refused input, in `error-code`. */
export const INPUT_ERROR_CODE = 'InvalidInput'

/** The outputs of a run that stopped at its inputs: failed, why, and nothing else (nothing was sent). */
export function inputErrorOutputs(message: string): Record<string, string> {
  return {
    'request-id': '',
    status: 'failed',
    'error-code': INPUT_ERROR_CODE,
    'error-message': shorten(message, 4096) ?? '',
    'http-status': '',
    'final-state': '',
    results: '[]',
    manifest: ''
  }
}
