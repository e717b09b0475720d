/**
 * run(): inputs → config → operation → report. With report.ts, the only code that imports
 * @actions/core.
 */
import * as core from '@actions/core'
import { Context } from './shims/github-context.js'
import { InputError, parseInputs } from './inputs.js'
import type { Logger } from './logger.js'
import { runOperation } from './operations.js'
import { publishReport } from './report.js'

const coreLogger: Logger = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warning: (message) => core.warning(message)
}

/** The run's URL, when the runner has said which run this is. */
function runUrl(): string | undefined {
  const context = new Context()
  if (!process.env['GITHUB_REPOSITORY'] || !context.runId) return undefined
  return `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`
}

export async function run(): Promise<void> {
  try {
    const { config, warnings } = parseInputs(
      (name) => core.getInput(name),
      process.env,
      (secret) => core.setSecret(secret)
    )
    for (const warning of warnings) core.warning(warning)
    const results = await runOperation(config, { logger: coreLogger, maskSecret: (secret) => core.setSecret(secret) })
    await publishReport(results, { operation: config.operation, ...(runUrl() ? { runUrl: runUrl()! } : {}) })
  } catch (error) {
    if (error instanceof InputError) {
      core.setFailed(error.message)
      return
    }
    // Anything else is a flow-ops bug: say so, and keep the stack for debug logs.
    core.debug(error instanceof Error && error.stack ? error.stack : String(error))
    core.setFailed(
      `flow-ops failed unexpectedly (please report this): ${error instanceof Error ? error.message : String(error)}`
    )
  }
}
