/**
 * The job summary as a terminal shows it, after the log (which has said the run's notes): the
 * totals, one line a target, what failed with its code and hint, the run's own failure. Pure; every string in a result is untrusted and arrives
 * cleaned (secrets redacted, control characters escaped) by the entry point.
 */
import { errorMessageFor, failureAccount, runFailureMessage } from './annotations.js'
import { statusWord, type ReportContext } from './outputs.js'
import type { TargetResult } from './results.js'
import { totalsLine } from './summary.js'

export function renderTextSummary(results: readonly TargetResult[], context: ReportContext): string {
  const width = Math.min(40, Math.max(0, ...results.map((r) => r.name.length)))
  const lines = [
    `${context.dryRun ? 'Dry run: ' : ''}${context.operation}, ${totalsLine(results, context)}`,
    ...results.map(
      (r) => `  ${r.name.padEnd(width)}  ${statusWord(r, context.doneStatus)}${r.errorCode ? `  ${r.errorCode}` : ''}`
    ),
    ...results
      .filter((r) => r.status === 'failed' || r.status === 'changed')
      .map((r) => `Failed: ${errorMessageFor(r)}`),
    ...(context.runFailure ? [`Failed: ${runFailureMessage(context.runFailure)}`] : [])
  ]
  const account = failureAccount(results, context)
  if (account) lines.push(account)
  if (context.manifestPath) lines.push(`Manifest: ${context.manifestPath}`)
  return `${lines.join('\n')}\n`
}
