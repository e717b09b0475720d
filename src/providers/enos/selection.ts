/**
 * flow-id: a flow's active instances, found with List Flow Instances, one search per scheduling
 * type (the API takes one), over trigger times within lookback-hours, every page. The search's
 * `expression` is fuzzy (it matches instance ids and flow names), so only instances whose
 * `flowId` is the one asked for are kept; only active statuses, and only ids that can be an
 * instance's (a service's answer is untrusted). disable-flow comes first when asked
 * (https://support.enos-iot.com/docs/batch-processing-api/en/2.3.0/v2.1/flow/disable_flow.html).
 */
import { counted, mapOutcome, type AttemptFailure, type CallOutcome, type CallTally } from '../../http/attempt.js'
import { LISTING_DID_NOT_END, readAllPages } from '../../http/paging.js'
import { answerIds, changeOutcome, NO_RECORDS, type Recorder } from '../../report/manifest.js'
import type { Progress, SelectOutcome, Selection } from '../contract.js'
import { runFailureOf, type RunFailure } from '../../report/results.js'
import { namesWithMore, plural } from '../../report/wording.js'
import type { BatchProcessingClient } from './client.js'
import { hintForEnosError } from './errors.js'
import type { EnosSettings } from './inputs.js'
import { SEARCH_PAGE_SIZE } from './request.js'
import { FLOW_INSTANCE_STATUS, parseEnosTime, parseGmtZone, searchPage, type FoundInstance } from './response.js'
import { isInstanceId } from './target-inputs.js'

/** Statuses a cancel can still stop: INIT, RUNNING, SUSPEND, WAIT, READY, RERUN. */
export const ACTIVE_STATUSES: readonly number[] = [0, 2, 3, 5, 6, 9]
/** Scheduling types: manual, periodic, temporary. */
export const SCHEDULING_TYPES: readonly number[] = [0, 1, 2]

const HOUR_MS = 3_600_000
/**
 * How far the gateway's clock may be from the runner's and be used: the widest window Alibaba
 * gives a request's timestamp (31 minutes), the rule the delete's sweep holds its service to too.
 */
const CLOCK_AGREEMENT_MS = 31 * 60_000

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
 * The gateway's clock and zone, read once a run (Get Current Time, Get Time Zone): EnOS time
 * strings name no zone, and the docs' samples show triggerTime and startTime 8 hours apart, so an
 * instance's age is its startTime read in the gateway's zone, against the gateway's now.
 */
export interface GatewayClock {
  /** The gateway's time when it was read, and the run's clock then. */
  serverNow: number
  readAt: number
  zone: string
  zoneMinutes: number
}

/** Where a run keeps the gateway's clock once read (a second search after Disable Flow reuses it). */
export interface ClockHolder {
  clock?: GatewayClock
}

async function readGatewayClock(
  client: BatchProcessingClient
): Promise<{ ok: true; value: GatewayClock } | { ok: false; outcome: SelectOutcome & { ok: false } }> {
  const failed = (action: string, outcome: CallOutcome<unknown>, message: string) => ({
    ok: false as const,
    outcome: {
      ok: false as const,
      interrupted: outcome.interrupted,
      failure: runFailureOf(action, outcome.result.ok ? notReadable(message) : outcome.result.failure, {
        message: `reading the gateway's clock for running-longer-than failed: ${outcome.result.ok ? message : outcome.result.failure.message}; nothing was changed`,
        hint: outcome.result.ok
          ? "running-longer-than is measured on the gateway's clock and zone (Get Current Time, Get Time Zone): check 'apigw-url', or leave running-longer-than out."
          : hintForEnosError(outcome.result.failure.code, action)
      })
    }
  })
  const now = await client.serverTime('getCurrentTime')
  if (!now.result.ok) return failed('GetCurrentTime', now, '')
  const serverNow = now.result.value.data
  if (typeof serverNow !== 'number' || !Number.isFinite(serverNow) || serverNow <= 0) {
    return failed(
      'GetCurrentTime',
      now,
      `Get Current Time answered ${describeAnswer(serverNow)}, not epoch milliseconds`
    )
  }
  const readAt = client.now()
  // Trusted only near the runner's own: a clock far off would make every age, and the window, wrong.
  if (Math.abs(serverNow - readAt) > CLOCK_AGREEMENT_MS) {
    return {
      ok: false,
      outcome: {
        ok: false,
        interrupted: false,
        failure: {
          action: 'GetCurrentTime',
          code: 'ClockDisagrees',
          message: `Get Current Time says ${new Date(serverNow).toISOString()}, more than 31 minutes from the runner's clock (${new Date(readAt).toISOString()}): ages cannot be measured on a clock that one of them has wrong; nothing was changed`,
          hint: "Check the gateway's clock and the runner's (NTP). running-longer-than is measured on the gateway's clock; without it, the search needs no clock but the runner's."
        }
      }
    }
  }
  const zoneAnswer = await client.serverTime('getTimeZone')
  if (!zoneAnswer.result.ok) return failed('GetTimeZone', zoneAnswer, '')
  const data = zoneAnswer.result.value.data
  const zone = data && typeof data === 'object' ? (data as Record<string, unknown>)['timezone'] : undefined
  const zoneMinutes = typeof zone === 'string' ? parseGmtZone(zone) : undefined
  if (typeof zone !== 'string' || zoneMinutes === undefined) {
    return failed('GetTimeZone', zoneAnswer, `Get Time Zone answered ${describeAnswer(zone)}, not a zone such as GMT+8`)
  }
  return { ok: true, value: { serverNow, readAt, zone, zoneMinutes } }
}

function notReadable(message: string) {
  return { code: 'InvalidResponse', message, transience: 'permanent' as const, mayHaveLanded: false }
}

/** A value from the gateway in a message: its type, or a short JSON of it. */
function describeAnswer(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length <= 40 ? text : `a ${typeof value} of ${text.length} characters`
}

/** The gateway's time, as "2026-12-04 00:15:00 GMT+8". */
function gatewayTime(ms: number, clock: GatewayClock): string {
  return `${new Date(ms + clock.zoneMinutes * 60_000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '')} ${clock.zone}`
}

/** The time an instance id carries (`2438-201908081020`, `2809-20190812080700`), read in the gateway's zone. */
function idTime(instanceId: string, zoneMinutes: number): number | undefined {
  const m = /^\d+-(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(instanceId)
  return m ? parseEnosTime(`${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6] ?? '00'}`, zoneMinutes) : undefined
}

/**
 * running-longer-than over a flow's active instances: the targets, each kept one with its reason,
 * and those measured from their trigger time. An instance cannot start before it was triggered: a
 * startTime that reads earlier than its triggerTime (or the time in its id) was written in another
 * zone (the Get Flow Instance sample's startTime is 8 hours before its triggerTime under GMT+8), so
 * the later of them is its start; one triggered within the rule is never a target.
 */
function narrowByAge(
  active: readonly FoundInstance[],
  rule: { ms: number; text: string },
  clock: GatewayClock,
  gatewayNow: number
): { targets: string[]; kept: Map<string, string[]>; fromTrigger: string[] } {
  const targets: string[] = []
  const fromTrigger: string[] = []
  const kept = new Map<string, string[]>()
  const keep = (reason: string, id: string) => {
    const ids = kept.get(reason)
    if (ids) ids.push(id)
    else kept.set(reason, [id])
  }
  for (const instance of active) {
    const id = instance.instanceId
    const started = instance.startTime === undefined ? undefined : parseEnosTime(instance.startTime, clock.zoneMinutes)
    if (started === undefined) {
      keep(instance.startTime === undefined ? 'with no startTime' : 'with an unreadable startTime', id)
      continue
    }
    const triggers = [
      instance.triggerTime === undefined ? undefined : parseEnosTime(instance.triggerTime, clock.zoneMinutes),
      idTime(id, clock.zoneMinutes)
    ].filter((t): t is number => t !== undefined)
    const triggered = triggers.length > 0 ? Math.max(...triggers) : undefined
    const early = triggered !== undefined && started < triggered
    if (early) fromTrigger.push(id)
    const since = early ? triggered : started
    if (gatewayNow - since > rule.ms) targets.push(id)
    else keep(`${early ? 'triggered' : 'started'} within ${rule.text}`, id)
  }
  return { targets, kept, fromTrigger }
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
