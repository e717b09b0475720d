/**
 * run(): inputs → config → operation → report. With report.ts, the only code that imports
 * @actions/core.
 */
import * as core from '@actions/core'
import { Context } from './shims/github-context.js'
import { InputError, parseInputs } from './inputs.js'
import type { Logger } from './logger.js'
import { runOperation } from './operations.js'
import { publishReport, redactResults } from './report.js'

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

/**
 * The job's OIDC token (masked by core.getIDToken itself). The runner offers one only with
 * `permissions: id-token: write`; say so plainly rather than with core's own error.
 */
async function idToken(audience: string): Promise<string> {
  if (!process.env['ACTIONS_ID_TOKEN_REQUEST_URL'] || !process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']) {
    throw new Error(
      'the runner offers no OIDC token to this job (ACTIONS_ID_TOKEN_REQUEST_URL is not set): add `permissions: id-token: write` to the job'
    )
  }
  return core.getIDToken(audience)
}

export async function run(): Promise<void> {
  // Everything masked, kept to scrub results too: a service may echo a value back in a message.
  const secrets: string[] = []
  const maskSecret = (secret: string) => {
    secrets.push(secret)
    core.setSecret(secret)
  }
  try {
    const { config, warnings } = parseInputs((name) => core.getInput(name), process.env, maskSecret)
    for (const warning of warnings) core.warning(warning)
    const results = await runOperation(config, {
      logger: coreLogger,
      maskSecret,
      getIdToken: idToken
    })
    const url = runUrl()
    await publishReport(redactResults(results, secrets), {
      operation: config.operation,
      ...(url ? { runUrl: url } : {})
    })
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
