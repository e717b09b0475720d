/**
 * One operation, run: the targets the inputs name registered in the ledger (so a cancelled run
 * can report each); then either the dry run's previews, or credentials once, the selectors' finds
 * (guarded by max-targets before anything is changed), and every target through the provider, at
 * most `concurrency` at a time, timed, waited for, and stopped by cancellation.
 */
import { proxyFor, redactProxyUrl } from '../http/proxy.js'
import type { AnyProvider, Progress, TargetOutcome, TargetRef } from '../providers/contract.js'
import { failEveryTarget, runFailureOf, type RunOutcome, type TargetResult } from '../report/results.js'
import { ServicePacing, type Runtime } from '../providers/runtime.js'
import type { ActionConfig } from '../config/settings.js'
import { runTargets, type TargetIdentity, type TargetLedger } from './targets.js'
import { resultAfterWait, waitUntilDone, type WaitOutcome } from './wait.js'
import { firstNames, plural } from '../report/wording.js'

/** How many of the selected targets the max-targets message names. */
const NAMED_IN_GUARD = 5

export async function runOperation(
  provider: AnyProvider,
  config: ActionConfig,
  runtime: Runtime,
  ledger: TargetLedger
): Promise<RunOutcome> {
  const { settings, scope, common } = config
  const { wording } = provider
  const { location, selector, targets: explicit } = scope
  const identity = (name: string): TargetIdentity => ({ name, action: wording.action, location })
  ledger.register(explicit.map(identity))
  logProxy(scope.serviceUrls[0], runtime)
  for (const note of scope.notes ?? []) {
    runtime.logger.info(note)
    ledger.note(note)
  }
  // Without a selector a dry run needs nothing from the service: it sends nothing at all.
  if (common.dryRun && !selector) return { results: await dryRun(provider, config, runtime), notes: scope.notes ?? [] }
  // The pipeline paces every call: the provider's clients take their deps from it.
  const pacing = new ServicePacing(runtime, common.maxRate)
  const session = await provider.connect(settings, common, runtime, pacing)
  if (!session.ok) {
    // Cancelled while getting credentials: no target was touched.
    if (runtime.cancellation.requested) return ledger.outcome()
    const { failure } = session
    const hint = wording.hintFor(failure.code)
    if (explicit.length > 0) {
      return { results: failEveryTarget(explicit, { action: wording.action, location }, failure, hint), notes: [] }
    }
    return { results: [], failure: runFailureOf('Getting credentials', failure, { hint }), notes: [] }
  }
  const named: Omit<TargetRef, 'index' | 'count'>[] = explicit.map((name) => ({ name, selected: false }))
  if (selector) {
    const selected = await selectTargets(provider, session.value, {
      explicit,
      selector,
      identity,
      config,
      runtime,
      ledger
    })
    if (!selected) return ledger.outcome()
    named.push(...selected.map((name) => ({ name, selected: true })))
  }
  const refs: TargetRef[] = named.map((target, index) => ({ ...target, index, count: named.length }))
  ledger.register(refs.map((ref) => identity(ref.name)))
  const concurrency = { concurrency: common.concurrency, cancellation: runtime.cancellation }
  await runTargets(ledger, concurrency, (index) =>
    common.dryRun
      ? planTarget(provider, session.value, refs[index]!, runtime)
      : runTarget(provider, session.value, refs[index]!, config, runtime)
  )
  for (const line of pacing.throttling()) runtime.logger.info(line)
  const { halted } = runtime.cancellation
  if (halted) ledger.fail(halted, `not started: ${halted.code} stopped the run before it`)
  return ledger.outcome()
}

/** What selecting needs of the run: the named targets, the selector, and the run's own parts. */
interface SelectContext {
  explicit: string[]
  selector: string
  identity: (name: string) => TargetIdentity
  config: ActionConfig
  runtime: Runtime
  ledger: TargetLedger
}

/**
 * The selectors' finds, less what the inputs already name, in listing order; guarded by
 * max-targets before the provider prepares anything (a mutating call). Undefined when the run
 * cannot go on: the ledger then holds the reason, and every target it knows as not started.
 */
async function selectTargets(
  provider: AnyProvider,
  session: unknown,
  run: SelectContext
): Promise<string[] | undefined> {
  const { explicit, selector, identity, config, runtime, ledger } = run
  const known = new Set(explicit)
  const fresh = (names: readonly string[]) => names.filter((name) => !known.has(name) && Boolean(known.add(name)))
  const noted = (notes: readonly string[]) => {
    for (const note of notes) {
      runtime.logger.info(note)
      ledger.note(note)
    }
  }
  const progress: Progress = {
    doing: (phase) => ledger.doing(phase),
    found: (names) => ledger.found(names.filter((name) => !explicit.includes(name)).map(identity))
  }
  const found = await provider.select(session, progress)
  if (!found.ok) {
    if (!found.interrupted) {
      ledger.settled()
      ledger.fail(found.failure, `not started: ${found.failure.action} failed first`)
    }
    return undefined
  }
  noted(found.value.notes)
  const selected = fresh(found.value.targets)
  const { maxTargets, dryRun } = config.common
  const tooMany = (targets: readonly string[], after: readonly string[] = [], alreadyDone: readonly string[] = []) => {
    ledger.settled()
    ledger.register([...explicit, ...targets].map(identity))
    const shown = firstNames(targets, NAMED_IN_GUARD, 'elided')
    const prepared =
      after.length > 0 ? ` (${targets.length - after.length} found first, ${after.length} more after preparing)` : ''
    const done =
      alreadyDone.length > 0
        ? `No target was started, but preparing had done this: ${alreadyDone.join('; ')}.`
        : 'Nothing was changed.'
    const what = config.scope.selectedBy ?? selector
    ledger.fail(
      {
        action: 'max-targets',
        code: 'TooManyTargets',
        refused: true,
        message: `${plural(targets.length, provider.wording.targetNoun)} matched ${what}${prepared}, more than max-targets (${maxTargets}): ${shown}. ${done}`,
        hint: `Narrow '${selector}', or raise 'max-targets' (up to 1000) if every one of them should go.`
      },
      'not started: more targets were selected than max-targets allows'
    )
  }
  if (selected.length > maxTargets) {
    tooMany(selected)
    return undefined
  }
  const prepared = await provider.prepare(session, { targets: selected, notes: found.value.notes }, dryRun, progress)
  if (!prepared.ok) {
    if (prepared.interrupted) return undefined
    ledger.settled()
    ledger.register([...explicit, ...selected].map(identity))
    ledger.fail(prepared.failure, `not started: ${prepared.failure.action} failed first`)
    return undefined
  }
  noted(prepared.value.notes)
  const more = fresh(prepared.value.targets)
  // What preparing found counts against max-targets with the rest: no path goes past it.
  if (selected.length + more.length > maxTargets) {
    tooMany([...selected, ...more], more, prepared.value.changed)
    return undefined
  }
  ledger.settled()
  const incomplete = found.value.incomplete ?? prepared.value.incomplete
  if (incomplete) {
    runtime.logger.warning(`${incomplete.message}.`)
    ledger.fail(incomplete, `not started: ${incomplete.action} failed first`)
  }
  return [...selected, ...more]
}

/** One target: the work, then with `wait` the polls until it is finished; timed on the runtime's clock. */
async function runTarget(
  provider: AnyProvider,
  session: unknown,
  target: TargetRef,
  { common }: ActionConfig,
  runtime: Runtime
): Promise<TargetResult> {
  const started = runtime.now()
  const elapsed = () => runtime.now() - started
  const { result, finalState }: TargetOutcome = await provider.act(session, target)
  if (!common.wait || (result.status !== 'done' && result.status !== 'not-found')) {
    return { ...result, durationMs: elapsed() }
  }
  const waited: WaitOutcome =
    finalState !== undefined
      ? { kind: 'done', state: finalState, polls: 0 }
      : await waitUntilDone(
          (msLeft) => provider.poll(session, target, runtime.now() + msLeft),
          { timeoutMs: common.waitTimeoutMs },
          {
            now: runtime.now,
            sleep: runtime.sleep,
            cancelled: () => runtime.cancellation.requested,
            // One line a round, so that a long wait shows it is alive without debug logging.
            onPending: (state, nextMs) =>
              runtime.logger.info(
                `${provider.wording.pending(result.name, state)} after ${Math.round(elapsed() / 1000)} s; next check in ${Math.round(nextMs / 1000)} s`
              )
          }
        )
  if (waited.kind === 'done') {
    const said = provider.wording.reached(result.name, waited.state, result.location)
    if (said.warning) runtime.logger.warning(said.message)
    else runtime.logger.info(said.message)
  }
  return resultAfterWait({ ...result, durationMs: elapsed() }, waited, {
    timeoutMs: common.waitTimeoutMs,
    timeoutHint: provider.wording.waitTimeoutHint,
    hintFor: (code) => provider.wording.hintFor(code)
  })
}

/** dry-run with a selector: the target's plan from read-only calls, timed. */
async function planTarget(
  provider: AnyProvider,
  session: unknown,
  target: TargetRef,
  runtime: Runtime
): Promise<TargetResult> {
  const started = runtime.now()
  const result = await provider.plan(session, target, runtime)
  return { ...result, durationMs: runtime.now() - started }
}

/** dry-run: every request built and signed exactly as it would be sent, shown redacted; nothing is sent. */
async function dryRun(
  provider: AnyProvider,
  { settings, scope }: ActionConfig,
  runtime: Runtime
): Promise<TargetResult[]> {
  const { wording } = provider
  for (const note of scope.dryRunNotes) runtime.logger.info(note)
  const { location, targets: names } = scope
  const results: TargetResult[] = []
  for (const [index, name] of names.entries()) {
    // The plan's manifest names each target, though nothing was read of it.
    runtime.manifest.found(name, {})
    const preview = await provider.preview(settings, { name, index, count: names.length, selected: false }, runtime)
    runtime.logger.info(`Dry run: ${wording.label(name)} (${location}) would send: ${preview}`)
    results.push({ name, action: wording.action, location, status: 'dry-run', attempts: 0, durationMs: 0, preview })
  }
  return results
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
