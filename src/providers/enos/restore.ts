/**
 * operation: restore, for a cancel's manifest: the flows that `disable-flow` disabled are enabled
 * again with Enable Flow (https://support.enos-iot.com/docs/batch-processing-api/en/2.2.0/v2.1/enable_flow.html),
 * and only those that were active before the run (it read each with Get Flow before disabling it,
 * and the manifest holds what it read). Cancelled instances cannot be started again. A flow active
 * already is left as it is, so a restore run twice changes nothing the second time.
 */
import { describeValue, InputError, parseTargets, type InputSource } from '../../config/input-rules.js'
import type { SettingsScope } from '../../config/settings.js'
import { answerIds, changeOutcome, type Recorder } from '../../report/manifest.js'
import { targetHistories } from '../../report/manifest-read.js'
import { attemptCounts, doneResult, failedResult, interruptedResult } from '../../report/results.js'
import { firstNames, plural } from '../../report/wording.js'
import type { ClientSession, Provider, TargetOutcome, TargetRef } from '../contract.js'
import { FROM_MANIFEST, manifestsToUndo, type LoadedManifest } from '../manifest-input.js'
import type { Runtime } from '../runtime.js'
import { previewSigned } from './cancel-instance.js'
import type { BatchProcessingClient } from './client.js'
import { hintForEnosError } from './errors.js'
import { parseEnosConnection, type EnosConnection } from './inputs.js'
import { connectBatchProcessing, ENOS_SERVICE } from './index.js'
import { enableFlowCall } from './request.js'
import { validateFlowId } from './target-inputs.js'

export interface EnosRestoreSettings extends EnosConnection {
  /** The flows to enable again, in the manifest's order. */
  flowIds: number[]
}

/** What a cancel's manifest gives back: the flows to enable, and what is left as it is. */
export function flowsToEnable(manifest: Pick<LoadedManifest, 'records'>): {
  enable: number[]
  paused: number[]
  unread: number[]
  cancelled: number
} {
  const enable: number[] = []
  const paused: number[] = []
  const unread: number[] = []
  let cancelled = 0
  for (const history of targetHistories(manifest)) {
    if (history.changes.some((c) => c.action === 'CancelFlowInstance' && c.outcome !== 'failed')) cancelled++
    const disabled = history.changes.some((c) => c.action === 'DisableFlow' && c.outcome !== 'failed')
    if (!disabled || !/^[1-9]\d{0,9}$/.test(history.name)) continue
    const active = history.found?.service?.['active']
    const flowId = Number(history.name)
    if (active === 1 || active === '1') enable.push(flowId)
    else if (active === 0 || active === '0') paused.push(flowId)
    else unread.push(flowId)
  }
  return { enable, paused, unread, cancelled }
}

/** The cancels' manifests, checked: each of a cancel that ran, all at one gateway; oldest first. */
function cancelManifests(source: InputSource): LoadedManifest[] {
  return manifestsToUndo(source, { operation: 'cancel', undoes: 'an EnOS restore undoes a cancel' })
}

/**
 * What several cancels give back together: each flow as the oldest run that disabled it found it
 * (a later run found it disabled already), each counted once.
 */
function unionToEnable(manifests: readonly LoadedManifest[]): ReturnType<typeof flowsToEnable> {
  const verdicts = new Map<number, 'enable' | 'paused' | 'unread'>()
  let cancelled = 0
  for (const manifest of manifests) {
    const one = flowsToEnable(manifest)
    cancelled += one.cancelled
    for (const [list, verdict] of [
      [one.enable, 'enable'],
      [one.paused, 'paused'],
      [one.unread, 'unread']
    ] as const) {
      for (const flowId of list) if (!verdicts.has(flowId)) verdicts.set(flowId, verdict)
    }
  }
  const of = (verdict: string) => [...verdicts].filter(([, v]) => v === verdict).map(([id]) => id)
  return { enable: of('enable'), paused: of('paused'), unread: of('unread'), cancelled }
}

export function parseEnosRestoreInputs(source: InputSource): { settings: EnosRestoreSettings; scope: SettingsScope } {
  const manifests = cancelManifests(source)
  const manifest = manifests[0]!
  const file = manifests.map((m) => describeValue(m.path)).join(', ')
  const { enable, paused, unread, cancelled } = unionToEnable(manifests)
  const narrowed = parseTargets(source, 'flow-id', {
    noun: 'flow',
    validate: validateFlowId
  }).map(Number)
  for (const flowId of narrowed) {
    if (!enable.includes(flowId)) {
      throw new InputError(
        'flow-id',
        `names flow ${flowId}, which the run of ${file} did not disable while it was active: there is nothing to enable (${enable.length > 0 ? `it can enable ${firstNames(enable.map(String), 5)}` : 'it enables none'})`
      )
    }
  }
  const flowIds = narrowed.length > 0 ? enable.filter((id) => narrowed.includes(id)) : enable
  const fromApigw = manifest.header.endpoint
  const connection = parseEnosConnection(source, 'restore', { apigw: fromApigw, file })
  const notes = [
    `Restoring: enabling ${plural(flowIds.length, 'flow')} that the ${manifests.length === 1 ? 'cancel' : 'cancels'} of ${manifests.map((m) => m.header.startedAt).join(', ')} disabled while ${flowIds.length === 1 ? 'it was' : 'they were'} active (from-manifest ${file})`,
    ...(connection.apigw.href !== fromApigw
      ? [
          `The flows are enabled at ${connection.apigw.origin}, not at the manifest's gateway (${describeValue(fromApigw)}): 'apigw-url' says so`
        ]
      : []),
    ...(paused.length > 0
      ? [`Left paused, as they were before that run: ${paused.map((id) => `flow ${id}`).join(', ')}`]
      : []),
    ...(unread.length > 0
      ? [
          `Left as they are, since the manifest does not say whether they were active before that run: ${unread.map((id) => `flow ${id}`).join(', ')}`
        ]
      : []),
    ...(cancelled > 0
      ? [
          `${plural(cancelled, 'cancelled flow instance')} cannot be restored: EnOS cannot start a cancelled instance again`
        ]
      : [])
  ]
  return {
    settings: { ...connection, flowIds },
    scope: {
      serviceUrls: [connection.apigw],
      location: connection.apigw.host,
      targets: flowIds.map(String),
      selectors: { [FROM_MANIFEST]: manifests.map((m) => m.path), 'flow-id': narrowed.map(String) },
      dryRunNotes: [],
      notes
    }
  }
}

/** One flow enabled again, unless Get Flow says it is active already (then nothing is sent). */
export async function enableFlow(
  client: BatchProcessingClient,
  target: TargetRef,
  location: string,
  record: Recorder
): Promise<TargetOutcome> {
  const flowId = Number(target.name)
  const state = await client.getFlow(flowId)
  const base = { name: target.name, action: 'GetFlow', location, ...attemptCounts(state) }
  if (!state.result.ok) {
    if (state.interrupted) return { result: interruptedResult(base, state) }
    return { result: failedResult(base, state.result.failure, hintForEnosError(state.result.failure.code, 'GetFlow')) }
  }
  const described = state.result.value.data
  const service = described && typeof described === 'object' ? (described as Record<string, unknown>) : undefined
  record.found(target.name, service ? { service } : {})
  const active = service?.['active']
  if (active === 1 || active === '1') {
    client.logger.info(`Flow ${flowId} (${location}) is active already: left as it is`)
    return {
      result: { ...base, status: 'exists', message: 'the flow is active already: left as it is' },
      finalState: 'active'
    }
  }
  const outcome = await client.enableFlow(flowId)
  record.changed(target.name, {
    action: 'EnableFlow',
    subject: `flow ${flowId}`,
    outcome: changeOutcome(outcome),
    ...answerIds(outcome.result)
  })
  const enableBase = { name: target.name, action: 'EnableFlow', location, ...attemptCounts(outcome) }
  if (outcome.result.ok) {
    client.logger.info(`Flow ${flowId} (${location}) enabled: its scheduler starts instances again`)
    return { result: doneResult(enableBase, outcome.result.value), finalState: 'active' }
  }
  if (outcome.interrupted) return { result: interruptedResult(enableBase, outcome) }
  return {
    result: failedResult(
      enableBase,
      outcome.result.failure,
      hintForEnosError(outcome.result.failure.code, 'EnableFlow')
    )
  }
}

/** dry-run: the Enable Flow built and signed as it would be sent (with a stand-in token). */
export function previewEnable(
  settings: EnosRestoreSettings,
  target: Pick<TargetRef, 'name'>,
  runtime: Pick<Runtime, 'now'>
): string {
  return previewSigned(enableFlowCall(Number(target.name), settings), settings, runtime)
}

export const enosRestoreProvider: Provider<
  EnosRestoreSettings,
  ClientSession<BatchProcessingClient, EnosRestoreSettings>
> = {
  wording: {
    action: 'EnableFlow',
    service: ENOS_SERVICE,
    doneStatus: 'restored',
    targetNoun: 'flow',
    waitTimeoutHint:
      'Enable Flow answered but the flow was not active yet: look at the flow in the EnOS Batch Processing console.',
    label: (id) => `Enable Flow ${id}`,
    reached: (id, _state, location) => ({ warning: false, message: `Flow ${id} (${location}) is active` }),
    pending: (id) => `flow ${id} is not active yet`,
    hintFor: hintForEnosError
  },
  parseInputs: parseEnosRestoreInputs,
  async connect(settings, common, runtime, pacing) {
    const client = await connectBatchProcessing(settings, common, runtime, pacing)
    if (!client.ok) return client
    return { ok: true, value: { client: client.value, settings, record: runtime.manifest } }
  },
  select: async () => ({ ok: true, value: { targets: [], notes: [] } }),
  prepare: async () => ({ ok: true, value: { targets: [], notes: [] } }),
  act: ({ client, settings, record }, target) => enableFlow(client, target, settings.apigw.host, record),
  poll: async () => ({ done: true, state: 'active' }),
  preview: async (settings, target, runtime) => previewEnable(settings, target, runtime),
  plan: async ({ settings }, target, runtime) => ({
    name: target.name,
    action: 'EnableFlow',
    location: settings.apigw.host,
    status: 'dry-run',
    attempts: 0,
    preview: previewEnable(settings, target, runtime)
  })
}
