/**
 * One operation, run: every target registered in the ledger (so a cancelled run can report each),
 * then either the dry run's previews, or credentials once and every target through the provider,
 * at most `concurrency` at a time, timed, waited for, and stopped by cancellation.
 */
import { proxyFor, redactProxyUrl } from './http/proxy.js'
import type { TargetOutcome, AnyProvider } from './provider.js'
import { failEveryTarget, type TargetResult } from './results.js'
import type { Runtime } from './runtime.js'
import type { ActionConfig } from './settings.js'
import { runTargets, type TargetLedger } from './targets.js'
import { resultAfterWait, waitUntilDone, type WaitOutcome } from './wait.js'

export async function runOperation(
  provider: AnyProvider,
  config: ActionConfig,
  runtime: Runtime,
  ledger: TargetLedger
): Promise<TargetResult[]> {
  const { settings, common } = config
  const names = provider.targets(settings)
  const location = provider.location(settings)
  ledger.register(names.map((name) => ({ name, action: provider.action, location })))
  logProxy(provider.serviceUrls(settings)[0], runtime)
  if (common.dryRun) return dryRun(provider, config, runtime)
  const session = await provider.connect(settings, common, runtime)
  if (!session.ok) {
    // Cancelled while getting credentials: no target was touched.
    if (runtime.cancellation.requested) return ledger.snapshot()
    const { failure } = session
    return failEveryTarget(names, { action: provider.action, location }, failure, provider.hintFor(failure.code))
  }
  const results = await runTargets(
    ledger,
    { concurrency: common.concurrency, cancellation: runtime.cancellation },
    (index) => runTarget(provider, session.value, index, config, runtime)
  )
  const limiter = provider.limiter(session.value)
  if (limiter.throttled > 0) runtime.logger.info(`${provider.service} throttling: ${limiter.summary()}`)
  return results
}

/** One target: the work, then with `wait` the polls until it is finished; timed on the runtime's clock. */
async function runTarget(
  provider: AnyProvider,
  session: unknown,
  index: number,
  { common }: ActionConfig,
  runtime: Runtime
): Promise<TargetResult> {
  const started = runtime.now()
  const elapsed = () => runtime.now() - started
  const { result, finalState }: TargetOutcome = await provider.act(session, index)
  if (!common.wait || (result.status !== 'done' && result.status !== 'not-found')) {
    return { ...result, durationMs: elapsed() }
  }
  const waited: WaitOutcome =
    finalState !== undefined
      ? { kind: 'done', state: finalState, polls: 0 }
      : await waitUntilDone(
          (msLeft) => provider.poll(session, index, runtime.now() + msLeft),
          { timeoutMs: common.waitTimeoutMs },
          { now: runtime.now, sleep: runtime.sleep, cancelled: () => runtime.cancellation.requested }
        )
  if (waited.kind === 'done') {
    const said = provider.reached(result.name, waited.state, result.location)
    if (said.warning) runtime.logger.warning(said.message)
    else runtime.logger.info(said.message)
  }
  return resultAfterWait({ ...result, durationMs: elapsed() }, waited, {
    timeoutMs: common.waitTimeoutMs,
    timeoutHint: provider.waitTimeoutHint,
    hintFor: (code) => provider.hintFor(code)
  })
}

/** dry-run: every request built and signed exactly as it would be sent, shown redacted; nothing is sent. */
function dryRun(provider: AnyProvider, { settings }: ActionConfig, runtime: Runtime): TargetResult[] {
  for (const note of provider.dryRunNotes(settings)) runtime.logger.info(note)
  const location = provider.location(settings)
  return provider.targets(settings).map((name, index) => {
    const preview = provider.preview(settings, index, runtime)
    runtime.logger.info(`Dry run: ${provider.label(name)} (${location}) would send: ${preview}`)
    return { name, action: provider.action, location, status: 'dry-run', attempts: 0, durationMs: 0, preview }
  })
}

/** Says so when requests go through a proxy, so a self-hosted runner's set-up can be checked in the log. */
function logProxy(url: URL | undefined, runtime: Runtime): void {
  const proxy = url ? proxyFor(url.href) : ''
  if (url && proxy) {
    runtime.logger.info(
      `Requests to ${url.host} go through the proxy ${redactProxyUrl(proxy)} (from *_PROXY; NO_PROXY bypasses it)`
    )
  }
}
