/**
 * The EnOS provider: operation cancel, Batch Processing Service Cancel Flow Instance
 * (https://support.enos-iot.com/docs/batch-processing-api/en/2.3.0/v2.1/flow_instance/cancel_flow_instance.html).
 */
import type { SettingsScope } from '../../config/settings.js'
import type { ClientSession, Provider } from '../contract.js'
import { cancelInstance, planCancel, pollInstance, previewCancel, reachedState } from './cancel-instance.js'
import { BatchProcessingClient } from './client.js'
import { EnosTokenProvider } from './credentials.js'
import { hintForEnosError } from './errors.js'
import { parseEnosInputs, type EnosConnection, type EnosSettings } from './inputs.js'
import type { AttemptResult } from '../../http/attempt.js'
import type { CommonSettings } from '../../config/settings.js'
import type { Runtime, ServicePacing } from '../runtime.js'
import { disableFlows } from './disable-flows.js'
import type { ClockHolder } from './gateway-clock.js'
import { selectInstances } from './selection.js'

export const ENOS_SERVICE = 'The EnOS API gateway'

/** What the pipeline needs to know of a cancel's settings. */
export function cancelScope(settings: EnosSettings): SettingsScope {
  return {
    serviceUrls: [settings.apigw],
    location: settings.apigw.host,
    targets: settings.instanceIds,
    ...(settings.flowIds.length > 0
      ? { selector: 'flow-id', selectedBy: `flow-id ${settings.flowIds.join(', ')}` }
      : {}),
    selectors: { 'flow-instance-id': settings.instanceIds, 'flow-id': settings.flowIds.map(String) },
    dryRunNotes: []
  }
}

/** The run's Batch Processing client: the access token fetched once, before any target (it fails them all if it cannot be had). */
export async function connectBatchProcessing(
  settings: EnosConnection,
  common: CommonSettings,
  runtime: Runtime,
  pacing: ServicePacing
): Promise<AttemptResult<BatchProcessingClient>> {
  const deps = pacing.deps(ENOS_SERVICE)
  const limits = { timeoutMs: common.timeoutMs, retry: common.retry }
  const tokens = new EnosTokenProvider(
    { apigw: settings.apigw, credentials: settings.credentials, ...limits },
    { ...deps, maskSecret: runtime.maskSecret }
  )
  const token = await tokens.get()
  if (!token.ok) {
    return {
      ok: false,
      failure: { ...token.failure, message: `getting an access token failed: ${token.failure.message}` }
    }
  }
  return { ok: true, value: new BatchProcessingClient({ ...settings, ...limits }, deps, tokens) }
}

/** A cancel's session: the client, and the gateway's clock once read (running-longer-than). */
type CancelSession = ClientSession<BatchProcessingClient, EnosSettings> & { clocks: ClockHolder }

export const cancelProvider: Provider<EnosSettings, CancelSession> = {
  wording: {
    action: 'CancelFlowInstance',
    service: ENOS_SERVICE,
    doneStatus: 'cancelled',
    targetNoun: 'flow instance',
    waitTimeoutHint:
      "The cancel was accepted but the instance had not stopped yet: raise 'wait-timeout', or look at the instance in the EnOS Batch Processing console.",
    label: (id) => `cancel of flow instance '${id}'`,
    reached: reachedState,
    pending: (id, state) => `${id} is still ${state}`,
    hintFor: hintForEnosError
  },
  parseInputs(source) {
    const settings = parseEnosInputs(source)
    return { settings, scope: cancelScope(settings) }
  },
  select: ({ client, settings, record, clocks }, progress) =>
    selectInstances(client, settings, progress, { record, clocks }),
  prepare: ({ client, settings, record, clocks }, selection, dryRun, progress) =>
    disableFlows(client, settings, selection, dryRun, progress, record, clocks),
  preview: async (settings, target, runtime) => previewCancel(settings, target, runtime),
  plan: ({ client, settings }, target, runtime) => planCancel(client, settings, target, runtime),
  async connect(settings, common, runtime, pacing) {
    const client = await connectBatchProcessing(settings, common, runtime, pacing)
    if (!client.ok) return client
    return { ok: true, value: { client: client.value, settings, record: runtime.manifest, clocks: {} } }
  },
  act: ({ client, settings, record }, target) => cancelInstance(client, target.name, settings.apigw.host, record),
  poll: ({ client }, target, deadlineAt) => pollInstance(client, target.name, deadlineAt)
}
