/**
 * Results → step outputs, job summary, ::error:: annotations, exit code. The only module besides
 * main.ts that touches @actions/core; the formatting itself is pure and exported. Every string in
 * a result is untrusted (a service wrote it) and reaches the runner only cleaned (secrets
 * redacted, control characters escaped) and, in the summary, HTML-escaped. Writing is never
 * all-or-nothing: a file that cannot be written is named, and the rest is still written.
 */
import * as core from '@actions/core'
import { isFailure, type TargetResult, type TargetStatus } from './results.js'
import { summaryText } from './untrusted.js'

export interface ReportContext {
  operation: string
  /** A link to this workflow run, when the runner says which run this is. */
  runUrl?: string
  /** The signal that cancelled the run (SIGINT, SIGTERM), if one did. */
  cancelledBy?: string
}

/** The runner drops a job summary larger than 1 MiB whole; this leaves room to spare. */
export const SUMMARY_LIMIT_BYTES = 1000 * 1024
/** Outputs are limited to 1 MiB each; `results` stays well under, with the other outputs beside it. */
export const RESULTS_LIMIT_BYTES = 900 * 1024
/** GitHub shows at most 10 error annotations per step. */
export const MAX_ERROR_ANNOTATIONS = 10
/** Messages are shortened to these lengths, in turn, until the summary or `results` fits. */
const MESSAGE_CAPS = [Number.POSITIVE_INFINITY, 1024, 256, 64, 16]

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

/** Results with every string passed through `clean` (secrets redacted, control characters escaped). */
export function cleanResults(results: readonly TargetResult[], clean: (text: string) => string): TargetResult[] {
  return results.map((r) => {
    const copy: TargetResult = { ...r }
    for (const field of RESULT_TEXT_FIELDS) {
      const value = r[field]
      if (value !== undefined) copy[field] = clean(value)
    }
    return copy
  })
}

/**
 * The step's overall status: cancelled when the run was; failed if any target failed; not-found
 * only if every target was missing; dry-run if nothing was sent.
 */
export function overallStatus(
  results: readonly TargetResult[],
  context: Pick<ReportContext, 'cancelledBy'> = {}
): string {
  if (context.cancelledBy) return 'cancelled'
  if (results.some(isFailure)) return 'failed'
  if (results.length > 0 && results.every((r) => r.status === 'not-found')) return 'not-found'
  if (results.length > 0 && results.every((r) => r.status === 'dry-run')) return 'dry-run'
  return results[0]?.status === 'cancelled' ? 'cancelled' : 'deleted'
}

function shorten(text: string | undefined, cap: number): string | undefined {
  if (text === undefined || text.length <= cap) return text
  return `${text.slice(0, cap)}… (shortened)`
}

/** The `results` output: one entry per target, messages shortened until it fits RESULTS_LIMIT_BYTES. */
export function resultsJson(results: readonly TargetResult[], limitBytes = RESULTS_LIMIT_BYTES): string {
  let json = ''
  for (const cap of [...MESSAGE_CAPS, 0]) {
    json = JSON.stringify(
      results.map((r) => ({
        name: r.name,
        status: r.status,
        requestId: r.requestId ?? null,
        errorCode: r.errorCode ?? null,
        message: cap === 0 ? null : (shorten(r.message, cap) ?? null),
        httpStatus: r.httpStatus ?? null,
        finalState: r.finalState ?? null,
        attempts: r.attempts,
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
  context: Pick<ReportContext, 'cancelledBy'> = {}
): Record<string, string> {
  const focus = results.find(isFailure) ?? results[results.length - 1]
  const failed = focus !== undefined && isFailure(focus)
  return {
    'request-id': focus?.requestId ?? '',
    status: overallStatus(results, context),
    'error-code': failed ? (focus.errorCode ?? '') : context.cancelledBy ? 'RunCancelled' : '',
    'error-message': failed
      ? (shorten(focus.message, 4096) ?? '')
      : context.cancelledBy
        ? cancellationMessage(results, context.cancelledBy)
        : '',
    'http-status': focus?.httpStatus !== undefined ? String(focus.httpStatus) : '',
    'final-state': focus?.finalState ?? '',
    results: resultsJson(results)
  }
}

/** One line per failed target: what was attempted, the service's code, status and message, a hint, the RequestId. */
export function errorMessageFor(result: TargetResult, messageCap = Number.POSITIVE_INFINITY): string {
  const parts = [
    `${result.action} '${result.name}' (${result.location}) failed after ${result.attempts} attempt${result.attempts === 1 ? '' : 's'}:`,
    `${result.errorCode ?? 'Error'}${result.httpStatus !== undefined ? ` (HTTP ${result.httpStatus})` : ''}:`,
    shorten(result.message, messageCap) ?? 'no message'
  ]
  let message = parts.join(' ')
  if (result.hint) message += ` — ${result.hint}`
  message += ` RequestId: ${result.requestId ?? 'none'}.`
  return message
}

const STATUS_WORDS: Record<TargetStatus, string> = {
  deleted: 'deleted',
  'not-found': 'not found',
  cancelled: 'cancelled',
  failed: 'failed',
  'dry-run': 'dry run',
  'not-started': 'not started',
  unknown: 'unknown (in flight, outcome not known)'
}

/** "48 deleted, 8 unknown (…), 144 not started": how many targets are in which state. */
export function countsByStatus(results: readonly TargetResult[]): string {
  const counts = new Map<TargetStatus, number>()
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1)
  return [...counts].map(([status, n]) => `${n} ${STATUS_WORDS[status]}`).join(', ')
}

/** What a cancelled run says, once: by which signal, and how many targets are in which state. */
export function cancellationMessage(results: readonly TargetResult[], signal: string): string {
  return `The run was cancelled (${signal}) before every target was done: ${countsByStatus(results)}. Targets not started were not touched; run the step again to finish (with ignore-not-found, flows already deleted count as done).`
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
    title: `${r.action} failed`,
    message: errorMessageFor(r, 1024)
  })
  if (failed.length <= room) return failed.map(annotation)
  const shown = failed.slice(0, room - 1)
  const rest = failed.slice(room - 1)
  const names = rest.slice(0, 20).map((r) => r.name)
  return [
    ...shown.map(annotation),
    {
      title: `${rest.length} more targets failed`,
      message: `${rest.length} more targets failed: ${names.join(', ')}${rest.length > names.length ? ', …' : ''}. The job summary and the 'results' output list every one with its error.`
    }
  ]
}

const STATUS_LABELS: Record<TargetStatus, string> = {
  deleted: '✅ deleted',
  'not-found': '➖ not found (ignored)',
  cancelled: '✅ cancelled',
  failed: '❌ failed',
  'dry-run': '🔍 dry run: nothing sent',
  'not-started': '⏹️ not started (run cancelled)',
  unknown: '❔ unknown (in flight when the run was cancelled)'
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
}

const cell = (html: string) => `<td>${html}</td>`
const code = (text: string) => `<code>${summaryText(text)}</code>`

function summaryRow(r: TargetResult): string {
  return `<tr>${[
    code(r.name),
    summaryText(r.location),
    STATUS_LABELS[r.status] +
      (r.status === 'failed'
        ? `: ${summaryText(r.errorCode ?? 'Error')}${r.httpStatus ? ` (HTTP ${r.httpStatus})` : ''}`
        : ''),
    r.finalState ? summaryText(r.finalState) : '—',
    r.requestId ? code(r.requestId) : '—',
    String(r.attempts),
    formatDuration(r.durationMs)
  ]
    .map(cell)
    .join('')}</tr>`
}

const TABLE_HEAD = `<table><tr>${['Target', 'Where', 'Result', 'Final state', 'Request ID', 'Attempts', 'Duration']
  .map((h) => `<th>${h}</th>`)
  .join('')}</tr>`

interface SummaryParts {
  head: string[]
  rows: string[]
  failures: string[]
  previews: string[]
  tail: string[]
}

function summaryParts(results: readonly TargetResult[], context: ReportContext, messageCap: number): SummaryParts {
  const head = [`<h3>flow-ops: ${summaryText(context.operation)}</h3>`]
  if (context.cancelledBy) {
    head.push(`<p><strong>${summaryText(cancellationMessage(results, context.cancelledBy))}</strong></p>`)
  }
  const tail = context.runUrl
    ? [`<p>Run: <a href="${summaryText(context.runUrl)}">${summaryText(context.runUrl)}</a></p>`]
    : []
  return {
    head,
    rows: results.map(summaryRow),
    failures: results.filter(isFailure).map((r) => `<li>${summaryText(errorMessageFor(r, messageCap))}</li>`),
    previews: results
      .filter((r) => r.preview !== undefined)
      .map((r) => summaryText(shorten(r.preview, messageCap * 4)!)),
    tail
  }
}

function joinSummary(parts: SummaryParts, note?: string): string {
  const lines = [...parts.head, `${TABLE_HEAD}${parts.rows.join('')}</table>`]
  if (parts.failures.length > 0) lines.push(`<ul>${parts.failures.join('')}</ul>`)
  if (parts.previews.length > 0) lines.push(`<pre><code>${parts.previews.join('\n')}</code></pre>`)
  if (note) lines.push(`<p>${summaryText(note)}</p>`)
  return [...lines, ...parts.tail].join('\n') + '\n'
}

const byteLength = (text: string) => Buffer.byteLength(text)

/** Takes items from the front while they fit `budget` bytes; returns them and the budget left. */
function fitting(items: readonly string[], budget: number): { kept: string[]; left: number } {
  const kept: string[] = []
  let left = budget
  for (const item of items) {
    const size = byteLength(item) + 1
    if (size > left) break
    kept.push(item)
    left -= size
  }
  return { kept, left }
}

/**
 * The job summary as HTML, under `limitBytes`: messages are shortened first; if it is still too
 * large, rows, failures and previews are left out from the end, and the summary says how many.
 */
export function renderSummary(
  results: readonly TargetResult[],
  context: ReportContext,
  limitBytes = SUMMARY_LIMIT_BYTES
): string {
  let parts = summaryParts(results, context, MESSAGE_CAPS[0]!)
  for (const cap of MESSAGE_CAPS) {
    parts = summaryParts(results, context, cap)
    const text = joinSummary(parts)
    if (byteLength(text) <= limitBytes) return text
  }
  const reserve = 512 // the note, and the tags around what is kept
  const rows = fitting(
    parts.rows,
    limitBytes - byteLength(joinSummary({ ...parts, rows: [], failures: [], previews: [] })) - reserve
  )
  const failures = fitting(parts.failures, rows.left)
  const previews = fitting(parts.previews, failures.left)
  const left = [
    [parts.rows.length - rows.kept.length, 'rows'],
    [parts.failures.length - failures.kept.length, 'failure lines'],
    [parts.previews.length - previews.kept.length, 'request previews']
  ].filter(([n]) => (n as number) > 0)
  const note = `${left.map(([n, what]) => `${n} ${what}`).join(', ')} are left out to keep this summary under the runner's 1 MiB limit; the 'results' output lists every target.`
  return joinSummary({ ...parts, rows: rows.kept, failures: failures.kept, previews: previews.kept }, note)
}

/** Runs `write`; on failure, says which file could not be written and why, and returns false. */
function tryWrite(what: string, variable: string, write: () => void): string | undefined {
  try {
    write()
    return undefined
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return `Could not write ${what} to ${variable} (${process.env[variable] ?? 'not set'}): ${reason}`
  }
}

/**
 * Writes everything, each part on its own: outputs, summary, annotations. A GITHUB_OUTPUT that
 * cannot be written fails the step (later steps would read empty outputs), naming the file; a
 * summary that cannot be written is a warning. Returns the run's exit code.
 */
export async function publishReport(results: readonly TargetResult[], context: ReportContext): Promise<number> {
  const outputFailures: string[] = []
  for (const [name, value] of Object.entries(outputsFor(results, context))) {
    const failure = tryWrite(`the output '${name}'`, 'GITHUB_OUTPUT', () => core.setOutput(name, value))
    // One message for the file, not one per output.
    if (failure && outputFailures.length === 0)
      outputFailures.push(failure.replace(`the output '${name}'`, "the step's outputs"))
  }
  if (process.env['GITHUB_STEP_SUMMARY']) {
    try {
      await core.summary.addRaw(renderSummary(results, context)).write()
    } catch (error) {
      core.warning(
        `Could not write the job summary to GITHUB_STEP_SUMMARY (${process.env['GITHUB_STEP_SUMMARY']}): ${error instanceof Error ? error.message : String(error)}`
      )
    } finally {
      core.summary.emptyBuffer()
    }
  } else {
    core.debug('GITHUB_STEP_SUMMARY is not set; no job summary written')
  }
  const runErrors = [
    ...outputFailures,
    ...(context.cancelledBy ? [cancellationMessage(results, context.cancelledBy)] : [])
  ]
  for (const annotation of annotationsFor(results, runErrors.length)) {
    core.error(annotation.message, { title: annotation.title })
  }
  for (const message of runErrors) core.error(message)
  return runErrors.length > 0 || results.some(isFailure) ? core.ExitCode.Failure : core.ExitCode.Success
}
