/**
 * Results → step outputs, job summary, one ::error:: per failed target, exit code. The only
 * module besides main.ts that touches @actions/core; the formatting itself is pure and exported.
 */
import * as core from '@actions/core'
import { isFailure, type TargetResult, type TargetStatus } from './results.js'

export interface ReportContext {
  operation: string
  /** A link to this workflow run, when the runner says which run this is. */
  runUrl?: string
}

/**
 * Results with every masked value replaced by ***, so that a secret the service echoes back (an
 * AccessKey ID in InvalidAccessKeyID's message, say) reaches neither outputs nor the summary.
 */
export function redactResults(results: readonly TargetResult[], secrets: readonly string[]): TargetResult[] {
  const masked = [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length)
  const redact = (text: string | undefined) =>
    text === undefined ? undefined : masked.reduce((out, secret) => out.split(secret).join('***'), text)
  return results.map((r) => {
    const copy: TargetResult = { ...r }
    for (const field of ['message', 'hint', 'requestId', 'preview', 'finalState'] as const) {
      const value = redact(r[field])
      if (value !== undefined) copy[field] = value
    }
    return copy
  })
}

/** The step's overall status: failed if any target failed, not-found only if every target was missing. */
export function overallStatus(results: readonly TargetResult[]): TargetStatus | 'failed' {
  if (results.some(isFailure)) return 'failed'
  if (results.length > 0 && results.every((r) => r.status === 'not-found')) return 'not-found'
  if (results.length > 0 && results.every((r) => r.status === 'dry-run')) return 'dry-run'
  return results[0]?.status === 'cancelled' ? 'cancelled' : 'deleted'
}

/**
 * Every output of the action. With several targets, request-id, error-code, error-message and
 * http-status describe the first failed target (or the last target when none failed); `results`
 * has every target.
 */
export function outputsFor(results: readonly TargetResult[]): Record<string, string> {
  const focus = results.find(isFailure) ?? results[results.length - 1]
  const failed = focus !== undefined && isFailure(focus)
  return {
    'request-id': focus?.requestId ?? '',
    status: overallStatus(results),
    'error-code': failed ? (focus.errorCode ?? '') : '',
    'error-message': failed ? (focus.message ?? '') : '',
    'http-status': focus?.httpStatus !== undefined ? String(focus.httpStatus) : '',
    'final-state': focus?.finalState ?? '',
    results: JSON.stringify(
      results.map((r) => ({
        name: r.name,
        status: r.status,
        requestId: r.requestId ?? null,
        errorCode: r.errorCode ?? null,
        message: r.message ?? null,
        httpStatus: r.httpStatus ?? null,
        finalState: r.finalState ?? null,
        attempts: r.attempts,
        durationMs: r.durationMs
      }))
    )
  }
}

/** One line per failed target: what was attempted, the service's code, status and message, a hint, the RequestId. */
export function errorMessageFor(result: TargetResult): string {
  const parts = [
    `${result.action} '${result.name}' (${result.location}) failed after ${result.attempts} attempt${result.attempts === 1 ? '' : 's'}:`,
    `${result.errorCode ?? 'Error'}${result.httpStatus !== undefined ? ` (HTTP ${result.httpStatus})` : ''}:`,
    result.message ?? 'no message'
  ]
  let message = parts.join(' ')
  if (result.hint) message += ` — ${result.hint}`
  message += ` RequestId: ${result.requestId ?? 'none'}.`
  return message
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

const STATUS_LABELS: Record<TargetStatus, string> = {
  deleted: '✅ deleted',
  'not-found': '➖ not found (ignored)',
  cancelled: '✅ cancelled',
  failed: '❌ failed',
  'dry-run': '🔍 dry run: nothing sent'
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** The summary table: header row, then one row per target, every cell HTML-escaped. */
export function summaryRows(results: readonly TargetResult[]): { data: string; header?: boolean }[][] {
  const header = ['Target', 'Where', 'Result', 'Final state', 'Request ID', 'Attempts', 'Duration'].map((data) => ({
    data,
    header: true
  }))
  const rows = results.map((r) =>
    [
      `<code>${escapeHtml(r.name)}</code>`,
      escapeHtml(r.location),
      STATUS_LABELS[r.status] +
        (r.status === 'failed'
          ? `: ${escapeHtml(r.errorCode ?? 'Error')}${r.httpStatus ? ` (HTTP ${r.httpStatus})` : ''}`
          : ''),
      r.finalState ? escapeHtml(r.finalState) : '—',
      r.requestId ? `<code>${escapeHtml(r.requestId)}</code>` : '—',
      String(r.attempts),
      formatDuration(r.durationMs)
    ].map((data) => ({ data }))
  )
  return [header, ...rows]
}

async function writeSummary(results: readonly TargetResult[], context: ReportContext): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) {
    core.debug('GITHUB_STEP_SUMMARY is not set; no job summary written')
    return
  }
  const failed = results.filter(isFailure)
  const summary = core.summary
    .addHeading(`flow-ops: ${escapeHtml(context.operation)}`, 3)
    .addTable(summaryRows(results))
  if (failed.length > 0) {
    summary.addList(failed.map((r) => escapeHtml(errorMessageFor(r))))
  }
  const previews = results.filter((r) => r.preview !== undefined).map((r) => r.preview!)
  if (previews.length > 0) summary.addCodeBlock(escapeHtml(previews.join('\n')))
  if (context.runUrl)
    summary.addRaw(`<p>Run: <a href="${escapeHtml(context.runUrl)}">${escapeHtml(context.runUrl)}</a></p>`, true)
  try {
    await summary.write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`)
  }
}

export async function publishReport(results: readonly TargetResult[], context: ReportContext): Promise<void> {
  for (const [name, value] of Object.entries(outputsFor(results))) core.setOutput(name, value)
  await writeSummary(results, context)
  const failed = results.filter(isFailure)
  for (const result of failed) core.error(errorMessageFor(result), { title: `${result.action} failed` })
  if (failed.length > 0) process.exitCode = core.ExitCode.Failure
}
