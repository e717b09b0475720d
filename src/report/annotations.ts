/** What the step says as error annotations: one line per failed target, within GitHub's 10 a step. */
import { isFailure, type RunFailure, type TargetResult, type TargetStatus } from './results.js'
import { shorten } from '../safety/untrusted.js'
import { firstNames, namesWithMore, plural, statusText } from './wording.js'

/** GitHub shows at most 10 error annotations per step. */
export const MAX_ERROR_ANNOTATIONS = 10
/** How many of the targets beyond the annotations the last one names. */
const NAMED_IN_OVERFLOW = 20

/**
 * One line per failed target: what was attempted, the service's code, status and message, a
 * hint, the RequestId. Throttled answers are counted apart from the attempts max-attempts counts.
 */
export function errorMessageFor(
  result: TargetResult,
  messageCap = Number.POSITIVE_INFINITY,
  { withHint = true }: { withHint?: boolean } = {}
): string {
  const throttled = result.throttled ?? 0
  const attempts = `${plural(result.attempts - throttled, 'attempt')}${throttled > 0 ? ` and ${plural(throttled, 'throttled answer')}` : ''}`
  const what =
    result.status === 'changed'
      ? `'${result.name}' (${result.location}) changed since the plan, seen with ${result.action}:`
      : `${result.action} '${result.name}' (${result.location}) failed${result.page !== undefined ? ` on page ${result.page},` : ''} after ${attempts}:`
  const parts = [
    what,
    `${result.errorCode ?? 'Error'}${result.httpStatus !== undefined ? ` (HTTP ${result.httpStatus})` : ''}:`,
    shorten(result.message, messageCap) ?? 'no message'
  ]
  let message = parts.join(' ')
  if (withHint && result.hint) message += ` — ${result.hint}`
  message += ` RequestId: ${result.requestId ?? 'none'}.`
  return message
}

/** The run's own failure in one line: what failed, the code, the message, a hint, the RequestId. */
export function runFailureMessage(failure: RunFailure): string {
  const status = failure.httpStatus !== undefined ? ` (HTTP ${failure.httpStatus})` : ''
  const hint = failure.hint ? ` — ${failure.hint}` : ''
  const requestId = failure.requestId ? ` RequestId: ${failure.requestId}.` : ''
  if (failure.refused) return `${failure.action} refused: ${failure.message} (${failure.code})${hint}`
  return `${failure.action} failed: ${failure.code}${status}: ${failure.message}${hint}${requestId}`
}

/** The order counts are given in: what went well first, then what did not, then what never ran. */
const COUNT_ORDER: readonly TargetStatus[] = [
  'done',
  'exists',
  'not-found',
  'dry-run',
  'failed',
  'changed',
  'partial',
  'unknown',
  'not-started'
]

/** "48 deleted, 8 unknown (…), 144 not started": how many targets are in which state, in one fixed order. */
export function countsByStatus(results: readonly TargetResult[], doneStatus: string): string {
  const counts = new Map<TargetStatus, number>()
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1)
  return COUNT_ORDER.filter((status) => counts.has(status))
    .map((status) => `${counts.get(status)} ${statusText(status, doneStatus).counted}`)
    .join(', ')
}

/**
 * What a cancelled run says, once: by which signal, and how many targets are in which state; when
 * it was cancelled while selecting or preparing, what it was doing then.
 */
export function cancellationMessage(
  results: readonly TargetResult[],
  signal: string,
  doneStatus: string,
  during?: string
): string {
  const counts = results.length > 0 ? countsByStatus(results, doneStatus) : 'no target had been found yet'
  if (during !== undefined) {
    return `The run was cancelled (${signal}) while ${during}; nothing else was changed: ${counts}. Run the step again to finish.`
  }
  return `The run was cancelled (${signal}) before every target was done: ${counts}. Targets not started were not touched: run the step again for them.`
}

export interface Annotation {
  title: string
  message: string
}

/**
 * The error annotations for failed targets, within GitHub's 10 a step (less `reserved` for the
 * run's own): one per target, or, when there are more, the last one says how many more failed.
 */
export function annotationsFor(results: readonly TargetResult[], reserved = 0): Annotation[] {
  const failed = results.filter(isFailure)
  const room = Math.max(1, MAX_ERROR_ANNOTATIONS - reserved)
  const annotation = (r: TargetResult): Annotation => ({
    // The title names the target, so that the run page's list of annotations tells them apart.
    title: r.status === 'changed' ? `Changed since the plan: ${r.name}` : `${r.action} failed: ${r.name}`,
    message: errorMessageFor(r, 1024)
  })
  if (failed.length <= room) return failed.map(annotation)
  const shown = failed.slice(0, room - 1)
  const rest = failed.slice(room - 1)

  return [
    ...shown.map(annotation),
    {
      title: `${rest.length} more targets failed`,
      message: `${rest.length} more targets failed: ${firstNames(
        rest.map((r) => r.name),
        NAMED_IN_OVERFLOW,
        'elided'
      )}. The job summary and the 'results' output list every one with its error.`
    }
  ]
}

/**
 * The one line a failed step ends with (core.setFailed): the run cancelled, the run's own
 * failure, which targets failed ("2 of 3 flows failed: a, b"), the outputs not written (the
 * annotations before it give the detail). Undefined when nothing failed.
 */
export function failureAccount(
  results: readonly TargetResult[],
  context: {
    targetNoun: string
    doneStatus: string
    cancelledBy?: string
    cancelledWhile?: string
    runFailure?: RunFailure
  },
  outputsNotWritten = false
): string | undefined {
  const pieces: string[] = []
  if (context.cancelledBy)
    pieces.push(cancellationMessage(results, context.cancelledBy, context.doneStatus, context.cancelledWhile))
  if (context.runFailure) {
    const { action, code, refused } = context.runFailure
    pieces.push(
      `${action} ${refused ? 'refused' : 'failed'} (${code})${results.length > 0 ? `: ${countsByStatus(results, context.doneStatus)}` : ''}`
    )
  }
  const failed = results.filter((r) => r.status === 'failed')
  if (failed.length > 0) {
    pieces.push(
      `${failed.length} of ${plural(results.length, context.targetNoun)} failed: ${namesWithMore(failed.map((r) => r.name))}`
    )
  }
  const changed = results.filter((r) => r.status === 'changed')
  if (changed.length > 0) {
    pieces.push(
      `${changed.length} of ${plural(results.length, context.targetNoun)} changed since the plan and were left alone; look at them again: ${namesWithMore(changed.map((r) => r.name))}`
    )
  }
  if (outputsNotWritten) pieces.push("the step's outputs could not be written")
  if (pieces.length <= 1) return pieces[0]
  return pieces.map((piece) => piece.replace(/\.$/, '')).join('; ')
}
