/**
 * What a flow is read as before its first change: its backup (its fields and schedules, on disk in
 * the manifest first) and, for a reviewed plan's flow, the check that it is still what the plan
 * showed. A flow whose backup cannot be read, or would hold *** for a credential of the run, or
 * that changed since its plan, is left alone with a result that says why.
 */
import type { CallOutcome, CallTally } from '../../http/attempt.js'
import { counted } from '../../http/attempt.js'
import { attemptCounts, failedResult, interruptedResult, type UntimedResult } from '../../report/results.js'
import type { Recorder } from '../../report/manifest.js'
import { plural } from '../../report/wording.js'
import type { TargetOutcome } from '../contract.js'
import type { FnfClient } from './client.js'
import { listSchedules, redactedItems } from './dependent-listings.js'
import { failedWith } from './dependents.js'
import { flowLocation } from './endpoint.js'
import { hintForAlibabaError, isCredentialFailure } from './errors.js'
import type { AlibabaSettings } from './inputs.js'
import type { PlannedFlow } from './plan.js'

/** The code of a flow left alone because its backup could not be read. */
export const BACKUP_FAILED = 'BackupFailed'

/** The code of a flow left alone because its backup would hold *** where a credential of the run was. */
export const BACKUP_REDACTED = 'BackupRedacted'

/**
 * A flow left alone: its saved fields would hold *** where a credential of the run was (the
 * manifest never holds one), so a restore could not bring it back as it was.
 */
export function backupRedacted(
  name: string,
  location: string,
  action: string,
  fields: readonly string[],
  tally: CallTally
): UntimedResult {
  return {
    name,
    action,
    location,
    status: 'failed',
    errorCode: BACKUP_REDACTED,
    message: `a credential of this run appears in the flow's ${fields.join(', ')}; the manifest never holds a credential, so its backup would hold *** there and a restore could not bring the flow back as it was. Nothing was done to it`,
    hint: 'Take the credential out of the flow (a credential in a flow’s definition or payload is readable by anyone who may read the flow), or set `backup: false` to delete the flow without a restorable backup.',
    ...attemptCounts(tally)
  }
}

/** The code of a reviewed plan's flow that changed since the plan was made. */
export const CHANGED_SINCE_PLAN = 'ChangedSincePlan'

/**
 * backup: the flow's definition (from ListFlows when it was listed, else DescribeFlow) and its
 * schedules (ListSchedules; with delete-schedules the removal's own listing, not a second one)
 * on disk before its first change. A read that fails leaves the flow alone: a failed result, with
 * what to grant. A read that shows the flow gone (DescribeFlow or ListSchedules answering
 * FlowNotExists, or a ListFlows read to its end that does not list it: `gone`) ends the flow with
 * no further call. A reviewed plan's flow (`planned`) is always read with DescribeFlow, and left
 * alone when it is gone or is not the flow the plan found.
 */
export async function backUp(
  client: FnfClient,
  settings: AlibabaSettings,
  name: string,
  {
    listed,
    tally,
    record,
    planned,
    gone = false
  }: {
    listed: Record<string, unknown> | undefined
    tally: CallTally
    record: Recorder
    planned: PlannedFlow | undefined
    /** A ListFlows read to its end does not list the flow. */
    gone?: boolean
  }
): Promise<TargetOutcome | undefined> {
  let service = listed
  if (!service && gone && !planned) return flowGone(name, settings, 'ListFlows', tally, record)
  if (!service) {
    const described = counted(tally, await client.describeFlow(name))
    if (described.result.ok) service = withoutRequestId(described.result.value.body)
    else if (!failedWith(described, 'FlowNotExists'))
      return { result: backupFailed(name, settings, 'DescribeFlow', described, tally) }
    else if (planned) return planFlowGone(name, settings, described, tally)
    else return flowGone(name, settings, 'DescribeFlow', tally, record, described)
  }
  const redacted = record.found(name, service ? { service } : {})
  if (planned && service) {
    const changed = changedSincePlan(name, settings, planned, service, tally)
    if (changed) return { result: changed }
  }
  const location = flowLocation(settings)
  if (settings.backup && redacted.length > 0)
    return { result: backupRedacted(name, location, listed ? 'ListFlows' : 'DescribeFlow', redacted, tally) }
  if (settings.deleteSchedules || !settings.backup) return undefined
  const schedules = counted(tally, await listSchedules(client, name))
  if (schedules.result.ok) {
    if (schedules.records.length > 0) {
      const items = record.dependents(name, 'schedules', schedules.records)
      const fields = redactedItems('schedule', schedules.records, items)
      if (fields.length > 0) return { result: backupRedacted(name, location, 'ListSchedules', fields, tally) }
    }
    return undefined
  }
  const outcome = { ...schedules, ...schedules.lastPage, earlierAttemptMayHaveLanded: false }
  if (failedWith(outcome, 'FlowNotExists')) return flowGone(name, settings, 'ListSchedules', tally, record, outcome)
  return { result: backupFailed(name, settings, 'ListSchedules', outcome, tally) }
}

/**
 * A flow a read showed gone: nothing more is sent for it (no ListSchedules, no DeleteFlow). Under
 * ignore-not-found that is done; otherwise it fails FlowNotExists, as DeleteFlow's answer would.
 */
function flowGone(
  name: string,
  settings: AlibabaSettings,
  action: string,
  tally: CallTally,
  record: Recorder,
  read?: CallOutcome<unknown>
): TargetOutcome {
  if (action !== 'ListSchedules') record.found(name, { gone: true })
  const requestId = read && !read.result.ok ? read.result.failure.requestId : undefined
  const base = {
    name,
    action,
    location: flowLocation(settings),
    errorCode: 'FlowNotExists',
    message: `${action === 'ListFlows' ? 'ListFlows, read to its end, does not list it' : `${action} answered FlowNotExists`}: the flow does not exist, and nothing was sent to delete it`,
    ...(requestId ? { requestId } : {}),
    ...(read ? attemptCounts(read, tally) : attemptCounts(tally))
  }
  return settings.ignoreNotFound
    ? { result: { ...base, status: 'not-found' }, finalState: 'gone' }
    : {
        result: {
          ...base,
          status: 'failed',
          ...(read && !read.result.ok && read.result.failure.httpStatus
            ? { httpStatus: read.result.failure.httpStatus }
            : {}),
          hint: hintForAlibabaError('FlowNotExists', 'DeleteFlow')!
        }
      }
}

/** A plan's flow that DescribeFlow no longer finds: gone already, which is the end the plan wanted. */
function planFlowGone(
  name: string,
  settings: AlibabaSettings,
  described: CallOutcome<unknown>,
  tally: CallTally
): TargetOutcome {
  const requestId = described.result.ok ? undefined : described.result.failure.requestId
  return {
    result: {
      name,
      action: 'DescribeFlow',
      location: flowLocation(settings),
      status: 'not-found',
      errorCode: 'FlowNotExists',
      message: 'the flow is gone already; nothing was done to it',
      ...(requestId ? { requestId } : {}),
      ...attemptCounts(described, tally)
    },
    finalState: 'gone'
  }
}

/**
 * A plan's flow as DescribeFlow found it now, against the plan: the same Id and the same
 * LastModifiedTime string (as the service sent it), or it changed since the plan and is left
 * alone for a person to review again. A flow the plan found gone that exists now is new to it.
 */
function changedSincePlan(
  name: string,
  settings: AlibabaSettings,
  planned: PlannedFlow,
  service: Record<string, unknown>,
  tally: CallTally
): UntimedResult | undefined {
  const id = String(service['Id'] ?? '')
  const lastModifiedTime = String(service['LastModifiedTime'] ?? '')
  let what: string
  if ('gone' in planned) what = 'the plan found no flow of this name, and one exists now'
  else if (planned.id !== id)
    what = `its Id is ${id || 'missing'} now, the plan's was ${planned.id}: it is another flow of the same name`
  else if (planned.lastModifiedTime !== lastModifiedTime)
    what = `it was modified at ${lastModifiedTime || 'an unknown time'}, after the plan (which found it as of ${planned.lastModifiedTime})`
  else return undefined
  return {
    name,
    action: 'DescribeFlow',
    location: flowLocation(settings),
    status: 'changed',
    errorCode: CHANGED_SINCE_PLAN,
    message: `${what}; nothing was done to it`,
    hint: 'Look at the flow again: if it should still go, make a new plan (a dry run) and have it reviewed, or delete it by name.',
    ...attemptCounts(tally)
  }
}

/**
 * A plan's flow with a dependent its reviewer did not see (a schedule added since: adding one
 * does not move the flow's LastModifiedTime): left alone, as a flow changed since the plan is.
 */
export function unseenSincePlan(
  name: string,
  location: string,
  unseen: { noun: string; names: string[] },
  tally: CallTally
): UntimedResult {
  const listed = unseen.names.map((n) => `'${n}'`).join(', ')
  return {
    name,
    action: 'ListSchedules',
    location,
    status: 'changed',
    errorCode: CHANGED_SINCE_PLAN,
    message: `${plural(unseen.names.length, unseen.noun)} ${listed} ${unseen.names.length === 1 ? 'is' : 'are'} not in the plan (added since it was made); nothing was done to it`,
    hint: 'Look at the flow again: if it should still go with everything on it, make a new plan (a dry run) and have it reviewed.',
    ...attemptCounts(tally)
  }
}

/** A DescribeFlow answer's fields, less the request's own id. */
export function withoutRequestId(body: Record<string, unknown>): Record<string, unknown> {
  const { RequestId: _requestId, requestId: _lower, ...fields } = body
  return fields
}

/** A flow left alone: its backup could not be read. */
function backupFailed(
  name: string,
  settings: AlibabaSettings,
  action: string,
  outcome: CallOutcome<unknown>,
  tally: CallTally
): UntimedResult {
  if (outcome.result.ok) throw new Error('a backup that failed is a failed call')
  const failure = outcome.result.failure
  const base = { name, action, location: flowLocation(settings), ...attemptCounts(outcome, tally) }
  if (outcome.interrupted) return interruptedResult(base, outcome)
  if (isCredentialFailure(failure.code)) {
    // The run's credentials were refused, not the read: every call would be.
    return {
      ...failedResult(base, failure, hintForAlibabaError(failure.code, action)),
      message: `${failure.message} (reading the flow's backup before deleting it); nothing was done to it`
    }
  }
  return {
    ...failedResult(base, failure, undefined),
    errorCode: BACKUP_FAILED,
    message: `the flow's backup could not be read (${action}: ${failure.code}: ${failure.message}); nothing was done to it`,
    hint: `Grant the RAM action \`fnf:${action}\` to read each flow's backup before it is deleted, or set \`backup: false\` to delete without one (the manifest then cannot restore the flow).`
  }
}
