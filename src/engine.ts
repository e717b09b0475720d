/**
 * The engine both edges run: inputs → config → operation → report, with no knowledge of where it
 * runs. The action (main.ts) and the command (cli.ts) each hand it an Edge: how inputs are read,
 * where the log and the report go. Everything that leaves passes one gate: secrets redacted in
 * every encoding, control characters escaped, so that no service can print a secret or a workflow
 * command through us. SIGINT and SIGTERM (the runner cancelling the job, Ctrl-C) stop the run
 * gently: nothing new starts, what is in flight gets a short grace, and the report is written.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Cancellation, CANCEL_GRACE_MS } from './http/cancellation.js'
import { InputError, parseInputs } from './config/inputs.js'
import { ACTION_DEFAULTS } from './action-defaults.js'
import type { Logger } from './safety/logger.js'
import { runOperation } from './run/operation.js'
import { handlerFor, INPUT_CATALOGUE, loadOperation, OPERATIONS } from './providers/index.js'
import { MANIFEST_FORMAT, MANIFEST_VERSION, MAX_MANIFEST_BYTES, ManifestWriter } from './report/manifest.js'
import { makeFolder, readFolder, readRegularFile } from './safety/files.js'
import { overallStatus } from './report/outputs.js'
import { statusText } from './report/wording.js'
import { cleanOutcome } from './report/clean.js'
import type { ReportContext } from './report/outputs.js'
import type { TargetResult } from './report/results.js'
import { realRuntime } from './providers/runtime.js'
import { SecretRegistry } from './safety/secrets.js'
import { TargetLedger } from './run/targets.js'
import { neutralise } from './safety/untrusted.js'

/** Once the report is written, the process ends within this, whatever is still in flight. */
const EXIT_DELAY_MS = 250

/** Where the engine runs: a GitHub Actions step, or a terminal. */
export interface Edge {
  /** An input as this edge has it (the runner's INPUT_ variable, a flag), else action.yml's default. */
  readInput(name: string): string
  /** A secret the edge should hide (the runner's mask list); the engine scrubs it from all it writes either way. */
  maskSecret(secret: string): void
  /** The edge's log; every line it is given is cleaned by `clean` first. */
  logger(clean: (text: string) => string): Logger & { finish(): void }
  /** The run's URL, when there is one (a provider may name it in what it sends). */
  runUrl(logger: Logger): string | undefined
  /** The job's OIDC token, for keyless credentials (the token goes on `secrets`). */
  idToken(secrets: SecretRegistry): (audience: string) => Promise<string>
  /** The manifest's path when `manifest-path` is not given, and what the refusal of a path there already suggests. */
  manifestPath(operation: string): { path: string; instead: string }
  /** The run's report: results and their context, every string in them cleaned. */
  publish(results: readonly TargetResult[], report: ReportContext): Promise<void>
  /** A run refused at its inputs (the message is cleaned). */
  publishInputError(operation: string | undefined, message: string): Promise<void>
  /** A flow-ops bug: the message, and the stack for whoever debugs it (both cleaned). */
  failUnexpected(message: string, stack: string): void
}

/**
 * The manifest's file, opened for appending before any request: `manifest-path` when given, else
 * the edge's new file (under RUNNER_TEMP for the action, named after the run and step). A file already there is
 * never overwritten (the open is exclusive). Each line is written at once, so it is on disk before
 * the next request is sent, and a run killed mid-way leaves every whole line.
 */
function openManifest(
  given: string | undefined,
  fallback: { path: string; instead: string },
  redact: (text: string) => string
): { path: string; writer: ManifestWriter; close: () => void } {
  const file = given ?? fallback.path
  let fd: number
  try {
    makeFolder(path.dirname(file))
    fd = fs.openSync(file, 'wx')
  } catch (error) {
    const code = (error as { code?: string }).code
    throw new InputError(
      'manifest-path',
      code === 'EEXIST'
        ? `names a file that is there already (${JSON.stringify(file)}); flow-ops never overwrites one: give another path, or leave 'manifest-path' out for ${fallback.instead}`
        : `cannot be written (${JSON.stringify(file)}): ${error instanceof Error ? error.message : String(error)}`
    )
  }
  return {
    path: file,
    writer: new ManifestWriter((line) => void fs.writeSync(fd, line), redact),
    close: () => fs.closeSync(fd)
  }
}

/** Runs the operation the edge's inputs name, and reports it through the edge. */
export async function runEngine(edge: Edge): Promise<void> {
  // Everything masked is kept, to be scrubbed from whatever a service echoes back.
  const secrets = new SecretRegistry()
  const clean = (text: string) => neutralise(secrets.redact(text))
  const logger = edge.logger(clean)
  const maskSecret = (secret: string) => {
    if (secret === '') return
    secrets.add(secret)
    edge.maskSecret(secret)
  }
  const readInput = (name: string) => edge.readInput(name)
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
    const runUrlOf = edge.runUrl(logger)
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
    const manifest = openManifest(config.common.manifestPath, edge.manifestPath(config.operation), (text) =>
      secrets.redact(text)
    )
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
      getIdToken: edge.idToken(secrets),
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
    await edge.publish(outcome.results, report)
  } catch (error) {
    if (error instanceof InputError) {
      const operation = readInput('operation')
      await edge.publishInputError(OPERATIONS.includes(operation) ? operation : undefined, clean(error.message))
    } else {
      // Anything else is a flow-ops bug: say so, and keep the stack for whoever debugs it.
      edge.failUnexpected(
        clean(
          `flow-ops failed unexpectedly (please report this): ${error instanceof Error ? error.message : String(error)}`
        ),
        clean(error instanceof Error && error.stack ? error.stack : String(error))
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
