/**
 * Results → step outputs, job summary, ::error:: annotations, exit code. The only module besides
 * main.ts that touches @actions/core; the formatting is pure (outputs.ts, summary.ts,
 * annotations.ts). Every string in a result is untrusted (a service wrote it) and reaches the
 * runner only cleaned by the engine (secrets redacted, control characters escaped) and, in the
 * summary, HTML-escaped. Writing is never all-or-nothing: a file that cannot be written is named,
 * and the rest is still written.
 */
import * as core from '@actions/core'
import { annotationsFor, failureAccount, runFailureMessage, type Annotation } from './annotations.js'
import { inputErrorOutputs, outputsFor, type ReportContext } from './outputs.js'
import type { TargetResult } from './results.js'
import { renderInputErrorSummary, renderSummary } from './summary.js'

export type { ReportContext } from './outputs.js'

/** Runs `write`; on failure, says which file could not be written and why. */
function tryWrite(what: string, variable: string, write: () => void): string | undefined {
  try {
    write()
    return undefined
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return `Could not write ${what} to ${variable} (${process.env[variable] ?? 'not set'}): ${reason}`
  }
}

/** Writes the job summary; one that cannot be written is a warning, naming the file. */
async function writeSummary(html: string): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) {
    core.debug('GITHUB_STEP_SUMMARY is not set; no job summary written')
    return
  }
  try {
    await core.summary.addRaw(html).write()
  } catch (error) {
    core.warning(
      `Could not write the job summary to GITHUB_STEP_SUMMARY (${process.env['GITHUB_STEP_SUMMARY']}): ${error instanceof Error ? error.message : String(error)}`
    )
  } finally {
    core.summary.emptyBuffer()
  }
}

/** Sets every output; a GITHUB_OUTPUT that cannot be written is said once, naming the file. */
function writeOutputs(outputs: Record<string, string>): string | undefined {
  let outputFailure: string | undefined
  for (const [name, value] of Object.entries(outputs)) {
    outputFailure ??= tryWrite("the step's outputs", 'GITHUB_OUTPUT', () => core.setOutput(name, value))
  }
  return outputFailure
}

/**
 * Writes everything, each part on its own: outputs, summary, annotations. A GITHUB_OUTPUT that
 * cannot be written fails the step (later steps would read empty outputs), naming the file; a
 * summary that cannot be written is a warning. A failed run ends with core.setFailed and one
 * line that says what failed ("2 of 3 flows failed: a, b").
 */
export async function publishReport(results: readonly TargetResult[], context: ReportContext): Promise<void> {
  const outputFailure = writeOutputs(outputsFor(results, context))
  await writeSummary(renderSummary(results, context))
  const account = failureAccount(results, context, outputFailure !== undefined)
  // The run's own failure and the unwritten outputs keep their detail in annotations of their own.
  const runErrors: Annotation[] = [
    ...(context.runFailure
      ? [
          {
            title: `${context.runFailure.action} ${context.runFailure.refused ? 'refused' : 'failed'}`,
            message: runFailureMessage(context.runFailure)
          }
        ]
      : []),
    ...(outputFailure ? [{ title: 'Outputs not written', message: outputFailure }] : [])
  ]
  // The failure line below is an error annotation too: leave room for it.
  for (const annotation of [...annotationsFor(results, runErrors.length + 1), ...runErrors]) {
    core.error(annotation.message, { title: annotation.title })
  }
  if (account) core.setFailed(account)
}

/** A run refused at its inputs: the outputs say so (status failed, error-code InvalidInput), a short summary, the failure line. */
export async function publishInputError(operation: string | undefined, message: string): Promise<void> {
  const outputFailure = writeOutputs(inputErrorOutputs(message))
  await writeSummary(renderInputErrorSummary(operation, message))
  if (outputFailure) core.error(outputFailure, { title: 'Outputs not written' })
  core.setFailed(message)
}
