/**
 * Whose a flow's name is when a restore creates it. CreateFlow first; on FlowAlreadyExists the flow
 * there is read (DescribeFlow): the flow deleted, still being deleted (DeleteFlow is asynchronous:
 * https://www.alibabacloud.com/help/en/serverless-workflow/latest/api-fnf-2019-03-15-deleteflow),
 * is waited out; the flow itself, never deleted, is its own; any other is someone else's.
 */
import type { CallOutcome, CallTally } from '../../http/attempt.js'
import { counted } from '../../http/attempt.js'
import { waitUntilDone, type PollResult } from '../../http/poll.js'
import { describeValue } from '../../config/input-rules.js'
import type { FnfClient } from './client.js'
import { failedWith } from './dependents.js'
import type { RpcSuccess } from './response.js'
import type { SavedFlow } from './restore-inputs.js'

/** The code of a flow whose old self was still being deleted when wait-timeout ran out. */
export const STILL_BEING_DELETED = 'StillBeingDeleted'

/** How the flow's name turned out: the flow created, found to be the flow's own, someone else's, or not settled. */
export type Placement =
  | { kind: 'created'; outcome: CallOutcome<RpcSuccess>; note?: string }
  /** The flow deleted was never deleted after all (same Id, its DeleteFlow did not land). */
  | { kind: 'own'; note: string }
  /** Another flow of the same name: left alone, and no schedule goes on it. */
  | { kind: 'other'; note: string }
  | { kind: 'failed'; action: string; outcome: CallOutcome<{ requestId?: string | undefined }> }
  | { kind: 'waited-out'; note: string }
  | { kind: 'cancelled' }

/** Rounds of CreateFlow a flow gets (each after its name was seen free): a name taken and freed without end stops. */
const MAX_CREATE_ROUNDS = 5

/**
 * CreateFlow, and when the name is taken (FlowAlreadyExists), DescribeFlow to see whose flow it
 * is. The saved Id, on a flow whose DeleteFlow may have landed: the old flow, still being deleted
 * (DeleteFlow is asynchronous), so its name is waited for (up to wait-timeout) and the flow
 * created once it is free. Another Id: someone else's flow, left alone at once.
 */
export async function placeFlow(
  client: FnfClient,
  flow: SavedFlow,
  params: Record<string, string>,
  { tally, waitTimeoutMs }: { tally: CallTally; waitTimeoutMs: number }
): Promise<Placement> {
  let deadline: number | undefined
  let waited = false
  for (let round = 1; round <= MAX_CREATE_ROUNDS; round++) {
    const created = counted(tally, await client.createFlow(params))
    if (!failedWith(created, 'FlowAlreadyExists')) {
      if (!created.result.ok) return { kind: 'failed', action: 'CreateFlow', outcome: created }
      return waited
        ? {
            kind: 'created',
            outcome: created,
            note: "created once the deleted flow's asynchronous delete had finished"
          }
        : { kind: 'created', outcome: created }
    }
    const described = counted(tally, await client.describeFlow(flow.name))
    if (!described.result.ok) {
      // Gone between the two calls: the name is free now.
      if (failedWith(described, 'FlowNotExists')) continue
      return { kind: 'failed', action: 'DescribeFlow', outcome: described }
    }
    const there = described.result.value.body
    const id = typeof there['Id'] === 'string' ? there['Id'] : undefined
    // A CreateFlow retried after a lost answer meets the flow its earlier attempt made.
    if (created.earlierAttemptMayHaveLanded && id !== flow.id && there['Definition'] === params['Definition']) {
      return { kind: 'created', outcome: created, note: 'created by an earlier attempt whose answer was lost' }
    }
    if (flow.id === undefined) {
      return {
        kind: 'other',
        note: 'a flow of this name is there, and the manifest holds no Id to tell whether it is the one deleted: it was left as it is, and no schedule was created on it'
      }
    }
    if (id !== flow.id) {
      return {
        kind: 'other',
        note: `a flow of this name is there that is not the one deleted (its Id is ${describeValue(id ?? 'missing')}, the manifest's ${describeValue(flow.id)}; made since, by an earlier restore or by someone else): it was left as it is, and no schedule was created on it`
      }
    }
    if (!flow.maybeDeleted) {
      return {
        kind: 'own',
        note: 'the flow itself was never deleted (its DeleteFlow did not land): it was left as it is, and its missing schedules were created'
      }
    }
    deadline ??= client.now() + waitTimeoutMs
    const left = deadline - client.now()
    client.logger.info(
      `Flow '${flow.name}' is still being deleted (DeleteFlow is asynchronous; it has the manifest's Id): waiting up to ${Math.ceil(Math.max(0, left) / 1000)} s (wait-timeout) for its name to be free before creating it again`
    )
    const outcome = await waitUntilDone(
      (msLeft) => nameFreed(client, flow, client.now() + msLeft),
      { timeoutMs: Math.max(0, left) },
      { now: () => client.now(), sleep: (ms) => client.pause(ms), cancelled: () => client.cancelled() }
    )
    waited = true
    if (outcome.kind === 'interrupted') return { kind: 'cancelled' }
    if (outcome.kind === 'timed-out') break
    if (outcome.kind === 'failed') {
      const failed = { result: { ok: false as const, failure: outcome.failure }, attempts: 1, throttled: 0 }
      return {
        kind: 'failed',
        action: 'DescribeFlow',
        outcome: { ...failed, earlierAttemptMayHaveLanded: false, interrupted: false }
      }
    }
  }
  return {
    kind: 'waited-out',
    note: `the flow deleted (Id ${describeValue(flow.id ?? '')}) was still being deleted when wait-timeout (${waitTimeoutMs / 1000} s) ran out: nothing was created. DeleteFlow is asynchronous: run the restore again later, or raise wait-timeout`
  }
}

/** One look at a name whose old flow is being deleted: free (gone, or another flow took it), or not yet. */
async function nameFreed(client: FnfClient, flow: SavedFlow, deadlineAt: number): Promise<PollResult> {
  const outcome = await client.describeFlow(flow.name, deadlineAt)
  if (outcome.result.ok) {
    const id = outcome.result.value.body['Id']
    return id === flow.id
      ? { done: false, state: 'still being deleted' }
      : { done: true, state: 'taken by another flow' }
  }
  if (outcome.result.failure.code === 'FlowNotExists') return { done: true, state: 'gone' }
  return { failure: outcome.result.failure }
}
