/**
 * run(): inputs → config → operation → report. With report.ts, the only code that imports
 * @actions/core. Everything that reaches the runner from here passes one gate: secrets redacted
 * in every encoding, control characters escaped, so that no service can print a secret or a
 * workflow command through us. SIGINT and SIGTERM (the runner cancelling the job) stop the run
 * gently: nothing new starts, what is in flight gets a short grace, and the report is written.
 */
import * as core from '@actions/core'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Cancellation, CANCEL_GRACE_MS } from './http/cancellation.js'
import { Context } from './shims/github-context.js'
import { evaluateDefault, InputError, inputVariable, parseInputs } from './config/inputs.js'
import { ACTION_DEFAULTS } from './action-defaults.js'
import type { Logger } from './safety/logger.js'
import { runOperation } from './run/operation.js'
import { handlerFor, INPUT_CATALOGUE, loadOperation, OPERATIONS } from './providers/index.js'
import { MANIFEST_FORMAT, MANIFEST_VERSION, MAX_MANIFEST_BYTES, ManifestWriter } from './report/manifest.js'
import { makeFolder, readFolder, readRegularFile } from './safety/files.js'
import { overallStatus } from './report/outputs.js'
import { statusText } from './report/wording.js'
import { cleanOutcome, publishInputError, publishReport, type ReportContext } from './report/publish.js'
import { realRuntime } from './providers/runtime.js'
import { SecretRegistry } from './safety/secrets.js'
import { TargetLedger } from './run/targets.js'
import { neutralise, safeLogLine } from './safety/untrusted.js'

/**
 * An input as the runner passes it: its INPUT_ variable (trimmed, as core.getInput reads it), or,
 * when there is none (the bundle run by hand), action.yml's default, its `${{ github.* }}`
 * expressions filled in from the environment as the runner would (`role-session-name`).
 */
function readInput(name: string): string {
  if (process.env[inputVariable(name)] !== undefined) return core.getInput(name)
  return evaluateDefault(ACTION_DEFAULTS[name] ?? '', process.env)
}

/** Once the report is written, the process ends within this, whatever is still in flight. */
const EXIT_DELAY_MS = 250
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

/**
 * The manifest's file, opened for appending before any request: `manifest-path` when given, else
 * a new file under RUNNER_TEMP whose name tells runs and steps apart. A file already there is
 * never overwritten (the open is exclusive). Each line is written at once, so it is on disk before
 * the next request is sent, and a run killed mid-way leaves every whole line.
 */
function openManifest(
  given: string | undefined,
  operation: string,
  redact: (text: string) => string
): { path: string; writer: ManifestWriter; close: () => void } {
  const env = process.env
  const safe = (value: string | undefined, fallback: string) => (value ?? fallback).replace(/[^A-Za-z0-9._-]/g, '_')
  const file =
    given ??
    path.join(
      env['RUNNER_TEMP'] || os.tmpdir(),
      `flow-ops-manifest-${safe(env['GITHUB_RUN_ID'], 'local')}-${safe(env['GITHUB_RUN_ATTEMPT'], '1')}-${safe(env['GITHUB_ACTION'], 'step')}-${operation}-${Date.now()}.jsonl`
    )
  let fd: number
  try {
    makeFolder(path.dirname(file))
    fd = fs.openSync(file, 'wx')
  } catch (error) {
    const code = (error as { code?: string }).code
    throw new InputError(
      'manifest-path',
      code === 'EEXIST'
        ? `names a file that is there already (${JSON.stringify(file)}); flow-ops never overwrites one: give another path, or leave 'manifest-path' out for a new file under RUNNER_TEMP`
        : `cannot be written (${JSON.stringify(file)}): ${error instanceof Error ? error.message : String(error)}`
    )
  }
  return {
    path: file,
    writer: new ManifestWriter((line) => void fs.writeSync(fd, line), redact),
    close: () => fs.closeSync(fd)
  }
}

export async function run(): Promise<void> {
  // Everything masked is kept, to be scrubbed from whatever a service echoes back.
  const secrets = new SecretRegistry()
  const clean = (text: string) => neutralise(secrets.redact(text))
  const logger = edgeLogger(clean)
  const maskSecret = (secret: string) => {
    if (secret === '') return
    secrets.add(secret)
    core.setSecret(secret)
  }
  const cancellation = new Cancellation()
  const onSignal = (signal: NodeJS.Signals) => {
    if (cancellation.requested) return
    logger.info(
      `Received ${signal}: the job is being cancelled. No new target starts; requests in flight get ${CANCEL_GRACE_MS / 1000} s to finish before they are aborted, then the report is written.`
    )
    cancellation.request(signal)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const startedAt = Date.now()
  try {
    const runUrlOf = runUrl(logger)
    // Only this run's operation's code is loaded (parsing needs it; nothing is read or sent yet).
    await loadOperation(readInput('operation'))
    const { config, warnings } = parseInputs(INPUT_CATALOGUE, readInput, process.env, maskSecret, {
      defaults: ACTION_DEFAULTS,
      runUrl: runUrlOf,
      readFile: (file) => readRegularFile(file, MAX_MANIFEST_BYTES),
      readFolder
    })
    for (const warning of warnings) logger.warning(warning)
    const providerName = config.provider
    const provider = handlerFor(config.operation, providerName)
    // Opened before any request: a path that cannot be written (or holds a file already, which is
    // never overwritten) stops the run while nothing has been sent.
    const manifest = openManifest(config.common.manifestPath, config.operation, (text) => secrets.redact(text))
    manifest.writer.write({
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      operation: config.operation,
      provider: providerName,
      location: config.scope.location,
      endpoint: config.scope.serviceUrls[0]?.href ?? '',
      selectors: config.scope.selectors,
      ...(config.scope.removes ? { removes: config.scope.removes } : {}),
      dryRun: config.common.dryRun,
      startedAt: new Date(startedAt).toISOString(),
      ...(runUrlOf ? { run: runUrlOf } : {})
    })
    const runtime = realRuntime({
      logger,
      maskSecret,
      redact: (text) => secrets.redact(text),
      getIdToken: idTokenSource(secrets),
      cancellation,
      manifest: manifest.writer
    })
    // A cancelled run ends by itself: its sleeps end, and what is in flight after the grace is
    // aborted by the signal every request carries, so the operation returns and is reported.
    const outcome = cleanOutcome(await runOperation(provider, config, runtime, new TargetLedger(runtime.now)), clean)
    for (const result of outcome.results) {
      manifest.writer.write({
        type: 'result',
        name: result.name,
        status: statusText(result.status, provider.wording.doneStatus).word,
        ...(result.errorCode ? { errorCode: result.errorCode } : {}),
        ...(result.requestId ? { requestId: result.requestId } : {})
      })
    }
    const report: ReportContext = {
      manifestPath: manifest.path,
      operation: config.operation,
      doneStatus: provider.wording.doneStatus,
      targetNoun: provider.wording.targetNoun,
      durationMs: Date.now() - startedAt,
      notes: outcome.notes,
      ...(config.common.dryRun ? { dryRun: true } : {}),
      ...(outcome.failure ? { runFailure: outcome.failure } : {}),
      ...(cancellation.reason ? { cancelledBy: cancellation.reason } : {}),
      ...(cancellation.reason && outcome.interruptedWhile ? { cancelledWhile: outcome.interruptedWhile } : {})
    }
    // The manifest's end says the run's status as the `status` output will.
    manifest.writer.write({
      type: 'end',
      status: overallStatus(outcome.results, report),
      finishedAt: new Date().toISOString()
    })
    manifest.close()
    await publishReport(outcome.results, report)
  } catch (error) {
    if (error instanceof InputError) {
      const operation = readInput('operation')
      await publishInputError(OPERATIONS.includes(operation) ? operation : undefined, clean(error.message))
    } else {
      // Anything else is a flow-ops bug: say so, and keep the stack for debug logs.
      core.debug(clean(error instanceof Error && error.stack ? error.stack : String(error)))
      core.setFailed(
        clean(
          `flow-ops failed unexpectedly (please report this): ${error instanceof Error ? error.message : String(error)}`
        )
      )
    }
  } finally {
    logger.finish()
    // Everything is written. Only a request that takes no AbortSignal can still be open: the
    // runner's OIDC token request, made by @actions/core, whose endpoint may never answer. It
    // must not hold the step open.
    setTimeout(() => process.exit(), EXIT_DELAY_MS).unref()
  }
}
