/**
 * operation: restore, for a delete's manifest: each flow the run changed (deleted, or whose
 * deletion may have landed, or whose schedules it removed) is created again with CreateFlow and
 * its saved fields, then its saved schedules with CreateSchedule, each with its saved enabled
 * state (https://www.alibabacloud.com/help/en/serverless-workflow/latest/api-fnf-2019-03-15-createflow,
 * …-createschedule). Nothing is overwritten: a flow there already (FlowAlreadyExists) is left as
 * it is and only its missing schedules are created; a schedule there already counts as present.
 * So a restore run twice changes nothing the second time.
 */
import type { CallTally } from '../../http/attempt.js'
import { counted } from '../../http/attempt.js'
import { describeValue, InputError, parseTargets, type InputSource } from '../../config/input-rules.js'
import type { SettingsScope } from '../../config/settings.js'
import { answerIds, changeOutcome, targetHistories, type Recorder, type TargetHistory } from '../../report/manifest.js'
import {
  attemptCounts,
  failedResult,
  interruptedResult,
  type TargetDetail,
  type UntimedResult
} from '../../report/results.js'
import { firstNames, plural } from '../../report/wording.js'
import type { ClientSession, Provider, TargetOutcome, TargetRef } from '../contract.js'
import { requireManifest, FROM_MANIFEST, type LoadedManifest } from '../manifest-input.js'
import type { FnfClient } from './client.js'
import { flowLocation } from './delete-flow.js'
import { failedWith } from './dependents.js'
import { hintForAlibabaError } from './errors.js'
import { GlobMatcher } from './glob.js'
import {
  ALIBABA_CONNECTION_INPUTS,
  ALIBABA_SECRET_INPUTS,
  parseAlibabaConnection,
  type AlibabaConnection
} from './inputs.js'
import { manifestRegion } from './endpoint.js'
import { isFlowName, validateFlowName, validateFlowNamePattern } from './target-inputs.js'
import { connectFnf, FNF_SERVICE } from './index.js'

/** One flow to create again, as the manifest saved it. */
export interface SavedFlow {
  name: string
  /** Its fields as ListFlows or DescribeFlow gave them; absent when the run read none (backup: false). */
  service?: Record<string, unknown>
  /** Its schedules as ListSchedules gave them. */
  schedules: Record<string, unknown>[]
}

export interface AlibabaRestoreSettings extends AlibabaConnection {
  /** The flows to create again, in the manifest's order. */
  flows: Map<string, SavedFlow>
}

/** What a restore cannot bring back; in the log and the summary of each restore. */
export const NOT_RESTORED =
  'A restore cannot bring back: the flows’ and schedules’ Id, CreatedTime and LastModifiedTime (restored flows are new to the service, and to age rules), ExternalStorageLocation (no read returns it), versions and aliases, execution history, and the executions the teardown stopped.'

/** How many names a note gives. */
const NAMED = 10

/** A delete's change that counts as having touched the flow: it landed, or may have. */
function touched(history: TargetHistory): boolean {
  return history.changes.some((change) => change.outcome !== 'failed' && change.outcome !== 'present')
}

/**
 * The flows a delete's manifest can give back: each that the run changed, and each it found and
 * never finished with (killed mid-way: what was in flight is not recorded, so it may be gone).
 */
export function restorableFlows(manifest: Pick<LoadedManifest, 'records'>): {
  flows: SavedFlow[]
  untouched: string[]
} {
  const flows: SavedFlow[] = []
  const untouched: string[] = []
  for (const history of targetHistories(manifest)) {
    if (!touched(history) && history.result) {
      untouched.push(history.name)
      continue
    }
    flows.push({
      name: history.name,
      ...(history.found?.service ? { service: history.found.service } : {}),
      schedules: history.dependents.get('schedules') ?? []
    })
  }
  return { flows, untouched }
}

/** A delete's manifest, checked: from this provider, of a delete that ran (a dry run changed nothing). */
function deleteManifest(source: InputSource): LoadedManifest {
  const manifest = requireManifest(
    source,
    "with operation 'restore': the path of the manifest written by the run to undo (its 'manifest' output)"
  )
  const { header } = manifest
  const file = describeValue(manifest.path)
  if (header.operation !== 'delete') {
    throw new InputError(
      FROM_MANIFEST,
      `is the manifest of a ${header.operation} (${file}); a restore undoes a delete: give the manifest of the delete`
    )
  }
  if (header.dryRun) {
    throw new InputError(
      FROM_MANIFEST,
      `is a dry run's manifest (${file}): a dry run changed nothing, so there is nothing to restore. To apply that plan, use operation 'delete' with from-manifest`
    )
  }
  return manifest
}

/** The flows the restore narrows to: flow-name and flow-name-pattern over the manifest's flows, or all of them. */
function narrow(source: InputSource, flows: SavedFlow[], untouched: string[], file: string): SavedFlow[] {
  const names = parseTargets(source, 'flow-name', {
    noun: 'flow',
    whenMissing: '',
    validate: validateFlowName,
    optional: true
  })
  const patterns = parseTargets(source, 'flow-name-pattern', {
    noun: 'pattern',
    whenMissing: '',
    validate: validateFlowNamePattern,
    optional: true
  })
  if (names.length === 0 && patterns.length === 0) return flows
  const byName = new Map(flows.map((flow) => [flow.name, flow]))
  for (const name of names) {
    if (byName.has(name)) continue
    throw new InputError(
      'flow-name',
      untouched.includes(name)
        ? `names '${name}', which the run of ${file} did not change: there is nothing to restore of it`
        : `names '${name}', which is not among the flows ${file} can restore (${firstNames([...byName.keys()], 5)})`
    )
  }
  const matcher = new GlobMatcher(patterns)
  return flows.filter((flow) => names.includes(flow.name) || (patterns.length > 0 && matcher.matchesAny(flow.name)))
}

export function parseRestoreInputs(source: InputSource): { settings: AlibabaRestoreSettings; scope: SettingsScope } {
  const manifest = deleteManifest(source)
  const file = describeValue(manifest.path)
  const { flows: restorable, untouched } = restorableFlows(manifest)
  for (const flow of restorable) {
    if (!isFlowName(flow.name)) {
      throw new InputError(
        FROM_MANIFEST,
        `names a flow that is not a valid flow name (${file}): ${describeValue(flow.name)}`
      )
    }
  }
  const chosen = narrow(source, restorable, untouched, file)
  const { header } = manifest
  const from = {
    region: manifestRegion(header.location, header.endpoint),
    endpoint: header.endpoint,
    file,
    purpose: 'restore the flows'
  }
  const connection = parseAlibabaConnection(source, from)
  const settings: AlibabaRestoreSettings = { ...connection, flows: new Map(chosen.map((flow) => [flow.name, flow])) }
  const location = flowLocation(settings)
  const notes = [
    `Restoring ${plural(chosen.length, 'flow')} of ${restorable.length} that the delete of ${header.startedAt} changed in ${header.location} (from-manifest ${file})`,
    ...(connection.endpoint.href !== from.endpoint
      ? [
          `The flows are restored in ${location} (${connection.endpoint.origin}), not where the manifest's run deleted them (${header.location}, ${describeValue(header.endpoint)}): 'region' or 'endpoint' says so`
        ]
      : []),
    ...(untouched.length > 0
      ? [
          `${plural(untouched.length, 'flow')} of the manifest the run did not change, left out: ${firstNames(untouched, NAMED)}`
        ]
      : []),
    ...(manifest.cutShort
      ? ['The manifest was cut short: what its run did after its last whole record is not known']
      : []),
    NOT_RESTORED
  ]
  return {
    settings,
    scope: {
      serviceUrls:
        connection.auth.kind === 'oidc'
          ? [connection.endpoint, connection.auth.role.stsEndpoint]
          : [connection.endpoint],
      location,
      targets: chosen.map((flow) => flow.name),
      selectors: {
        [FROM_MANIFEST]: [manifest.path],
        'flow-name': parseLinesOf(source, 'flow-name'),
        'flow-name-pattern': parseLinesOf(source, 'flow-name-pattern')
      },
      dryRunNotes: [],
      notes
    }
  }
}

function parseLinesOf(source: InputSource, input: string): string[] {
  return source
    .read(input)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/** A saved field as a form value: strings as they are, objects (Environment) as JSON, nothing for empty. */
function formValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}

/**
 * CreateFlow's parameters from a flow's saved fields: the round-trip-safe ones (Name, Definition,
 * Description, Type, RoleArn, ExecutionMode, Environment, ResourceGroupId). Description is required
 * by the API, so an absent one is sent empty; Type is FDL, the only one there is.
 */
export function createFlowParams(flow: SavedFlow): Record<string, string> | undefined {
  const service = flow.service ?? {}
  const definition = formValue(service['Definition'])
  if (!definition) return undefined
  const params: Record<string, string> = {
    Name: flow.name,
    Definition: definition,
    Description: formValue(service['Description']) ?? '',
    Type: formValue(service['Type']) || 'FDL'
  }
  for (const key of ['RoleArn', 'ExecutionMode', 'Environment', 'ResourceGroupId']) {
    const value = formValue(service[key])
    if (value) params[key] = value
  }
  return params
}

/**
 * CreateSchedule's parameters from a saved schedule. Enable is always sent: its default is not
 * documented, and a schedule whose saved state is unreadable is created disabled, so that a
 * restore never starts executions nobody knew were on.
 */
export function createScheduleParams(
  flow: string,
  schedule: Record<string, unknown>
): Record<string, string> | undefined {
  const name = formValue(schedule['ScheduleName'])
  const cron = formValue(schedule['CronExpression'])
  if (!name || !cron) return undefined
  const enable = schedule['Enable']
  const params: Record<string, string> = {
    FlowName: flow,
    ScheduleName: name,
    CronExpression: cron,
    Enable: enable === true || enable === 'true' ? 'true' : 'false'
  }
  const payload = formValue(schedule['Payload'])
  if (payload) params['Payload'] = payload
  const description = formValue(schedule['Description'])
  if (description) params['Description'] = description
  return params
}

const scheduleName = (schedule: Record<string, unknown>) => formValue(schedule['ScheduleName']) ?? '(no name)'

/** The schedules column: those saved, and how many were created. */
function schedulesDetail(saved: Record<string, unknown>[], created: number): TargetDetail {
  return {
    key: 'schedules',
    doneKey: 'schedulesCreated',
    label: 'Schedules',
    verb: 'create',
    past: 'created',
    items: saved.map(scheduleName),
    done: created
  }
}

/** One flow restored: CreateFlow (left as it is when there), then each saved schedule missing. */
export async function restoreFlow(
  client: FnfClient,
  settings: AlibabaRestoreSettings,
  target: TargetRef,
  record: Recorder
): Promise<TargetOutcome> {
  const flow = settings.flows.get(target.name)!
  const location = flowLocation(settings)
  const tally: CallTally = { attempts: 0, throttled: 0 }
  record.found(flow.name, {})
  const params = createFlowParams(flow)
  if (!params) {
    return {
      result: {
        name: flow.name,
        action: 'CreateFlow',
        location,
        status: 'failed',
        attempts: 0,
        errorCode: 'NoBackup',
        message:
          'the manifest holds no definition of this flow (the delete ran with backup: false, or could not read it): it cannot be created again',
        hint: 'Keep `backup: true` (the default) on teardowns that may need undoing.',
        details: [schedulesDetail(flow.schedules, 0)]
      }
    }
  }
  const created = counted(tally, await client.createFlow(params))
  const exists = failedWith(created, 'FlowAlreadyExists')
  // A CreateFlow retried after a lost answer meets the flow its earlier attempt made.
  const madeEarlier = exists && created.earlierAttemptMayHaveLanded
  record.changed(flow.name, {
    action: 'CreateFlow',
    outcome: madeEarlier ? 'done' : exists ? 'present' : changeOutcome(created),
    ...answerIds(created.result)
  })
  const base = { name: flow.name, action: 'CreateFlow', location, ...attemptCounts(created, tally) }
  if (!created.result.ok && !exists) {
    const failure = created.result.failure
    if (created.interrupted)
      return { result: { ...interruptedResult(base, created), details: [schedulesDetail(flow.schedules, 0)] } }
    return {
      result: {
        ...failedResult(base, failure, hintForAlibabaError(failure.code, 'CreateFlow')),
        details: [schedulesDetail(flow.schedules, 0)]
      }
    }
  }
  const schedules = await restoreSchedules(client, flow, tally, record)
  const requestId = created.result.ok ? created.result.value.requestId : undefined
  const result: UntimedResult = {
    ...base,
    ...attemptCounts(created, tally),
    status: exists && !madeEarlier ? 'exists' : 'done',
    ...(created.result.ok ? { httpStatus: created.result.value.httpStatus } : {}),
    ...(requestId ? { requestId } : {}),
    ...(madeEarlier ? { message: 'created by an earlier attempt whose answer was lost' } : {}),
    ...(exists && !madeEarlier ? { message: 'a flow of this name is there already: it was left as it is' } : {}),
    details: [schedulesDetail(flow.schedules, schedules.created)]
  }
  const what = exists && !madeEarlier ? 'is there already (left as it is)' : 'restored'
  client.logger.info(
    `Flow '${flow.name}' (${location}) ${what}${flow.schedules.length > 0 ? `; schedules: ${schedules.created} created, ${schedules.present} there already` : ''}`
  )
  if (!schedules.stop) return { result, finalState: exists && !madeEarlier ? 'exists' : 'created' }
  const { stop } = schedules
  const stopBase = { ...result, action: 'CreateSchedule', ...attemptCounts(stop.outcome, tally) }
  if (stop.outcome.interrupted)
    return { result: { ...interruptedResult(stopBase, stop.outcome), details: result.details ?? [] } }
  if (stop.outcome.result.ok) throw new Error('a stop is a failed call')
  const failure = stop.outcome.result.failure
  return {
    result: {
      ...failedResult(stopBase, failure, hintForAlibabaError(failure.code, 'CreateSchedule')),
      message: `schedule '${stop.schedule}': ${failure.message} (the flow ${exists ? 'was there already' : 'was created'})`
    }
  }
}

interface ScheduleStop {
  schedule: string
  outcome: Awaited<ReturnType<FnfClient['createSchedule']>>
}

/** Each saved schedule created where missing; the first that fails stops the rest (the flow's result says which). */
async function restoreSchedules(
  client: FnfClient,
  flow: SavedFlow,
  tally: CallTally,
  record: Recorder
): Promise<{ created: number; present: number; stop?: ScheduleStop }> {
  let created = 0
  let present = 0
  for (const schedule of flow.schedules) {
    const params = createScheduleParams(flow.name, schedule)
    const name = scheduleName(schedule)
    if (!params) {
      client.logger.warning(
        `Schedule ${describeValue(name)} of flow '${flow.name}' has no name or cron expression in the manifest: it was not created`
      )
      continue
    }
    if (client.cancelled()) return { created, present }
    const outcome = counted(tally, await client.createSchedule(params))
    const there = failedWith(outcome, 'ScheduleAlreadyExists')
    const madeEarlier = there && outcome.earlierAttemptMayHaveLanded
    record.changed(flow.name, {
      action: 'CreateSchedule',
      subject: `schedule ${describeValue(name)}`,
      outcome: madeEarlier ? 'done' : there ? 'present' : changeOutcome(outcome),
      ...answerIds(outcome.result)
    })
    if (outcome.result.ok || madeEarlier) created++
    else if (there) present++
    else return { created, present, stop: { schedule: name, outcome } }
  }
  return { created, present }
}

/** dry-run: what would be created, from the manifest alone (nothing is sent, not even a read). */
export function previewRestore(settings: AlibabaRestoreSettings, target: Pick<TargetRef, 'name'>): string {
  const flow = settings.flows.get(target.name)!
  const params = createFlowParams(flow)
  if (!params) return 'nothing: the manifest holds no definition of this flow'
  const fields = Object.keys(params)
    .filter((key) => key !== 'Name' && key !== 'Definition')
    .join(', ')
  const schedules = flow.schedules
    .map((schedule) => createScheduleParams(flow.name, schedule))
    .filter((params) => params !== undefined)
    .map(
      (params) =>
        `${params['ScheduleName']} (${params['CronExpression']}, ${params['Enable'] === 'true' ? 'enabled' : 'disabled'})`
    )
  return `CreateFlow with the saved Definition (${Buffer.byteLength(params['Definition']!)} bytes) and ${fields}${schedules.length > 0 ? `; then CreateSchedule for ${schedules.join(', ')}` : ''}; a flow or schedule there already is left as it is`
}

type RestoreSession = ClientSession<FnfClient, AlibabaRestoreSettings>

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
  secretInputs: ALIBABA_SECRET_INPUTS,
  inputs: ['from-manifest', 'flow-name', 'flow-name-pattern', ...ALIBABA_CONNECTION_INPUTS],
  parseInputs: parseRestoreInputs,
  async connect(settings, common, runtime, pacing) {
    const client = await connectFnf(settings, common, runtime, pacing)
    if (!client.ok) return client
    return { ok: true, value: { client: client.value, settings, record: runtime.manifest } }
  },
  // The manifest chose the flows: nothing is listed, nothing prepared.
  select: async () => ({ ok: true, value: { targets: [], notes: [] } }),
  prepare: async () => ({ ok: true, value: { targets: [], notes: [] } }),
  act: ({ client, settings, record }, target) => restoreFlow(client, settings, target, record),
  // CreateFlow is synchronous: act's final state is the end.
  poll: async () => ({ done: true, state: 'created' }),
  preview: (settings, target) => previewRestore(settings, target),
  plan: async ({ settings }, target) => ({
    name: target.name,
    action: 'CreateFlow',
    location: flowLocation(settings),
    status: 'dry-run',
    attempts: 0,
    preview: previewRestore(settings, target)
  })
}
