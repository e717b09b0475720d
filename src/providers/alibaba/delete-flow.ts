/**
 * The work on one flow: its dependents removed when asked (dependents.ts), then DeleteFlow with
 * retries, the answers mapped to a result; DescribeFlow to see when it is gone (DeleteFlow is
 * asynchronous). What a dry run shows of it is delete-preview.ts.
 */
import type { CallOutcome, CallTally } from '../../http/attempt.js'
import { counted } from '../../http/attempt.js'
import type { PollResult, TargetOutcome, TargetRef } from '../contract.js'
import { attemptCounts, doneResult, failedResult, interruptedResult, type UntimedResult } from '../../report/results.js'
import type { Runtime } from '../runtime.js'
import { plural } from '../../report/wording.js'
import type { FnfClient } from './client.js'
import { dependentDetails, failedWith, removeDependents, type Dependents, type DependentStop } from './dependents.js'
import { hintForAlibabaError } from './errors.js'
import { flowLocation } from './endpoint.js'
import { backUp, backupRedacted, unseenSincePlan } from './backup.js'
import type { AlibabaSettings } from './inputs.js'
import type { RpcSuccess } from './response.js'
import { answerIds, changeOutcome, type Recorder } from '../../report/manifest.js'

/**
 * The RequestId to send for a flow (the `request-id` input). Only the older DeleteFlow API
 * metadata and docs describe this parameter ("the system uses its value as the ID of the
 * request"); the current SDK model no longer has it. It is still sent because a service that
 * honours it lets a workflow find its call in ActionTrail by an id it chose. A service that
 * ignores it answers with an id of its own, and that is what `request-id` reports: the output is
 * always the RequestId the service answered, never the one given. With several flows each gets
 * its own: `<request-id>-1`, `<request-id>-2`, …
 */
export function requestIdFor(
  settings: Pick<AlibabaSettings, 'requestId'>,
  target: Pick<TargetRef, 'index' | 'count'>
): string | undefined {
  if (!settings.requestId) return undefined
  return target.count === 1 ? settings.requestId : `${settings.requestId}-${target.index + 1}`
}

/** How one DeleteFlow ended, before any waiting; `tally` counts every call made for the flow. */
export function deleteOutcome(
  target: Pick<TargetRef, 'name' | 'selected'>,
  settings: AlibabaSettings,
  givenRequestId: string | undefined,
  outcome: CallOutcome<RpcSuccess>,
  { logger, tally, found = {} }: { logger: Runtime['logger']; tally: CallTally; found?: Dependents }
): TargetOutcome {
  const { name } = target
  const location = flowLocation(settings)
  const base = { name, action: 'DeleteFlow', location, ...attemptCounts(outcome, tally), ...dependentDetails(found) }
  if (outcome.result.ok) {
    const result = doneResult(base, outcome.result.value)
    logger.info(`Deleted flow '${name}' (${location}), RequestId ${result.requestId ?? 'not returned'}`)
    if (givenRequestId && result.requestId !== givenRequestId) {
      logger.info(
        `The service did not take the RequestId given ('${givenRequestId}') as the call's id; 'request-id' is the one it answered`
      )
    }
    return { result }
  }
  if (outcome.interrupted) return { result: interruptedResult(base, outcome) }
  const failure = outcome.result.failure
  if (failure.code === 'FlowNotExists' && outcome.earlierAttemptMayHaveLanded) {
    // An earlier attempt was sent and its answer lost: it most likely did the delete.
    logger.info(`Flow '${name}' (${location}) is gone: an earlier attempt whose answer was lost most likely deleted it`)
    return {
      result: {
        ...base,
        status: 'done',
        message: 'deleted by an earlier attempt whose answer was lost',
        ...(failure.requestId ? { requestId: failure.requestId } : {})
      }
    }
  }
  // A flow found by listing that is gone now was deleted by someone else meanwhile: that is the end wanted.
  if (failure.code === 'FlowNotExists' && (settings.ignoreNotFound || target.selected)) {
    logger.info(
      target.selected
        ? `Flow '${name}' (${location}) was listed but is gone now: something else deleted it meanwhile`
        : `Flow '${name}' (${location}) does not exist; ignore-not-found is set, so that counts as done`
    )
    return { result: { ...failedResult(base, failure, undefined), status: 'not-found' }, finalState: 'gone' }
  }
  return { result: failedResult(base, failure, hintForAlibabaError(failure.code, 'DeleteFlow')) }
}

/** What of a flow's dependents was removed: " (1 of 2 schedules deleted)". */
function partsRemoved(found: Dependents): string {
  const parts = [
    ...(found.schedules && found.schedulesDeleted
      ? [`${found.schedulesDeleted} of ${plural(found.schedules.length, 'schedule')} deleted`]
      : []),
    ...(found.executions && found.executionsStopped
      ? [`${found.executionsStopped} of ${plural(found.executions.length, 'running execution')} stopped`]
      : [])
  ]
  return parts.length > 0 ? ` (${parts.join(', ')})` : ''
}

/** A flow whose teardown stopped before DeleteFlow: failed with the call's error, or interrupted. */
export function stoppedOutcome(
  name: string,
  location: string,
  { stop, found, changed }: { stop: DependentStop; found: Dependents; changed: boolean },
  tally: CallTally
): UntimedResult {
  const base = {
    name,
    action: stop.action,
    location,
    ...attemptCounts(stop.outcome, tally),
    ...(stop.page !== undefined ? { page: stop.page } : {}),
    ...dependentDetails(found)
  }
  const { outcome } = stop
  const about = stop.subject ? `${stop.subject}: ` : ''
  if (outcome.interrupted) {
    if (!changed) return interruptedResult(base, outcome)
    return {
      ...base,
      status: 'partial',
      message: `the run was cancelled during ${stop.action} after part of the flow's dependents were removed${partsRemoved(found)}; DeleteFlow was not sent`
    }
  }
  if (outcome.result.ok) throw new Error('a stop is a failed call')
  const failure = outcome.result.failure
  return {
    ...failedResult(base, failure, hintForAlibabaError(failure.code, stop.action)),
    message: `${about}${failure.message}; DeleteFlow was not sent`
  }
}

/** The flow's teardown: its dependents when asked, then DeleteFlow. */
export async function deleteFlow(
  client: FnfClient,
  settings: AlibabaSettings,
  target: TargetRef,
  {
    record,
    listed,
    gone
  }: {
    record: Recorder
    listed?: Record<string, unknown> | undefined
    /** A ListFlows read to its end does not list it. */
    gone?: boolean
  }
): Promise<TargetOutcome> {
  const tally: CallTally = { attempts: 0, throttled: 0 }
  const planned = settings.plan?.flows.get(target.name)
  if (settings.backup || planned) {
    // A reviewed plan's flow is read again even without backup: the read is the plan's check.
    const stopped = await backUp(client, settings, target.name, { listed, tally, record, planned, gone })
    if (stopped) {
      const { result } = stopped
      if (result.status === 'changed')
        client.logger.warning(`Flow '${target.name}' changed since the plan: ${result.message}`)
      if (result.status === 'not-found')
        client.logger.info(
          planned
            ? `Flow '${target.name}' of the plan is gone already`
            : `Flow '${target.name}' (${flowLocation(settings)}) does not exist; ignore-not-found is set, so that counts as done`
        )
      return stopped
    }
  } else {
    // Even without a backup, the manifest says the flow was about to be changed.
    record.found(target.name, listed ? { service: listed } : {})
  }
  const seen = planned && 'schedules' in planned && planned.schedules ? { schedules: planned.schedules } : {}
  const dependents = await removeDependents(client, settings, target.name, {
    tally,
    record,
    seen,
    keepRedacted: settings.backup
  })
  const location = flowLocation(settings)
  if (dependents.unseen) {
    const result = unseenSincePlan(target.name, location, dependents.unseen, tally)
    client.logger.warning(`Flow '${target.name}' changed since the plan: ${result.message}`)
    return { result }
  }
  if (dependents.redacted)
    return { result: backupRedacted(target.name, location, 'ListSchedules', dependents.redacted, tally) }
  if (dependents.stop)
    return { result: stoppedOutcome(target.name, location, { ...dependents, stop: dependents.stop }, tally) }
  if (client.cancelled()) {
    const interrupted = {
      name: target.name,
      action: 'DeleteFlow',
      location,
      ...attemptCounts({ attempts: 0, throttled: 0 }, tally),
      ...dependentDetails(dependents.found)
    }
    return {
      result: dependents.changed
        ? {
            ...interrupted,
            status: 'partial',
            message: `the run was cancelled after the flow's dependents were removed${partsRemoved(dependents.found)}; DeleteFlow was not sent`
          }
        : { ...interrupted, status: 'not-started', message: 'the run was cancelled before DeleteFlow was sent' }
    }
  }
  const givenRequestId = requestIdFor(settings, target)
  const outcome = counted(tally, await client.deleteFlow(target.name, givenRequestId))
  record.changed(target.name, {
    action: 'DeleteFlow',
    outcome: changeOutcome(outcome, failedWith(outcome, 'FlowNotExists') && outcome.earlierAttemptMayHaveLanded),
    ...answerIds(outcome.result)
  })
  return deleteOutcome(target, settings, givenRequestId, outcome, {
    logger: client.logger,
    tally,
    found: dependents.found
  })
}

/** DeleteFlow is asynchronous: the flow is gone once DescribeFlow answers FlowNotExists. */
export async function pollDeletion(client: FnfClient, name: string, deadlineAt: number): Promise<PollResult> {
  const outcome = await client.describeFlow(name, deadlineAt)
  if (outcome.result.ok) return { done: false, state: 'exists' }
  if (outcome.result.failure.code === 'FlowNotExists') return { done: true, state: 'gone' }
  return { failure: outcome.result.failure }
}
