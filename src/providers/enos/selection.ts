/**
 * flow-id: a flow's active instances, found with List Flow Instances, one search per scheduling
 * type (the API takes one), over trigger times within lookback-hours, every page. The search's
 * `expression` is fuzzy (it matches instance ids and flow names), so only instances whose
 * `flowId` is the one asked for are kept; only active statuses, and only ids that can be an
 * instance's (a service's answer is untrusted). disable-flow comes first when asked
 * (https://support.enos-iot.com/docs/batch-processing-api/en/2.3.0/v2.1/flow/disable_flow.html).
 */
import { counted, mapOutcome, type AttemptFailure, type CallTally } from '../../http/attempt.js'
import { LISTING_DID_NOT_END, readAllPages } from '../../http/paging.js'
import { NO_RECORDS, type Recorder } from '../../report/manifest.js'
import type { Progress, SelectOutcome } from '../contract.js'
import { runFailureOf, type RunFailure } from '../../report/results.js'
import { namesWithMore, plural } from '../../report/wording.js'
import type { BatchProcessingClient } from './client.js'
import { hintForEnosError } from './errors.js'
import type { EnosSettings } from './inputs.js'
import { SEARCH_PAGE_SIZE } from './request.js'
import { gatewayTime, narrowByAge, readGatewayClock, type ClockHolder } from './gateway-clock.js'
import { FLOW_INSTANCE_STATUS, searchPage, type FoundInstance } from './response.js'
import { isInstanceId } from './target-inputs.js'

/** Statuses a cancel can still stop: INIT, RUNNING, SUSPEND, WAIT, READY, RERUN. */
export const ACTIVE_STATUSES: readonly number[] = [0, 2, 3, 5, 6, 9]
/** Scheduling types: manual, periodic, temporary. */
export const SCHEDULING_TYPES: readonly number[] = [0, 1, 2]

const HOUR_MS = 3_600_000
/** The instances a search found that are this flow's, active, and have an id we can send (each once). */
export function keepActiveOf(
  flowId: number,
  found: readonly FoundInstance[]
): { kept: string[]; active: FoundInstance[]; others: number } {
  const active = new Map<string, FoundInstance>()
  for (const i of found) {
    if (i.flowId !== flowId || i.status === undefined || !ACTIVE_STATUSES.includes(i.status)) continue
    if (isInstanceId(i.instanceId) && !active.has(i.instanceId)) active.set(i.instanceId, i)
  }
  return {
    kept: [...active.keys()],
    active: [...active.values()],
    others: found.filter((i) => i.flowId !== flowId).length
  }
}

/**
 * What searching one flow ended with: the active instances found, how many the fuzzy search found
 * of other flows, and the guard's stop when a listing did not end (what it found still counts).
 */
type FlowSearch =
  | { ok: true; ids: string[]; active: FoundInstance[]; others: number; guardStops: string[] }
  | { ok: false; outcome: SelectOutcome & { ok: false } }

/**
 * Every active instance of one flow, over the three scheduling types, every page. The listing
 * ends on the first empty page, never on `data.count` nor on a short page: the docs define count
 * as "the number of searched workflow instances (number of elements in the FlowInstance struct)",
 * which a gateway may answer as every match or as this page's elements, and a gateway may cap
 * pageSize below what is asked
 * (https://support.enos-iot.com/docs/batch-processing-api/en/2.3.0/v2.1/flow_instance/list_flow_instances.html).
 * Where pages start is documented both ways (1 on the v2.1 page and in the samples, 0 on the zh_CN
 * 3.0.0 page and in v2.0), so page 0 is read first, then pages 1, 2, … to the first empty one,
 * each instance counted once: a 0-based gateway's first page is page 0; a 1-based one refuses page
 * 0 (62102) or answers its page 1 for it. A count that can only be a total (larger than its page)
 * must be met by the instances read, or the search fails: a gateway that pages otherwise than
 * either reading is not taken at its word.
 */
async function searchFlow(
  client: BatchProcessingClient,
  flowId: number,
  window: { from: number; to: number },
  {
    tally,
    progress,
    foundBefore,
    targetsOf
  }: {
    tally: CallTally
    progress: Progress
    foundBefore: readonly string[]
    /** Which of the active instances are targets (running-longer-than keeps some): what a cancelled run lists. */
    targetsOf: (active: FoundInstance[]) => string[]
  }
): Promise<FlowSearch> {
  const found: FoundInstance[] = []
  const guardStops: string[] = []
  const report = () => progress.found([...foundBefore, ...targetsOf(keepActiveOf(flowId, found).active)])
  const failed = (
    type: number,
    page: number,
    outcome: { interrupted: boolean },
    failure: AttemptFailure
  ): FlowSearch => ({
    ok: false,
    outcome: {
      ok: false,
      interrupted: outcome.interrupted,
      failure: runFailureOf('ListFlowInstances', failure, {
        message: `searching the instances of flow ${flowId} (scheduling type ${type}) failed on page ${page}: ${failure.message}; nothing was changed`,
        hint: hintForEnosError(failure.code, 'ListFlowInstances', failure.message)
      })
    }
  })
  for (const type of SCHEDULING_TYPES) {
    const ofType = new Set<string>()
    let total = 0
    const searchPageNo = async (pageNo: number) => {
      progress.doing(
        `listing the active instances of flow ${flowId} (List Flow Instances, scheduling type ${type}, page ${pageNo})`
      )
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
        const { instances, count } = page.value
        for (const instance of byTriggerTime(instances)) {
          if (!ofType.has(instance.instanceId)) found.push(instance)
          ofType.add(instance.instanceId)
        }
        // Larger than its page, a count can only be every match.
        if (count !== undefined && count > instances.length) total = Math.max(total, count)
        report()
        return {
          ok: true as const,
          value: { items: instances, next: instances.length > 0 ? String(pageNo + 1) : undefined }
        }
      })
    }
    const zeroth = counted(tally, await searchPageNo(0))
    if (!zeroth.result.ok && !(zeroth.result.failure.code === INVALID_PARAMETER && !zeroth.interrupted)) {
      return failed(type, 0, zeroth, zeroth.result.failure)
    }
    const listing = await readAllPages<FoundInstance>((_cursor, pageNo) => searchPageNo(pageNo), {
      what: `List Flow Instances of flow ${flowId} (scheduling type ${type})`,
      key: (i) => i.instanceId,
      now: () => client.now()
    })
    counted(tally, listing)
    if (!listing.result.ok && listing.guarded) {
      guardStops.push(listing.result.failure.message)
      continue
    }
    if (!listing.result.ok) return failed(type, listing.pages, listing, listing.result.failure)
    if (total > ofType.size) {
      return failed(type, listing.pages, listing, {
        code: LISTING_INCOMPLETE,
        message: `List Flow Instances said ${total} instances match, and ${ofType.size} distinct ones were read from pages 0 to ${listing.pages} (the gateway pages otherwise than the docs say)`,
        transience: 'permanent',
        mayHaveLanded: false
      })
    }
  }
  const { kept, active, others } = keepActiveOf(flowId, found)
  return { ok: true, ids: kept, active, others, guardStops }
}

/** The code of a search that read fewer instances than the gateway's own total. */
export const LISTING_INCOMPLETE = 'ListingIncomplete'
/** Batch Processing's "invalid parameter": what a 1-based gateway answers to page 0. */
const INVALID_PARAMETER = '62102'

/** A page's instances in trigger-time order (no sort field is sent: the runner orders what it reads). */
function byTriggerTime(instances: readonly FoundInstance[]): FoundInstance[] {
  return [...instances].sort((a, b) => (a.triggerTime ?? '').localeCompare(b.triggerTime ?? ''))
}

/** flow-id: every given flow's active instances, in the order the flows are given. */
export async function selectInstances(
  client: BatchProcessingClient,
  settings: EnosSettings,
  progress: Progress,
  { record = NO_RECORDS, clocks = {} }: { record?: Recorder; clocks?: ClockHolder } = {}
): Promise<SelectOutcome> {
  const tally: CallTally = { attempts: 0, throttled: 0 }
  const targets: string[] = []
  const notes: string[] = []
  const guardStops: string[] = []
  const rule = settings.runningLongerThan
  if (rule && !clocks.clock) {
    progress.doing("reading the gateway's clock and zone (Get Current Time, Get Time Zone)")
    const read = await readGatewayClock(client)
    if (!read.ok) return read.outcome
    clocks.clock = read.value
  }
  const clock = clocks.clock
  const gatewayNow = clock ? clock.serverNow + (client.now() - clock.readAt) : 0
  // Trigger times are the gateway's: once its clock is known, the window ends at its now, not the runner's.
  const to = clock ? gatewayNow : client.now()
  const window = { from: to - settings.lookbackHours * HOUR_MS, to }
  const narrow = (active: readonly FoundInstance[]) =>
    rule && clock ? narrowByAge(active, rule, clock, gatewayNow) : undefined
  const keptByRule = new Map<string, string[]>()
  const measuredFromTrigger: string[] = []
  for (const flowId of settings.flowIds) {
    const search = await searchFlow(client, flowId, window, {
      tally,
      progress,
      foundBefore: targets,
      targetsOf: (active) => narrow(active)?.targets ?? active.map((i) => i.instanceId)
    })
    if (!search.ok) return search.outcome
    const narrowed = narrow(search.active)
    const ids = narrowed ? narrowed.targets : search.ids
    measuredFromTrigger.push(...(narrowed?.fromTrigger ?? []))
    targets.push(...ids)
    guardStops.push(...search.guardStops)
    const others =
      search.others > 0
        ? ` (${plural(search.others, 'other instance')} the fuzzy search found belong to other flows and were left alone)`
        : ''
    const found = `flow-id ${flowId}: ${plural(search.ids.length, 'active instance')} triggered in the last ${settings.lookbackHours} h`
    if (search.ids.length === 0) {
      notes.push(`flow-id ${flowId}: no active instance triggered in the last ${settings.lookbackHours} h${others}`)
    } else if (!narrowed) {
      notes.push(`${found}: ${search.ids.join(', ')}${others}`)
    } else {
      const keptCount = search.ids.length - ids.length
      const reasons = [...narrowed.kept].map(([reason, kept]) => `${kept.length} ${reason}`).join(', ')
      notes.push(
        `${found}; ${ids.length} started more than ${rule!.text} ago${ids.length > 0 ? `: ${ids.join(', ')}` : ''}${keptCount > 0 ? `; kept ${keptCount}: ${reasons}` : ''}${others}`
      )
      for (const [reason, kept] of narrowed.kept) {
        notes.push(`flow-id ${flowId}: kept ${reason}: ${namesWithMore(kept)}`)
        keptByRule.set(reason, (keptByRule.get(reason) ?? []).concat(kept))
      }
    }
  }
  for (const [reason, kept] of keptByRule) record.kept(reason, kept)
  if (measuredFromTrigger.length > 0) {
    notes.push(
      `${plural(measuredFromTrigger.length, 'instance')}' startTime reads earlier than their trigger time in the gateway's zone (${clock!.zone}), so it was written in another zone: measured from their trigger time instead: ${namesWithMore(measuredFromTrigger)}`
    )
  }
  if (rule && clock) {
    notes.unshift(
      `Ages are measured on the gateway's clock, ${gatewayTime(gatewayNow, clock)} (Get Current Time, Get Time Zone): running-longer-than ${rule.text} means started before ${gatewayTime(gatewayNow - rule.ms, clock)}`
    )
  }
  notes.unshift(
    `List Flow Instances: ${plural(settings.flowIds.length, 'flow')} × ${SCHEDULING_TYPES.length} scheduling types, ${plural(tally.attempts, 'request')} (pages of ${SEARCH_PAGE_SIZE} from page 0, whichever way the gateway numbers them, read until a page comes back empty; statuses ${ACTIVE_STATUSES.map((s) => FLOW_INSTANCE_STATUS[s]).join(', ')})`
  )
  for (const stop of guardStops)
    notes.push(`Listing stopped by its guard: ${stop}. Instances on later pages, if any, were not seen`)
  return {
    ok: true,
    value: {
      targets,
      notes,
      ...(guardStops.length > 0 ? { incomplete: incompleteListing(guardStops, targets.length) } : {})
    }
  }
}

/** The run's failure when a guard stopped a listing: the instances found are cancelled, but more may run. */
function incompleteListing(stops: readonly string[], found: number): RunFailure {
  return {
    action: 'ListFlowInstances',
    code: LISTING_DID_NOT_END,
    message: `${stops.join('; ')}. The ${plural(found, 'active instance')} read before that ${found === 1 ? 'was' : 'were'} worked on; others may still be running`,
    hint: "The gateway kept answering List Flow Instances without coming to an empty page: check 'apigw-url' and any gateway in between, and look at the flow's instances in the EnOS Batch Processing console."
  }
}
