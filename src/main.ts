/**
 * run(): the engine (engine.ts) as a GitHub Actions step. This edge and report/publish.ts are the
 * only code that imports @actions/core: inputs are the runner's INPUT_ variables, secrets go on
 * the runner's mask list, the log is workflow commands, and the report is the step's outputs, job
 * summary and annotations.
 */
import * as core from '@actions/core'
import os from 'node:os'
import path from 'node:path'
import { Context } from './shims/github-context.js'
import { evaluateDefault, inputVariable } from './config/inputs.js'
import { ACTION_DEFAULTS } from './action-defaults.js'
import { runEngine, type Edge } from './engine.js'
import type { Logger } from './safety/logger.js'
import { publishInputError, publishReport } from './report/publish.js'
import type { SecretRegistry } from './safety/secrets.js'
import { safeLogLine } from './safety/untrusted.js'

/**
 * An input as the runner passes it: its INPUT_ variable (trimmed, as core.getInput reads it), or,
 * when there is none (the bundle run by hand), action.yml's default, its `${{ github.* }}`
 * expressions filled in from the environment as the runner would (`role-session-name`).
 */
function readInput(name: string): string {
  if (process.env[inputVariable(name)] !== undefined) return core.getInput(name)
  return evaluateDefault(ACTION_DEFAULTS[name] ?? '', process.env)
}

/** GitHub shows at most 10 warning annotations per step. */
const MAX_WARNING_ANNOTATIONS = 10

/** A logger backed by @actions/core that cleans every line and keeps within the warning limit. */
function edgeLogger(clean: (text: string) => string): Logger & { finish: () => void } {
  let warnings = 0
  let asPlainLines = 0
  // The runner shows debug lines only with step debug logging on (RUNNER_DEBUG=1); without it they
  // would be written, cleaned and dropped, one per request.
  const debug = core.isDebug()
  return {
    debug: (message) => {
      if (debug) core.debug(clean(message))
    },
    info: (message) => core.info(safeLogLine(clean(message))),
    warning: (message) => {
      if (++warnings < MAX_WARNING_ANNOTATIONS) return core.warning(clean(message))
      asPlainLines++
      core.info(safeLogLine(`Warning: ${clean(message)}`))
    },
    finish: () => {
      if (asPlainLines > 0) {
        core.warning(`${asPlainLines} more warnings are in the log as lines that start with "Warning:"`)
      }
    }
  }
}

/**
 * The run's URL, when the runner has said which run this is (a provider may name it in what it sends). An
 * event file that cannot be read costs only the link, with a warning that names it.
 */
function runUrl(logger: Logger): string | undefined {
  let context: Context
  try {
    context = new Context()
  } catch (error) {
    logger.warning(
      `Could not read the event file GITHUB_EVENT_PATH (${process.env['GITHUB_EVENT_PATH']}): ${error instanceof Error ? error.message : String(error)}; what flow-ops sends names no run`
    )
    return undefined
  }
  if (!process.env['GITHUB_REPOSITORY'] || !context.runId) return undefined
  return `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`
}

/**
 * The job's OIDC token (masked by core.getIDToken itself, and put on the scrub list here). The
 * runner offers one only with `permissions: id-token: write`; say so plainly rather than with
 * core's own error, and mark it as not worth retrying.
 */
function idTokenSource(secrets: SecretRegistry): (audience: string) => Promise<string> {
  return async (audience) => {
    if (!process.env['ACTIONS_ID_TOKEN_REQUEST_URL'] || !process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']) {
      throw Object.assign(
        new Error(
          'the runner offers no OIDC token to this job (ACTIONS_ID_TOKEN_REQUEST_URL is not set): add `permissions: id-token: write` to the job'
        ),
        { permanent: true }
      )
    }
    const token = await core.getIDToken(audience)
    secrets.add(token)
    return token
  }
}

/** A new file under RUNNER_TEMP whose name tells runs and steps apart. */
function manifestPath(operation: string): { path: string; instead: string } {
  const env = process.env
  const safe = (value: string | undefined, fallback: string) => (value ?? fallback).replace(/[^A-Za-z0-9._-]/g, '_')
  return {
    path: path.join(
      env['RUNNER_TEMP'] || os.tmpdir(),
      `flow-ops-manifest-${safe(env['GITHUB_RUN_ID'], 'local')}-${safe(env['GITHUB_RUN_ATTEMPT'], '1')}-${safe(env['GITHUB_ACTION'], 'step')}-${operation}-${Date.now()}.jsonl`
    ),
    instead: 'a new file under RUNNER_TEMP'
  }
}

/** The action's edge. */
const ACTION_EDGE: Edge = {
  readInput,
  maskSecret: (secret) => core.setSecret(secret),
  logger: edgeLogger,
  runUrl,
  idToken: idTokenSource,
  manifestPath,
  publish: publishReport,
  publishInputError,
  failUnexpected: (message, stack) => {
    core.debug(stack)
    core.setFailed(message)
  }
}

export async function run(): Promise<void> {
  await runEngine(ACTION_EDGE)
}
