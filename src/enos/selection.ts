/**
 * flow-id: a flow's active instances, found with List Flow Instances, one search per scheduling
 * type (the API takes one), over trigger times within lookback-hours, every page. The search's
 * `expression` is fuzzy (it matches instance ids and flow names), so only instances whose
 * `flowId` is the one asked for are kept; only active statuses, and only ids that can be an
 * instance's (a service's answer is untrusted). disable-flow comes first when asked
 * (https://support.enos-iot.com/docs/batch-processing-api/en/2.3.0/v2.1/flow/disable_flow.html).
 */
import { counted, mapOutcome, type CallTally } from '../attempt.js'
import { readAllPages } from '../paging.js'
import type { SelectOutcome, Selection } from '../provider.js'
import { runFailureOf } from '../results.js'
import { plural } from '../wording.js'
import type { BatchProcessingClient } from './client.js'
import { hintForEnosError } from './errors.js'
import type { EnosSettings } from './inputs.js'
import { SEARCH_PAGE_SIZE } from './request.js'
import { FLOW_INSTANCE_STATUS, searchPage, type FoundInstance } from './response.js'
import { isInstanceId } from './target-inputs.js'

/** Statuses a cancel can still stop: INIT, RUNNING, SUSPEND, WAIT, READY, RERUN. */
export const ACTIVE_STATUSES: readonly number[] = [0, 2, 3, 5, 6, 9]
/** Scheduling types: manual, periodic, temporary. */
export const SCHEDULING_TYPES: readonly number[] = [0, 1, 2]

const HOUR_MS = 3_600_000

/** The instances a search found that are this flow's, active, and have an id we can send. */
export function keepActiveOf(flowId: number, found: readonly FoundInstance[]): { kept: string[]; others: number } {
  const kept = found
    .filter((i) => i.flowId === flowId && i.status !== undefined && ACTIVE_STATUSES.includes(i.status))
    .filter((i) => isInstanceId(i.instanceId))
    .map((i) => i.instanceId)
  return { kept: [...new Set(kept)], others: found.filter((i) => i.flowId !== flowId).length }
}

type FlowSearch = { ok: true; ids: string[]; others: number } | { ok: false; outcome: SelectOutcome & { ok: false } }

/** Every active instance of one flow, over the three scheduling types, every page. */
async function searchFlow(
  client: BatchProcessingClient,
  flowId: number,
  window: { from: number; to: number },
  tally: CallTally
): Promise<FlowSearch> {
  const found: FoundInstance[] = []
  for (const type of SCHEDULING_TYPES) {
    let read = 0
    const listing = await readAllPages(
      async (cursor) => {
        const pageNo = cursor === undefined ? 1 : Number(cursor)
        const outcome = await client.searchFlowInstances({
          type,
          expression: String(flowId),
          fromTriggerTime: window.from,
          toTriggerTime: window.to,
          statuses: ACTIVE_STATUSES,
          pageNo
        })
        return mapOutcome(outcome, (success) => {
          const page = searchPage(success)
          if (!page.ok) return page
          read += page.value.instances.length
          // The listing ends when every match is read, or a page comes back empty.
          const more = page.value.instances.length > 0 && read < page.value.count
          return { ok: true, value: { items: page.value.instances, next: more ? String(pageNo + 1) : undefined } }
        })
      },
      { what: 'List Flow Instances' }
    )
    counted(tally, listing)
    if (!listing.result.ok) {
      const failure = listing.result.failure
      return {
        ok: false,
        outcome: {
          ok: false,
          interrupted: listing.interrupted,
          failure: runFailureOf('ListFlowInstances', failure, {
            message: `searching the instances of flow ${flowId} (scheduling type ${type}) failed on page ${listing.pages}: ${failure.message}; nothing was changed`,
            hint: hintForEnosError(failure.code)
          })
        }
      }
    }
    found.push(...listing.result.value)
  }
  const { kept, others } = keepActiveOf(flowId, found)
  return { ok: true, ids: kept, others }
}

/** flow-id: every given flow's active instances, in the order the flows are given. */
export async function selectInstances(client: BatchProcessingClient, settings: EnosSettings): Promise<SelectOutcome> {
  const to = client.deps.now()
  const window = { from: to - settings.lookbackHours * HOUR_MS, to }
  const tally: CallTally = { attempts: 0, throttled: 0 }
  const targets: string[] = []
  const notes: string[] = []
  for (const flowId of settings.flowIds) {
    const search = await searchFlow(client, flowId, window, tally)
    if (!search.ok) return search.outcome
    targets.push(...search.ids)
    const others =
      search.others > 0
        ? ` (${plural(search.others, 'other instance')} the fuzzy search found belong to other flows and were left alone)`
        : ''
    notes.push(
      search.ids.length === 0
        ? `flow-id ${flowId}: no active instance triggered in the last ${settings.lookbackHours} h${others}`
        : `flow-id ${flowId}: ${plural(search.ids.length, 'active instance')} triggered in the last ${settings.lookbackHours} h: ${search.ids.join(', ')}${others}`
    )
  }
  notes.unshift(
    `List Flow Instances: ${plural(settings.flowIds.length, 'flow')} × ${SCHEDULING_TYPES.length} scheduling types, ${plural(tally.attempts, 'request')} (pages of ${SEARCH_PAGE_SIZE}; statuses ${ACTIVE_STATUSES.map((s) => FLOW_INSTANCE_STATUS[s]).join(', ')})`
  )
  return { ok: true, value: { targets, notes } }
}

/**
 * disable-flow: each flow disabled before any instance is cancelled, then searched once more for
 * instances started before the scheduler stopped. A dry run only says what it would do.
 */
export async function disableFlows(
  client: BatchProcessingClient,
  settings: EnosSettings,
  selection: Selection,
  dryRun: boolean
): Promise<SelectOutcome> {
  if (!settings.disableFlow || settings.flowIds.length === 0) return { ok: true, value: { targets: [], notes: [] } }
  if (dryRun) {
    return {
      ok: true,
      value: { targets: [], notes: settings.flowIds.map((id) => `Dry run: would disable flow ${id} first`) }
    }
  }
  const notes: string[] = []
  for (const flowId of settings.flowIds) {
    const outcome = await client.disableFlow(flowId)
    if (!outcome.result.ok) {
      const failure = outcome.result.failure
      const before =
        notes.length > 0 ? ` (${notes.length} flow${notes.length === 1 ? ' was' : 's were'} disabled before it)` : ''
      return {
        ok: false,
        interrupted: outcome.interrupted,
        failure: runFailureOf('DisableFlow', failure, {
          message: `disabling flow ${flowId} failed: ${failure.message}; no instance was cancelled${before}`,
          hint: hintForEnosError(failure.code)
        })
      }
    }
    notes.push(`Flow ${flowId} disabled: its scheduler starts no new instance`)
  }
  const again = await selectInstances(client, settings)
  if (!again.ok) return again
  const known = new Set(selection.targets)
  const more = again.value.targets.filter((id) => !known.has(id))
  if (more.length > 0)
    notes.push(
      `${plural(more.length, 'more active instance')} started before the flows were disabled: ${more.join(', ')}`
    )
  return { ok: true, value: { targets: more, notes } }
}
