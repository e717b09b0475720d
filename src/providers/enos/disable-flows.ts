/**
 * disable-flow (https://support.enos-iot.com/docs/batch-processing-api/en/2.3.0/v2.1/flow/disable_flow.html):
 * each flow's state read and recorded, the flow disabled, then searched once more for what started
 * before the scheduler stopped.
 */
import type { CallOutcome } from '../../http/attempt.js'
import { answerIds, changeOutcome, type Recorder } from '../../report/manifest.js'
import { runFailureOf } from '../../report/results.js'
import { plural } from '../../report/wording.js'
import type { Progress, SelectOutcome, Selection } from '../contract.js'
import type { BatchProcessingClient } from './client.js'
import { hintForEnosError } from './errors.js'
import type { EnosSettings } from './inputs.js'
import type { ClockHolder } from './gateway-clock.js'
import { selectInstances } from './selection.js'

/**
 * disable-flow: each flow disabled before any instance is cancelled, then searched once more for
 * instances started before the scheduler stopped; what that search finds counts against
 * max-targets with the rest (the pipeline guards it). A dry run only says what it would do.
 */
export async function disableFlows(
  client: BatchProcessingClient,
  settings: EnosSettings,
  selection: Selection,
  dryRun: boolean,
  progress: Progress,
  record: Recorder,
  clocks: ClockHolder = {}
): Promise<SelectOutcome> {
  if (!settings.disableFlow || settings.flowIds.length === 0) return { ok: true, value: { targets: [], notes: [] } }
  if (dryRun) {
    return {
      ok: true,
      value: {
        targets: [],
        notes: settings.flowIds.map(
          (id) =>
            `Dry run: would disable flow ${id} first, then search it once more for instances started before the disable; those count against max-targets with the ones above, and past it nothing is cancelled`
        )
      }
    }
  }
  const disabled: number[] = []
  const before = () => (disabled.length > 0 ? `; ${disabledFlows(disabled)} before it` : '')
  /** A call for a flow that failed: the run's failure, saying what was and was not done. */
  const refused = (action: string, outcome: CallOutcome<unknown>, what: string): SelectOutcome => {
    if (outcome.result.ok) throw new Error('a refusal is a failed call')
    const failure = outcome.result.failure
    return {
      ok: false,
      interrupted: outcome.interrupted,
      failure: runFailureOf(action, failure, {
        message: `${what} failed: ${failure.message}; ${action === 'GetFlow' ? 'it was not disabled, and ' : ''}no instance was cancelled${disabled.length > 0 ? ` (${disabledFlows(disabled)} before it)` : ''}`,
        hint: hintForEnosError(failure.code, action)
      })
    }
  }
  for (const flowId of settings.flowIds) {
    // The flow's state before it is disabled, on record first: what a restore enables again.
    progress.doing(`reading flow ${flowId}'s state before disabling it (Get Flow${before()})`)
    const state = await client.getFlow(flowId)
    if (!state.result.ok) return refused('GetFlow', state, `reading flow ${flowId}'s state before disabling it`)
    const described = state.result.value.data
    record.found(
      String(flowId),
      described && typeof described === 'object' ? { service: described as Record<string, unknown> } : {}
    )
    progress.doing(`disabling flow ${flowId} (Disable Flow, which may have taken effect${before()})`)
    const outcome = await client.disableFlow(flowId)
    record.changed(String(flowId), {
      action: 'DisableFlow',
      subject: `flow ${flowId}`,
      outcome: changeOutcome(outcome),
      ...answerIds(outcome.result)
    })
    if (!outcome.result.ok) return refused('DisableFlow', outcome, `disabling flow ${flowId}`)
    disabled.push(flowId)
  }
  const notes = disabled.map((flowId) => `Flow ${flowId} disabled: its scheduler starts no new instance`)
  const known = new Set(selection.targets)
  const after: Progress = {
    doing: (phase) => progress.doing(`${phase}, after ${disabledFlows(disabled)}`),
    found: (names) => progress.found([...selection.targets, ...names.filter((id) => !known.has(id))])
  }
  const again = await selectInstances(client, settings, after, { record, clocks })
  if (!again.ok) {
    return {
      ...again,
      failure: { ...again.failure, message: `${again.failure.message} (after ${disabledFlows(disabled)})` }
    }
  }
  const more = again.value.targets.filter((id) => !known.has(id))
  if (more.length > 0)
    notes.push(
      `${plural(more.length, 'more active instance')} started before the flows were disabled: ${more.join(', ')}`
    )
  const { incomplete } = again.value
  const changed = notes.slice(0, disabled.length)
  return { ok: true, value: { targets: more, notes, changed, ...(incomplete ? { incomplete } : {}) } }
}

/** "flow 2438 was disabled", "flows 2438 and 2439 were disabled". */
function disabledFlows(ids: readonly number[]): string {
  const list = ids.length === 1 ? `flow ${ids[0]}` : `flows ${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`
  return `${list} ${ids.length === 1 ? 'was' : 'were'} disabled`
}
