/**
 * The Alibaba Cloud provider: operation delete, Serverless Workflow DeleteFlow
 * (https://www.alibabacloud.com/help/en/serverless-workflow/latest/api-fnf-2019-03-15-deleteflow).
 */
import type { Provider } from '../contract.js'
import { serviceDeps } from '../runtime.js'
import { FnfClient } from './client.js'
import { alibabaCredentials } from './credentials.js'
import { deleteFlow, flowLocation, planDeleteFlow, pollDeletion, previewDeleteFlow } from './delete-flow.js'
import { hintForAlibabaError } from './errors.js'
import { ALIBABA_SECRET_INPUTS, parseAlibabaInputs, type AlibabaSettings } from './inputs.js'
import { newNonce } from './request.js'
import { selectFlows } from './selection.js'

export const FNF_SERVICE = 'Serverless Workflow'

interface Session {
  client: FnfClient
  settings: AlibabaSettings
}

export const deleteProvider: Provider<AlibabaSettings, Session> = {
  action: 'DeleteFlow',
  service: FNF_SERVICE,
  doneStatus: 'deleted',
  targetNoun: 'flow',
  secretInputs: ALIBABA_SECRET_INPUTS,
  waitTimeoutHint:
    "DeleteFlow is asynchronous and the flow was still there: raise 'wait-timeout', or look at the flow in the Serverless Workflow console.",
  parseInputs: parseAlibabaInputs,
  serviceUrls: (settings) =>
    settings.auth.kind === 'oidc' ? [settings.endpoint, settings.auth.role.stsEndpoint] : [settings.endpoint],
  location: flowLocation,
  targets: (settings) => settings.flowNames,
  selector: (settings) => (settings.flowNamePatterns.length > 0 ? 'flow-name-pattern' : undefined),
  select: ({ client, settings }, progress) =>
    selectFlows(client, settings.flowNamePatterns, flowLocation(settings), progress),
  // Nothing to do between the guard and the first flow: each flow's dependents go with it.
  prepare: async () => ({ ok: true, value: { targets: [], notes: [] } }),
  label: (name) => `DeleteFlow '${name}'`,
  dryRunNotes: ({ auth }) =>
    auth.kind === 'oidc'
      ? [
          `Dry run: would exchange the job's OIDC token (audience ${auth.role.audience}) for ${auth.role.roleArn} at ${auth.role.stsEndpoint.origin}`
        ]
      : [],
  preview: previewDeleteFlow,
  plan: ({ client, settings }, target, runtime) => planDeleteFlow(client, settings, target, runtime),
  async connect(settings, common, runtime) {
    const keys = await alibabaCredentials(settings.auth, common, runtime)
    if (!keys.ok) return keys
    const deps = { ...serviceDeps(runtime, FNF_SERVICE, common.maxRate), nonce: newNonce }
    const client = new FnfClient(
      {
        endpoint: settings.endpoint,
        credentials: keys.value,
        signatureVersion: settings.signatureVersion,
        timeoutMs: common.timeoutMs,
        retry: common.retry
      },
      deps
    )
    return { ok: true, value: { client, settings } }
  },
  act: ({ client, settings }, target) => deleteFlow(client, settings, target),
  poll: ({ client }, target, deadlineAt) => pollDeletion(client, target.name, deadlineAt),
  reached: (name, _state, location) => ({ warning: false, message: `Flow '${name}' (${location}) is gone` }),
  pending: (name) => `${name} still exists`,
  hintFor: hintForAlibabaError,
  limiter: ({ client }) => client.deps.limiter
}
