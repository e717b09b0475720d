/**
 * The job summary as HTML (GitHub renders it as markdown), kept under the runner's 1 MiB: every
 * cell escaped (summaryText), messages shortened first, then rows, failures and previews left out
 * from the end with a note that says how many.
 */
import { cancellationMessage, countsByStatus, errorMessageFor, runFailureMessage } from './annotations.js'
import { MESSAGE_CAPS, overallStatus, type ReportContext } from './outputs.js'
import { isFailure, type TargetDetail, type TargetResult } from './results.js'
import { shorten, summaryText } from '../safety/untrusted.js'
import { firstNames, plural, statusText } from './wording.js'

/** The runner drops a job summary larger than 1 MiB whole; this leaves room to spare. */
export const SUMMARY_LIMIT_BYTES = 1000 * 1024

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
}

const cell = (html: string) => `<td>${html}</td>`
const code = (text: string) => `<code>${summaryText(text)}</code>`
const NAMES_IN_CELL = 10

/** A detail of a target (what hangs off it): how many of those listed were dealt with, and which they were. */
function detailCell(detail: TargetDetail | undefined, dryRun: boolean): string {
  if (detail === undefined) return '—'
  const { items, done } = detail
  if (items.length === 0) return 'none'
  const shown = firstNames(items, NAMES_IN_CELL, 'elided', code)
  const count = dryRun
    ? `would ${detail.verb} ${items.length}`
    : done === items.length
      ? `${done} ${detail.past}`
      : `${done} of ${items.length} ${detail.past}`
  return `${count}: ${shown}`
}

/** A column for each kind of detail the results carry, in the order they first appear. */
function detailColumns(results: readonly TargetResult[]): Column[] {
  const labels = new Map<string, string>()
  for (const r of results) for (const d of r.details ?? []) if (!labels.has(d.key)) labels.set(d.key, d.label)
  return [...labels].map(([key, label]) => ({
    head: summaryText(label),
    html: (r) =>
      detailCell(
        r.details?.find((d) => d.key === key),
        r.status === 'dry-run'
      )
  }))
}

interface Column {
  head: string
  html: (r: TargetResult, doneStatus: string) => string
  /** Shown only when some result has something to say in it; a column empty in every row is left out. */
  shownFor?: (r: TargetResult) => boolean
}

const COLUMNS: Column[] = [
  { head: 'Target', html: (r) => code(r.name) },
  { head: 'Where', html: (r) => summaryText(r.location) },
  {
    head: 'Result',
    html: (r, doneStatus) =>
      statusText(r.status, doneStatus).label +
      (isFailure(r) ? `: ${summaryText(r.errorCode ?? 'Error')}${r.httpStatus ? ` (HTTP ${r.httpStatus})` : ''}` : '')
  },
  {
    head: 'Final state',
    html: (r) => (r.finalState ? summaryText(r.finalState) : '—'),
    shownFor: (r) => r.finalState !== undefined
  },
  {
    head: 'Request ID',
    html: (r) => (r.requestId ? code(r.requestId) : '—'),
    shownFor: (r) => r.requestId !== undefined
  },
  {
    head: 'Attempts',
    html: (r) =>
      (r.throttled ? `${r.attempts - r.throttled} (+${r.throttled} throttled)` : String(r.attempts)) +
      (r.requests !== undefined ? ` (${r.requests} requests in all)` : '')
  },
  { head: 'Duration', html: (r) => formatDuration(r.durationMs) }
]

/** Where the details' columns go: after Result. */
const DETAILS_AFTER = 'Result'

function columnsFor(results: readonly TargetResult[]): Column[] {
  const shown = COLUMNS.filter((c) => !c.shownFor || results.some(c.shownFor))
  const at = shown.findIndex((c) => c.head === DETAILS_AFTER) + 1
  return [...shown.slice(0, at), ...detailColumns(results), ...shown.slice(at)]
}

function summaryRow(r: TargetResult, doneStatus: string, columns: readonly Column[]): string {
  return `<tr>${columns.map((c) => cell(c.html(r, doneStatus))).join('')}</tr>`
}

const tableHead = (columns: readonly Column[]) => `<table><tr>${columns.map((c) => `<th>${c.head}</th>`).join('')}</tr>`

/**
 * Text we wrote (hints, notes) for the summary: escaped like any other, then its `code spans`
 * shown as code. The escaping has already made every backtick `&#96;` and the text between inert.
 */
export function withCodeSpans(text: string): string {
  return summaryText(text).replace(/&#96;(.+?)&#96;/g, '<code>$1</code>')
}

/** The run's verdict, as the heading says it. */
function verdict(results: readonly TargetResult[], context: ReportContext): string {
  const status = overallStatus(results, context)
  if (context.cancelledBy) return `⏹️ run cancelled (${context.cancelledBy})`
  switch (status) {
    case 'failed':
      return '❌ failed'
    case 'dry-run':
      return '🔍 dry run: nothing changed'
    case 'not-found':
      return '➖ not found: nothing to do'
    case 'exists':
      return '➖ already there: nothing to do'
    default:
      return `✅ ${status}`
  }
}

/** "3 flows: 1 deleted, 1 not found, 1 failed · 2.4 s" */
export function totalsLine(results: readonly TargetResult[], context: ReportContext): string {
  const counts = results.length > 0 ? `: ${countsByStatus(results, context.doneStatus)}` : ''
  const duration = context.durationMs !== undefined ? ` · ${formatDuration(context.durationMs)}` : ''
  return `${plural(results.length, context.targetNoun)}${counts}${duration}`
}

interface SummaryParts {
  head: string[]
  tableHead: string
  rows: string[]
  failures: string[]
  hints: string[]
  previews: string[]
}

function summaryParts(results: readonly TargetResult[], context: ReportContext, messageCap: number): SummaryParts {
  const head = [
    `<h3>flow-ops ${summaryText(context.operation)}: ${verdict(results, context)}</h3>`,
    `<p>${summaryText(totalsLine(results, context))}</p>`
  ]
  if (context.runFailure) head.push(`<p><strong>${withCodeSpans(runFailureMessage(context.runFailure))}</strong></p>`)
  if (context.cancelledBy) {
    head.push(
      `<p><strong>${summaryText(cancellationMessage(results, context.cancelledBy, context.doneStatus, context.cancelledWhile))}</strong></p>`
    )
  }
  if (context.notes && context.notes.length > 0) {
    head.push(`<ul>${context.notes.map((note) => `<li>${withCodeSpans(note)}</li>`).join('')}</ul>`)
  }
  const columns = columnsFor(results)
  const failed = results.filter(isFailure)
  return {
    head,
    tableHead: tableHead(columns),
    rows: results.map((r) => summaryRow(r, context.doneStatus, columns)),
    failures: failed.map((r) => `<li>${summaryText(errorMessageFor(r, messageCap, { withHint: false }))}</li>`),
    // Each hint once, however many targets failed the same way.
    hints: [...new Set(failed.flatMap((r) => (r.hint ? [r.hint] : [])))].map((h) => `<li>${withCodeSpans(h)}</li>`),
    previews: results
      .filter((r) => r.preview !== undefined)
      .map((r) => summaryText(shorten(r.preview, messageCap * 4)!))
  }
}

function joinSummary(parts: SummaryParts, note?: string): string {
  const lines = [...parts.head, ...(parts.rows.length > 0 ? [`${parts.tableHead}${parts.rows.join('')}</table>`] : [])]
  if (parts.failures.length > 0) lines.push('<h4>Failures</h4>', `<ul>${parts.failures.join('')}</ul>`)
  if (parts.hints.length > 0) lines.push('<h4>What to do</h4>', `<ul>${parts.hints.join('')}</ul>`)
  if (parts.previews.length > 0) {
    lines.push('<h4>Requests it would send</h4>', `<pre><code>${parts.previews.join('\n')}</code></pre>`)
  }
  if (note) lines.push(`<p>${summaryText(note)}</p>`)
  return lines.join('\n') + '\n'
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
  let shortest: SummaryParts | undefined
  for (const cap of MESSAGE_CAPS) {
    shortest = summaryParts(results, context, cap)
    const text = joinSummary(shortest)
    if (byteLength(text) <= limitBytes) return text
  }
  // Still too large with the shortest messages: leave rows, failures and previews out.
  const parts = shortest!
  const reserve = 512 // the note, and the tags around what is kept
  const frame = byteLength(joinSummary({ ...parts, rows: [], failures: [], previews: [] }))
  const rows = fitting(parts.rows, limitBytes - frame - reserve)
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

/** The summary of a run that stopped at its inputs: the verdict, which input, and that nothing was sent. */
export function renderInputErrorSummary(operation: string | undefined, message: string): string {
  return (
    [
      `<h3>flow-ops${operation ? ` ${summaryText(operation)}` : ''}: ❌ failed</h3>`,
      '<p>An input was refused, so nothing was sent.</p>',
      `<p><strong>${summaryText(message)}</strong></p>`
    ].join('\n') + '\n'
  )
}
