/**
 * The Alibaba Cloud provider: operation delete, Serverless Workflow DeleteFlow
 * (https://www.alibabacloud.com/help/en/serverless-workflow/latest/api-fnf-2019-03-15-deleteflow).
 */
import type { SettingsScope } from '../../config/settings.js'
import type { ClientSession, Provider } from '../contract.js'
import { FnfClient } from './client.js'
import { alibabaCredentials } from './credentials.js'
import { deleteFlow, pollDeletion } from './delete-flow.js'
import { flowLocation } from './endpoint.js'
import { hintForAlibabaError } from './errors.js'
import { parseAlibabaInputs, type AlibabaConnection, type AlibabaSettings } from './inputs.js'
import type { AttemptResult } from '../../http/attempt.js'
import type { CommonSettings } from '../../config/settings.js'
import type { Runtime, ServicePacing } from '../runtime.js'
import { newNonce } from './request.js'
import { DELETE_SCHEDULES, planNotes, STOP_EXECUTIONS } from './plan.js'
import { readNamedFlows, type NamedFlows } from './named-flows.js'
import type { SweepRules } from './target-inputs.js'

export const FNF_SERVICE = 'Serverless Workflow'

/** The sweep's rules as the manifest's header names them, each as given. */
function sweepSelectors({
  olderThan,
  unchangedFor,
  excludePatterns,
  resourceGroup
}: SweepRules): Record<string, string[]> {
  return {
    ...(olderThan ? { 'older-than': [olderThan.text] } : {}),
    ...(unchangedFor ? { 'unchanged-for': [unchangedFor.text] } : {}),
    ...(excludePatterns.length > 0 ? { 'exclude-pattern': excludePatterns } : {}),
    ...(resourceGroup ? { 'resource-group': [resourceGroup] } : {})
  }
}

/** What the pipeline needs to know of a delete's settings. */
export function deleteScope(settings: AlibabaSettings): SettingsScope {
  const { auth } = settings
  return {
    serviceUrls: auth.kind === 'oidc' ? [settings.endpoint, auth.role.stsEndpoint] : [settings.endpoint],
    location: flowLocation(settings),
    targets: settings.flowNames,
    ...(settings.flowNamePatterns.length > 0
      ? {
          selector: 'flow-name-pattern',
          selectedBy: settings.flowNamePatterns.map((pattern) => `'${pattern}'`).join(' or ')
        }
      : {}),
    selectors: {
      'flow-name': settings.flowNames,
      'flow-name-pattern': settings.flowNamePatterns,
      ...sweepSelectors(settings.sweep)
    },
    removes: { [DELETE_SCHEDULES]: settings.deleteSchedules, [STOP_EXECUTIONS]: settings.stopExecutions },
    ...(settings.plan ? { notes: planNotes(settings.plan) } : {}),
    dryRunNotes:
      auth.kind === 'oidc'
        ? [
            `Dry run: would exchange the job's OIDC token (audience ${auth.role.audience}) for ${auth.role.roleArn} at ${auth.role.stsEndpoint.origin}`
          ]
        : []
  }
}

/** The run's Serverless Workflow client: credentials once (keys, or STS for the job's OIDC token), every call paced. */
export async function connectFnf(
  settings: AlibabaConnection,
  common: CommonSettings,
  runtime: Runtime,
  pacing: ServicePacing
): Promise<AttemptResult<FnfClient>> {
  const keys = await alibabaCredentials(settings.auth, common, runtime, pacing)
  if (!keys.ok) return keys
  const client = new FnfClient(
    {
      endpoint: settings.endpoint,
      keys: keys.value,
      signatureVersion: settings.signatureVersion,
      timeoutMs: common.timeoutMs,
      retry: common.retry
    },
    { ...pacing.deps(FNF_SERVICE), nonce: newNonce }
  )
  return { ok: true, value: client }
}

/** A delete's session: the client, and each flow ListFlows described, for the manifest. */
type DeleteSession = ClientSession<FnfClient, AlibabaSettings> & {
  listed: Map<string, Record<string, unknown>>
  dryRun: boolean
  /** The named flows' backups, read from ListFlows once, when the first named flow needs its own. */
  named?: Promise<NamedFlows>
}

export const deleteProvider: Provider<AlibabaSettings, DeleteSession> = {
  wording: {
    action: 'DeleteFlow',
    service: FNF_SERVICE,
    doneStatus: 'deleted',
    targetNoun: 'flow',
    waitTimeoutHint:
      "DeleteFlow is asynchronous and the flow was still there: raise 'wait-timeout', or look at the flow in the Serverless Workflow console.",
    label: (name) => `DeleteFlow '${name}'`,
    reached: (name, _state, location) => ({ warning: false, message: `Flow '${name}' (${location}) is gone` }),
    pending: (name) => `${name} still exists`,
    hintFor: hintForAlibabaError
  },
  parseInputs(source) {
    const settings = parseAlibabaInputs(source)
    return { settings, scope: deleteScope(settings) }
  },
  // A selector's listing, and what a dry run shows, are loaded only by the runs that need them.
  select: async ({ client, settings, listed, record, dryRun }, progress) =>
    (await import('./selection.js')).selectFlows(
      client,
      {
        patterns: settings.flowNamePatterns,
        sweep: settings.sweep,
        location: flowLocation(settings),
        dryRun,
        described: listed,
        record
      },
      progress
    ),
  // Nothing to do between the guard and the first flow: each flow's dependents go with it.
  prepare: async () => ({ ok: true, value: { targets: [], notes: [] } }),
  preview: async (settings, target, runtime) =>
    (await import('./delete-preview.js')).previewDeleteFlow(settings, target, runtime),
  plan: async ({ client, settings, record, listed }, target, runtime) =>
    (await import('./delete-preview.js')).planDeleteFlow(client, settings, target, {
      runtime,
      record,
      listed: listed.get(target.name)
    }),
  async connect(settings, common, runtime, pacing) {
    const client = await connectFnf(settings, common, runtime, pacing)
    if (!client.ok) return client
    return {
      ok: true,
      value: { client: client.value, settings, record: runtime.manifest, listed: new Map(), dryRun: common.dryRun }
    }
  },
  async act(session, target) {
    const { client, settings, record, listed } = session
    const fields = listed.get(target.name)
    if (fields || target.selected || !settings.backup || settings.plan) {
      return deleteFlow(client, settings, target, { record, listed: fields })
    }
    // A flow given by name: its backup from ListFlows pages when they cost less than a DescribeFlow each.
    session.named ??= readNamedFlows(client, settings.flowNames)
    const named = await session.named
    return deleteFlow(client, settings, target, {
      record,
      listed: named.listed.get(target.name),
      gone: named.gone.has(target.name)
    })
  },
  poll: ({ client }, target, deadlineAt) => pollDeletion(client, target.name, deadlineAt)
}
