/**
 * What a dry run shows of a flow's teardown: the DeleteFlow it would send, signed as it would be
 * (stand-in keys when keyless), and with a selector the plan: what ListSchedules and ListExecutions
 * say would be removed with it, the flow as read for the manifest (a reviewed plan's check).
 */
import type { CallTally } from '../../http/attempt.js'
import { counted } from '../../http/attempt.js'
import { previewRequest } from '../../http/redact.js'
import { NO_RECORDS, type Recorder } from '../../report/manifest.js'
import { attemptCounts, type UntimedResult } from '../../report/results.js'
import { plural } from '../../report/wording.js'
import type { TargetRef } from '../contract.js'
import type { Runtime } from '../runtime.js'
import { withoutRequestId } from './backup.js'
import type { FnfClient } from './client.js'
import { DRY_RUN_KEYS } from './credentials.js'
import { requestIdFor, stoppedOutcome } from './delete-flow.js'
import { dependentDetails, failedWith, planDependents } from './dependents.js'
import { flowLocation } from './endpoint.js'
import type { AlibabaSettings } from './inputs.js'
import { buildRpcRequest, deleteFlowCall, FNF_API_VERSION, newNonce } from './request.js'

/** dry-run: the DeleteFlow built and signed exactly as it would be sent (with stand-in keys when keyless). */
export function previewDeleteFlow(settings: AlibabaSettings, target: TargetRef, runtime: Pick<Runtime, 'now'>): string {
  const request = buildRpcRequest(deleteFlowCall(target.name, requestIdFor(settings, target)), {
    endpoint: settings.endpoint,
    credentials: settings.auth.kind === 'keys' ? settings.auth.keys : DRY_RUN_KEYS,
    signatureVersion: settings.signatureVersion,
    apiVersion: FNF_API_VERSION,
    timestamp: new Date(runtime.now()),
    nonce: newNonce()
  })
  return previewRequest(request)
}

const listed = (names: string[] | undefined, noun: string) =>
  names === undefined
    ? []
    : [names.length === 0 ? `no ${noun}s` : `${plural(names.length, noun)} (${names.join(', ')})`]

/** dry-run with a selector: the flow's plan from ListSchedules and ListExecutions, and the DeleteFlow it would send. */
export async function planDeleteFlow(
  client: FnfClient,
  settings: AlibabaSettings,
  target: TargetRef,
  {
    runtime,
    record = NO_RECORDS,
    listed: described
  }: { runtime: Pick<Runtime, 'now'>; record?: Recorder; listed?: Record<string, unknown> | undefined }
): Promise<UntimedResult> {
  const tally: CallTally = { attempts: 0, throttled: 0 }
  // The plan's manifest: each flow as ListFlows described it (a flow named, as DescribeFlow does:
  // its Id and LastModifiedTime are what applying the plan checks), what a delete would remove with it.
  let service = described
  let gone = false
  if (!service) {
    const read = counted(tally, await client.describeFlow(target.name))
    if (read.result.ok) service = withoutRequestId(read.result.value.body)
    else gone = failedWith(read, 'FlowNotExists')
  }
  const redacted = record.found(target.name, service ? { service } : gone ? { gone: true } : {})
  // The reviewer is told now what a real run would refuse.
  const unrestorable =
    settings.backup && redacted.length > 0
      ? `a credential of this run appears in its ${redacted.join(', ')}, so a real run leaves it alone (BackupRedacted) unless backup: false`
      : undefined
  const plan = await planDependents(client, settings, target.name, tally, record)
  const location = flowLocation(settings)
  if (plan.stop)
    return stoppedOutcome(target.name, location, { stop: plan.stop, found: plan.found, changed: false }, tally)
  const preview = previewDeleteFlow(settings, target, runtime)
  const parts = [...listed(plan.found.schedules, 'schedule'), ...listed(plan.found.executions, 'running execution')]
  const what = plan.flowGone
    ? `flow '${target.name}' (${location}) is already gone`
    : `would delete flow '${target.name}' (${location})${parts.length > 0 ? ` with ${parts.join(' and ')}` : ''}`
  client.logger.info(`Dry run: ${what}${unrestorable ? ` (${unrestorable})` : ''}; DeleteFlow would send: ${preview}`)
  return {
    name: target.name,
    action: 'DeleteFlow',
    location,
    status: 'dry-run',
    // No DeleteFlow was attempted; the listings are the plan's requests.
    ...attemptCounts({ attempts: 0, throttled: 0 }, tally),
    ...dependentDetails(plan.found),
    ...(plan.flowGone ? { message: 'the flow is already gone' } : unrestorable ? { message: unrestorable } : {}),
    preview
  }
}
