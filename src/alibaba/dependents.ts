/**
 * What hangs off a flow, removed before DeleteFlow in dependency order: first its schedules (so
 * none starts a new execution), then its running executions, then the flow. Each listing reads
 * every page; each removal that finds its object already gone counts as done; the first failure
 * stops the flow's teardown, so that DeleteFlow is never sent over something left half-done.
 */
import { counted, mapOutcome, type CallOutcome, type CallTally } from '../attempt.js'
import type { Logger } from '../logger.js'
import { readAllPages, type Listing } from '../paging.js'
import { plural } from '../wording.js'
import { stringField } from '../http/body.js'
import type { FnfClient } from './client.js'
import { rpcPage, type RpcSuccess } from './response.js'
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

/** Why a flow's teardown stopped before DeleteFlow. */
export interface DependentStop {
  /** The call that failed (ListSchedules, DeleteSchedule, ListExecutions, StopExecution). */
  action: string
  /** What it was about: "schedule 'nightly'"; empty for a listing. */
  subject: string
  outcome: CallOutcome<unknown>
}

/** How removing a flow's dependents ended: done (or the flow is already gone), or stopped. */
export interface DependentsOutcome {
  found: Dependents
  /** Something was removed: a stop afterwards leaves the flow partly torn down. */
  changed: boolean
  stop?: DependentStop
}

const failedWith = (outcome: CallOutcome<unknown>, ...codes: string[]) =>
  !outcome.result.ok && codes.includes(outcome.result.failure.code)

/** Every name under `nameKey` of a listing's items (items without one are not ours to touch). */
async function listNames(
  read: (nextToken: string | undefined) => Promise<CallOutcome<RpcSuccess>>,
  itemsKey: string,
  nameKey: string,
  what: string
): Promise<Listing<string>> {
  const listing = await readAllPages(
    async (cursor) => mapOutcome(await read(cursor), (success) => rpcPage(success, itemsKey)),
    { what }
  )
  if (!listing.result.ok) return { ...listing, result: listing.result }
  const names = listing.result.value.map((item) => stringField(item, nameKey)).filter((n): n is string => !!n)
  return { ...listing, result: { ok: true, value: [...new Set(names)] } }
}

/** A flow's schedules, every page. */
export function listSchedules(client: FnfClient, flow: string): Promise<Listing<string>> {
  return listNames((token) => client.listSchedules(flow, token), 'Schedules', 'ScheduleName', 'ListSchedules')
}

/** A flow's running executions, every page. */
export function listRunningExecutions(client: FnfClient, flow: string): Promise<Listing<string>> {
  return listNames((token) => client.listExecutions(flow, 'Running', token), 'Executions', 'Name', 'ListExecutions')
}

interface DependentKind {
  list: (client: FnfClient, flow: string) => Promise<Listing<string>>
  listAction: string
  removeAction: string
  noun: string
  remove: (client: FnfClient, flow: string, name: string) => Promise<CallOutcome<RpcSuccess>>
  /** Codes that mean the object is already gone or ended: done. */
  goneCodes: string[]
  done: string
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
    done: 'deleted'
  },
  executions: {
    list: listRunningExecutions,
    listAction: 'ListExecutions',
    removeAction: 'StopExecution',
    noun: 'running execution',
    remove: (client, flow, name) => client.stopExecution(flow, name, stopCause(flow, runUrl), STOP_ERROR_CODE),
    goneCodes: ['ExecutionNotExists', 'ExecutionAlreadyCompleted'],
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

type Listed = { names: string[]; flowGone: boolean; stop?: DependentStop }

/** Lists one kind of dependent. A flow that is already gone has none left; DeleteFlow's own answer decides. */
async function listKind(kind: DependentKind, client: FnfClient, flow: string, tally: CallTally): Promise<Listed> {
  const listing = counted(tally, await kind.list(client, flow))
  if (listing.result.ok) return { names: listing.result.value, flowGone: false }
  const outcome = { ...listing, earlierAttemptMayHaveLanded: false }
  if (failedWith(outcome, 'FlowNotExists')) return { names: [], flowGone: true }
  return { names: [], flowGone: false, stop: { action: kind.listAction, subject: '', outcome } }
}

type Removal = Listed & { removed: number }

/** Lists one kind of dependent and removes each; stops at the first failure. */
async function removeAll(
  kind: DependentKind,
  client: FnfClient,
  flow: string,
  tally: CallTally,
  logger: Logger
): Promise<Removal> {
  const listed = await listKind(kind, client, flow, tally)
  if (listed.flowGone || listed.stop) return { ...listed, removed: 0 }
  const { names } = listed
  let removed = 0
  for (const name of names) {
    const outcome = counted(tally, await kind.remove(client, flow, name))
    if (outcome.result.ok || failedWith(outcome, ...kind.goneCodes)) {
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
    logger.info(`Flow '${flow}': ${kind.done} ${plural(removed, kind.noun)} (${names.join(', ')})`)
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
  tally: CallTally
): Promise<DependentsOutcome> {
  const found: Dependents = {}
  let changed = false
  for (const [kind, key] of wantedKinds(settings)) {
    const removal = await removeAll(kind, client, flow, tally, client.deps.logger)
    found[key] = removal.names
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
  tally: CallTally
): Promise<{ found: Dependents; flowGone: boolean; stop?: DependentStop }> {
  const found: Dependents = {}
  for (const [kind, key] of wantedKinds(settings)) {
    const listed = await listKind(kind, client, flow, tally)
    if (listed.flowGone) return { found, flowGone: true }
    if (listed.stop) return { found, flowGone: false, stop: listed.stop }
    found[key] = listed.names
  }
  return { found, flowGone: false }
}
