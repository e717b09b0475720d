/**
 * What hangs off a flow, removed before DeleteFlow in dependency order: first its schedules (so
 * none starts a new execution), then its running executions, then the flow. Each listing reads
 * every page; each removal that finds its object already gone counts as done; the first failure
 * stops the flow's teardown, so that DeleteFlow is never sent over something left half-done.
 */
import { counted, type AttemptFailure, type CallOutcome, type CallTally } from '../../http/attempt.js'
import { answerIds, changeOutcome, NO_RECORDS, type Recorder } from '../../report/manifest.js'
import type { TargetDetail } from '../../report/results.js'
import { plural } from '../../report/wording.js'
import { TRANSPORT_HINTS } from '../../http/failures.js'
import type { FnfClient } from './client.js'
import { listActiveExecutions, listSchedules, redactedItems, type NamedListing } from './dependent-listings.js'
import type { RpcSuccess } from './response.js'
import type { FlowTargets } from './target-inputs.js'

/** StopExecution's Error: a code that says who stopped the execution. */
export const STOP_ERROR_CODE = 'FlowOps.Teardown'

/** What was found hanging off a flow, and how much of it is gone. */
export interface Dependents {
  schedules?: string[]
  schedulesDeleted?: number
  executions?: string[]
  executionsStopped?: number
}

/** How the report shows each kind: its `results` keys, its summary column, its verbs. */
const DETAIL_OF = {
  schedules: { key: 'schedules', doneKey: 'schedulesDeleted', label: 'Schedules', verb: 'delete', past: 'deleted' },
  executions: {
    key: 'executions',
    doneKey: 'executionsStopped',
    label: 'Running executions',
    verb: 'stop',
    past: 'stopped'
  }
} as const

/** A flow's dependents as a result carries them: each kind that was listed, with how many are gone. */
export function dependentDetails(found: Dependents): { details?: TargetDetail[] } {
  const details: TargetDetail[] = []
  if (found.schedules)
    details.push({ ...DETAIL_OF.schedules, items: found.schedules, done: found.schedulesDeleted ?? 0 })
  if (found.executions)
    details.push({ ...DETAIL_OF.executions, items: found.executions, done: found.executionsStopped ?? 0 })
  return details.length > 0 ? { details } : {}
}

/** Why a flow's teardown stopped before DeleteFlow. */
export interface DependentStop {
  /** The call that failed (ListSchedules, DeleteSchedule, ListExecutions, StopExecution). */
  action: string
  /** What it was about: "schedule 'nightly'"; empty for a listing. */
  subject: string
  /** The call that failed: for a listing, its last page's call alone. */
  outcome: CallOutcome<unknown>
  /** For a listing: the page it stopped on. */
  page?: number
}

/** How removing a flow's dependents ended: done (or the flow is already gone), or stopped. */
export interface DependentsOutcome {
  found: Dependents
  /** Something was removed: a stop afterwards leaves the flow partly torn down. */
  changed: boolean
  stop?: DependentStop
  /** Dependents listed that a reviewed plan did not show (none of that kind was removed): the flow is left alone. */
  unseen?: { noun: string; names: string[] }
  /** Fields of schedules whose backup holds *** for a credential of the run (none was removed): the flow is left alone. */
  redacted?: string[]
}

/** Whether the call failed with one of `codes`. */
export const failedWith = (outcome: CallOutcome<unknown>, ...codes: string[]) =>
  !outcome.result.ok && codes.includes(outcome.result.failure.code)

interface DependentKind {
  list: (client: FnfClient, flow: string) => Promise<NamedListing>
  listAction: string
  removeAction: string
  noun: string
  remove: (client: FnfClient, flow: string, name: string) => Promise<CallOutcome<RpcSuccess>>
  /** Codes that mean the object is already gone or ended: done. */
  goneCodes: string[]
  /** Whether the object's end was answered in other words (another code with the same status and meaning). */
  goneInOtherWords: (failure: AttemptFailure) => boolean
  done: string
}

/** flow-ops' own codes for answers that are not the API's (a gateway's page, a transport fault). */
const NOT_API_CODES = new Set([...Object.keys(TRANSPORT_HINTS), 'FlowNotExists'])
const SAYS_NOT_FOUND = /not ?exists?|not ?found|does ?n[o']t exist|no such/i
const SAYS_ALREADY_ENDED = /already[ _-]?(completed|finished|stopped|ended|terminated|done)/i

/**
 * "Already gone", said with another code than the catalogue's: the API's own 404 whose code or
 * message says the object does not exist. The codes ScheduleNotExists, ExecutionNotExists and
 * ExecutionAlreadyCompleted come from the API's error tables, not from any SDK, so the meaning
 * is matched too.
 */
export function saysNotFound(failure: AttemptFailure): boolean {
  if (NOT_API_CODES.has(failure.code) || failure.httpStatus !== 404) return false
  return SAYS_NOT_FOUND.test(failure.code) || SAYS_NOT_FOUND.test(failure.message)
}

/** "Already finished", said with another code: the API's own 400 or 409 whose code or message says so. */
export function saysAlreadyEnded(failure: AttemptFailure): boolean {
  if (NOT_API_CODES.has(failure.code) || (failure.httpStatus !== 400 && failure.httpStatus !== 409)) return false
  return SAYS_ALREADY_ENDED.test(failure.code) || SAYS_ALREADY_ENDED.test(failure.message)
}

/** The Cause StopExecution records: who stopped the execution, and from which run. */
export function stopCause(flow: string, runUrl: string | undefined): string {
  return `Stopped by flow-ops: teardown of flow '${flow}'${runUrl ? ` in ${runUrl}` : ''}`
}

const kinds = (runUrl: string | undefined): { schedules: DependentKind; executions: DependentKind } => ({
  schedules: {
    list: listSchedules,
    listAction: 'ListSchedules',
    removeAction: 'DeleteSchedule',
    noun: 'schedule',
    remove: (client, flow, name) => client.deleteSchedule(flow, name),
    goneCodes: ['ScheduleNotExists'],
    goneInOtherWords: saysNotFound,
    done: 'deleted'
  },
  executions: {
    list: listActiveExecutions,
    listAction: 'ListExecutions',
    removeAction: 'StopExecution',
    noun: 'running execution',
    remove: (client, flow, name) => client.stopExecution(flow, name, stopCause(flow, runUrl), STOP_ERROR_CODE),
    goneCodes: ['ExecutionNotExists', 'ExecutionAlreadyCompleted'],
    goneInOtherWords: (failure) => saysNotFound(failure) || saysAlreadyEnded(failure),
    done: 'stopped'
  }
})

type DependentKey = 'schedules' | 'executions'

/** The kinds of dependent the settings ask to remove, in dependency order, each with the field it fills. */
function wantedKinds(
  settings: Pick<FlowTargets, 'deleteSchedules' | 'stopExecutions' | 'runUrl'>
): [DependentKind, DependentKey][] {
  const { schedules, executions } = kinds(settings.runUrl)
  const wanted: [DependentKind, DependentKey][] = []
  if (settings.deleteSchedules) wanted.push([schedules, 'schedules'])
  if (settings.stopExecutions) wanted.push([executions, 'executions'])
  return wanted
}

type Listed = { names: string[]; records?: Record<string, unknown>[]; flowGone: boolean; stop?: DependentStop }

/** Lists one kind of dependent. A flow that is already gone has none left; DeleteFlow's own answer decides. */
async function listKind(kind: DependentKind, client: FnfClient, flow: string, tally: CallTally): Promise<Listed> {
  const listing = counted(tally, await kind.list(client, flow))
  if (listing.result.ok) return { names: listing.result.value, records: listing.records, flowGone: false }
  // The stop names the page it stopped on, and that page's call alone: pages are not attempts.
  const outcome = { ...listing, ...listing.lastPage, earlierAttemptMayHaveLanded: false }
  if (failedWith(outcome, 'FlowNotExists')) return { names: [], flowGone: true }
  return { names: [], flowGone: false, stop: { action: kind.listAction, subject: '', outcome, page: listing.pages } }
}

type Removal = Listed & { removed: number; unseen?: string[]; redacted?: string[] }

/** Lists one kind of dependent and removes each; stops at the first failure. */
async function removeAll(
  [kind, key]: [DependentKind, DependentKey],
  client: FnfClient,
  flow: string,
  {
    tally,
    record,
    seen,
    keepRedacted
  }: { tally: CallTally; record: Recorder; seen: string[] | undefined; keepRedacted: boolean }
): Promise<Removal> {
  const listed = await listKind(kind, client, flow, tally)
  if (listed.flowGone || listed.stop) return { ...listed, removed: 0 }
  const { names } = listed
  const unseen = seen ? names.filter((name) => !seen.includes(name)) : []
  if (unseen.length > 0) return { ...listed, removed: 0, unseen }
  // On disk before the first of them is removed: what each was, as the service listed it.
  if (names.length > 0) {
    const redacted = redactedItems(kind.noun, listed.records ?? [], record.dependents(flow, key, listed.records ?? []))
    if (keepRedacted && redacted.length > 0) return { ...listed, removed: 0, redacted }
  }
  let removed = 0
  for (const name of names) {
    const outcome = counted(tally, await kind.remove(client, flow, name))
    const gone =
      !outcome.result.ok &&
      (failedWith(outcome, ...kind.goneCodes) ||
        (!failedWith(outcome, 'FlowNotExists') && kind.goneInOtherWords(outcome.result.failure)))
    record.changed(flow, {
      action: kind.removeAction,
      subject: `${kind.noun} '${name}'`,
      outcome: changeOutcome(outcome, gone),
      ...answerIds(outcome.result)
    })
    if (outcome.result.ok || gone) {
      removed++
      continue
    }
    if (failedWith(outcome, 'FlowNotExists')) return { names, removed, flowGone: true }
    return {
      names,
      removed,
      flowGone: false,
      stop: { action: kind.removeAction, subject: `${kind.noun} '${name}'`, outcome }
    }
  }
  if (names.length > 0) {
    client.logger.info(`Flow '${flow}': ${kind.done} ${plural(removed, kind.noun)} (${names.join(', ')})`)
  }
  return { names, removed, flowGone: false }
}

/**
 * Removes what settings ask for, in dependency order: schedules, then running executions. Stops
 * at the first failure, or once the flow itself turns out to be gone.
 */
export async function removeDependents(
  client: FnfClient,
  settings: Pick<FlowTargets, 'deleteSchedules' | 'stopExecutions' | 'runUrl'>,
  flow: string,
  {
    tally,
    record,
    seen = {},
    keepRedacted = false
  }: {
    tally: CallTally
    record: Recorder
    seen?: { schedules?: string[] }
    /** A schedule whose backup would hold *** keeps its flow from being torn down (backup: true). */
    keepRedacted?: boolean
  }
): Promise<DependentsOutcome> {
  const found: Dependents = {}
  let changed = false
  for (const [kind, key] of wantedKinds(settings)) {
    // Running executions come and go by themselves (each schedule tick starts one): only
    // schedules are held to what a reviewed plan showed.
    const removal = await removeAll([kind, key], client, flow, {
      tally,
      record,
      seen: key === 'schedules' ? seen.schedules : undefined,
      // Executions are never restored: only a schedule's redaction matters to a backup.
      keepRedacted: keepRedacted && key === 'schedules'
    })
    found[key] = removal.names
    if (removal.unseen) return { found, changed, unseen: { noun: kind.noun, names: removal.unseen } }
    if (removal.redacted) return { found, changed, redacted: removal.redacted }
    if (key === 'schedules') found.schedulesDeleted = removal.removed
    else found.executionsStopped = removal.removed
    changed ||= removal.removed > 0
    if (removal.stop || removal.flowGone) return { found, changed, ...(removal.stop ? { stop: removal.stop } : {}) }
  }
  return { found, changed }
}

/** dry-run: what removing the flow's dependents would remove, from the listings alone. */
export async function planDependents(
  client: FnfClient,
  settings: Pick<FlowTargets, 'deleteSchedules' | 'stopExecutions' | 'runUrl'>,
  flow: string,
  tally: CallTally,
  record: Recorder = NO_RECORDS
): Promise<{ found: Dependents; flowGone: boolean; stop?: DependentStop }> {
  const found: Dependents = {}
  for (const [kind, key] of wantedKinds(settings)) {
    const listed = await listKind(kind, client, flow, tally)
    if (listed.flowGone) return { found, flowGone: true }
    if (listed.stop) return { found, flowGone: false, stop: listed.stop }
    // The plan's manifest holds what a delete would remove, as listed now.
    if (listed.names.length > 0) record.dependents(flow, key, listed.records ?? [])
    found[key] = listed.names
  }
  return { found, flowGone: false }
}
