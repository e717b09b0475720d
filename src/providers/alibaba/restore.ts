/**
 * operation: restore, for a delete's manifest: each flow the run changed (deleted, or whose
 * deletion may have landed, or whose schedules it removed) is created again with CreateFlow and
 * its saved fields, then its saved schedules with CreateSchedule, each with its saved enabled
 * state (https://www.alibabacloud.com/help/en/serverless-workflow/latest/api-fnf-2019-03-15-createflow,
 * …-createschedule). Nothing is overwritten: a flow there already (FlowAlreadyExists) is left as
 * it is and only its missing schedules are created; a schedule there already counts as present.
 * So a restore run twice changes nothing the second time.
 */
import type { ClientSession, Provider } from '../contract.js'
import type { FnfClient } from './client.js'
import { flowLocation } from './endpoint.js'
import { hintForAlibabaError } from './errors.js'
import { connectFnf, FNF_SERVICE } from './index.js'
import { previewRestore, restoreFlow } from './restore-flow.js'
import { parseRestoreInputs, type AlibabaRestoreSettings } from './restore-inputs.js'

export type { AlibabaRestoreSettings, SavedFlow } from './restore-inputs.js'

/** A restore's session: the client, and how long a flow's old self may be waited for (wait-timeout). */
type RestoreSession = ClientSession<FnfClient, AlibabaRestoreSettings> & { waitTimeoutMs: number }

export const alibabaRestoreProvider: Provider<AlibabaRestoreSettings, RestoreSession> = {
  wording: {
    action: 'CreateFlow',
    service: FNF_SERVICE,
    doneStatus: 'restored',
    targetNoun: 'flow',
    waitTimeoutHint:
      'CreateFlow answered but the flow was not there yet: look at the flow in the Serverless Workflow console.',
    label: (name) => `CreateFlow '${name}'`,
    reached: (name, state, location) => ({
      warning: false,
      message: `Flow '${name}' (${location}) ${state === 'exists' ? 'is there' : 'was created'}`
    }),
    pending: (name) => `${name} is not there yet`,
    hintFor: (code, action) => hintForAlibabaError(code, action ?? 'CreateFlow')
  },
  parseInputs: parseRestoreInputs,
  async connect(settings, common, runtime, pacing) {
    const client = await connectFnf(settings, common, runtime, pacing)
    if (!client.ok) return client
    return {
      ok: true,
      value: { client: client.value, settings, record: runtime.manifest, waitTimeoutMs: common.waitTimeoutMs }
    }
  },
  // The manifest chose the flows: nothing is listed, nothing prepared.
  select: async () => ({ ok: true, value: { targets: [], notes: [] } }),
  prepare: async () => ({ ok: true, value: { targets: [], notes: [] } }),
  act: ({ client, settings, record, waitTimeoutMs }, target) =>
    restoreFlow(client, settings, target, { record, waitTimeoutMs }),
  // CreateFlow is synchronous: act's final state is the end.
  poll: async () => ({ done: true, state: 'created' }),
  preview: async (settings, target) => previewRestore(settings, target),
  plan: async ({ settings }, target) => ({
    name: target.name,
    action: 'CreateFlow',
    location: flowLocation(settings),
    status: 'dry-run',
    attempts: 0,
    preview: previewRestore(settings, target)
  })
}
