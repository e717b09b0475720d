/**
 * The EnOS provider: operation cancel, Batch Processing Service Cancel Flow Instance
 * (https://support.enos-iot.com/docs/batch-processing-api/en/2.3.0/v2.1/flow_instance/cancel_flow_instance.html).
 */
import type { Provider } from '../contract.js'
import { serviceDeps } from '../runtime.js'
import { cancelInstance, planCancel, pollInstance, previewCancel, reachedState } from './cancel-instance.js'
import { BatchProcessingClient } from './client.js'
import { EnosTokenProvider } from './credentials.js'
import { hintForEnosError } from './errors.js'
import { ENOS_SECRET_INPUTS, parseEnosInputs, type EnosSettings } from './inputs.js'
import { disableFlows, selectInstances } from './selection.js'

export const ENOS_SERVICE = 'The EnOS API gateway'

interface Session {
  client: BatchProcessingClient
  settings: EnosSettings
}

export const cancelProvider: Provider<EnosSettings, Session> = {
  action: 'CancelFlowInstance',
  service: ENOS_SERVICE,
  doneStatus: 'cancelled',
  targetNoun: 'flow instance',
  secretInputs: ENOS_SECRET_INPUTS,
  waitTimeoutHint:
    "The cancel was accepted but the instance had not stopped yet: raise 'wait-timeout', or look at the instance in the EnOS Batch Processing console.",
  parseInputs: parseEnosInputs,
  serviceUrls: (settings) => [settings.apigw],
  location: (settings) => settings.apigw.host,
  targets: (settings) => settings.instanceIds,
  selector: (settings) => (settings.flowIds.length > 0 ? 'flow-id' : undefined),
  select: ({ client, settings }, progress) => selectInstances(client, settings, progress),
  prepare: ({ client, settings }, selection, dryRun, progress) =>
    disableFlows(client, settings, selection, dryRun, progress),
  label: (id) => `cancel of flow instance '${id}'`,
  dryRunNotes: () => [],
  preview: previewCancel,
  plan: ({ client, settings }, target, runtime) => planCancel(client, settings, target, runtime),
  async connect(settings, common, runtime) {
    const deps = serviceDeps(runtime, ENOS_SERVICE, common.maxRate)
    const limits = { timeoutMs: common.timeoutMs, retry: common.retry }
    const tokens = new EnosTokenProvider(
      { apigw: settings.apigw, credentials: settings.credentials, ...limits },
      { ...deps, maskSecret: runtime.maskSecret }
    )
    // The token is the run's credentials: fetched once, before any target (it fails them all if it cannot be had).
    const token = await tokens.get()
    if (!token.ok) {
      return {
        ok: false,
        failure: { ...token.failure, message: `getting an access token failed: ${token.failure.message}` }
      }
    }
    const client = new BatchProcessingClient({ ...settings, ...limits }, deps, tokens)
    return { ok: true, value: { client, settings } }
  },
  act: ({ client, settings }, target) => cancelInstance(client, target.name, settings.apigw.host),
  poll: ({ client }, target, deadlineAt) => pollInstance(client, target.name, deadlineAt),
  reached: reachedState,
  pending: (id, state) => `${id} is still ${state}`,
  hintFor: hintForEnosError,
  limiter: ({ client }) => client.deps.limiter
}
