/**
 * One flow restored: CreateFlow with its saved fields, then each saved schedule with CreateSchedule
 * (https://www.alibabacloud.com/help/en/serverless-workflow/latest/api-fnf-2019-03-15-createflow,
 * …-createschedule). Nothing is overwritten, and nothing is written back that the manifest does not
 * hold as it was.
 */
import type { CallTally } from '../../http/attempt.js'
import { counted } from '../../http/attempt.js'
import { describeValue } from '../../config/input-rules.js'
import { answerIds, changeOutcome, type Recorder } from '../../report/manifest.js'
import {
  attemptCounts,
  failedResult,
  interruptedResult,
  type TargetDetail,
  type UntimedResult
} from '../../report/results.js'
import type { TargetOutcome, TargetRef } from '../contract.js'
import type { FnfClient } from './client.js'
import { createFlowCall } from './request.js'
import {
  createFlowParams,
  createScheduleParams,
  encodedSize,
  formValue,
  MAX_REQUEST_BYTES,
  REQUEST_TOO_LARGE
} from './restore-params.js'
import { flowLocation } from './endpoint.js'
import { failedWith } from './dependents.js'
import { hintForAlibabaError } from './errors.js'
import type { AlibabaRestoreSettings, SavedFlow } from './restore-inputs.js'
import { placeFlow, STILL_BEING_DELETED } from './restore-name.js'

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

/** The code of a flow whose saved fields hold *** where a credential of the deleting run was. */
export const REDACTED_IN_MANIFEST = 'RedactedInManifest'

/** One flow restored: CreateFlow (never over another flow), then each saved schedule missing. */
export async function restoreFlow(
  client: FnfClient,
  settings: AlibabaRestoreSettings,
  target: TargetRef,
  { record, waitTimeoutMs }: { record: Recorder; waitTimeoutMs: number }
): Promise<TargetOutcome> {
  const flow = settings.flows.get(target.name)!
  const location = flowLocation(settings)
  const tally: CallTally = { attempts: 0, throttled: 0 }
  record.found(flow.name, {})
  const params = createFlowParams(flow)
  // What each refusal and each failure before CreateFlow says of the schedules: none created.
  const none = [schedulesDetail(flow.schedules, 0)]
  const refused = {
    name: flow.name,
    action: 'CreateFlow',
    location,
    status: 'failed' as const,
    attempts: 0,
    details: none
  }
  if (!params) {
    return {
      result: {
        ...refused,
        errorCode: 'NoBackup',
        message:
          'the manifest holds no definition of this flow (the delete ran with backup: false, or could not read it): it cannot be created again',
        hint: 'Keep `backup: true` (the default) on teardowns that may need undoing.'
      }
    }
  }
  if (flow.redacted) {
    client.logger.warning(
      `Flow '${flow.name}' is not restored: the manifest holds *** for a credential in its ${flow.redacted.join(', ')}`
    )
    return {
      result: {
        ...refused,
        errorCode: REDACTED_IN_MANIFEST,
        message: `the manifest holds *** where a credential of the run that deleted it was, in its ${flow.redacted.join(', ')}: the flow is not created, since it would not be the flow that was deleted`,
        hint: 'A manifest never holds a credential. Create this flow again from its source (and keep credentials out of flow definitions and payloads).'
      }
    }
  }
  const size = encodedSize(createFlowCall(params), settings)
  if (size > MAX_REQUEST_BYTES) {
    return {
      result: {
        ...refused,
        errorCode: REQUEST_TOO_LARGE,
        message: `CreateFlow for this flow would be a request of ${size} bytes (its definition ${Buffer.byteLength(params['Definition']!)}), more than the 1,024 KiB the service accepts: it was not sent, and nothing was created`,
        hint: "Serverless Workflow takes requests of at most 1,024 KiB (https://www.alibabacloud.com/help/en/serverless-workflow/latest/limits). Shorten the flow's definition or environment, and create it by hand from the manifest's saved fields."
      }
    }
  }
  const placed = await placeFlow(client, flow, params, { tally, waitTimeoutMs })
  const base = { name: flow.name, action: 'CreateFlow', location, ...attemptCounts(tally) }
  if (placed.kind === 'cancelled') {
    return {
      result: {
        ...base,
        status: 'not-started',
        message: "the run was cancelled while it waited for the deleted flow's name to be free; nothing was created",
        details: none
      }
    }
  }
  if (placed.kind === 'waited-out') {
    return {
      result: { ...base, status: 'failed', errorCode: STILL_BEING_DELETED, message: placed.note, details: none }
    }
  }
  if (placed.kind === 'failed') {
    const { outcome, action } = placed
    if (action === 'CreateFlow') {
      record.changed(flow.name, { action, outcome: changeOutcome(outcome), ...answerIds(outcome.result) })
    }
    const failedBase = { ...base, action, ...attemptCounts(outcome, tally) }
    if (outcome.interrupted) return { result: { ...interruptedResult(failedBase, outcome), details: none } }
    if (outcome.result.ok) throw new Error('a failed placement is a failed call')
    const failure = outcome.result.failure
    return {
      result: { ...failedResult(failedBase, failure, hintForAlibabaError(failure.code, action)), details: none }
    }
  }
  const created = placed.kind === 'created' ? placed.outcome : undefined
  record.changed(flow.name, {
    action: 'CreateFlow',
    outcome: created ? 'done' : 'present',
    ...(created ? answerIds(created.result) : {})
  })
  if (placed.kind === 'other') {
    client.logger.warning(`Flow '${flow.name}' (${location}): ${placed.note}`)
    return { result: { ...base, status: 'exists', message: placed.note, details: none }, finalState: 'exists' }
  }
  // The flow created, or the flow's own: its schedules go on it.
  const schedules = await restoreSchedules(client, flow, tally, record)
  const requestId = created?.result.ok ? created.result.value.requestId : undefined
  const note = placed.note
  const result: UntimedResult = {
    ...base,
    ...attemptCounts(created ?? tally, tally),
    status: created ? 'done' : 'exists',
    ...(created?.result.ok ? { httpStatus: created.result.value.httpStatus } : {}),
    ...(requestId ? { requestId } : {}),
    ...(note ? { message: note } : {}),
    details: [schedulesDetail(flow.schedules, schedules.created)]
  }
  const what = created ? 'restored' : 'is there already, never deleted (left as it is)'
  client.logger.info(
    `Flow '${flow.name}' (${location}) ${what}${flow.schedules.length > 0 ? `; schedules: ${schedules.created} created, ${schedules.present} there already` : ''}`
  )
  if (!schedules.stop) return { result, finalState: created ? 'created' : 'exists' }
  const { stop } = schedules
  const stopBase = { ...result, action: 'CreateSchedule', ...attemptCounts(stop.outcome, tally) }
  if (stop.outcome.interrupted)
    return { result: { ...interruptedResult(stopBase, stop.outcome), details: result.details ?? [] } }
  if (stop.outcome.result.ok) throw new Error('a stop is a failed call')
  const failure = stop.outcome.result.failure
  return {
    result: {
      ...failedResult(stopBase, failure, hintForAlibabaError(failure.code, 'CreateSchedule')),
      message: `schedule '${stop.schedule}': ${failure.message} (the flow ${created ? 'was created' : 'was there already'})`
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
  if (flow.redacted) return `nothing: the manifest holds *** for a credential in its ${flow.redacted.join(', ')}`
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
