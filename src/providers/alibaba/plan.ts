/**
 * A reviewed plan: operation delete with `from-manifest` naming a dry run's manifest deletes the
 * flows of that plan and nothing else. Each flow's Id and LastModifiedTime, as the dry run read
 * them, are checked against the flow just before its first change (delete-flow.ts); a flow that
 * changed since is left alone. Refused before anything is sent: a manifest that is not a dry run
 * of a delete, or a plan without what the check needs.
 */
import { describeValue, InputError, parseBoolean, type InputSource } from '../../config/input-rules.js'
import { targetHistories } from '../../report/manifest-read.js'
import { firstNames, plural } from '../../report/wording.js'
import { FROM_MANIFEST, loadManifest } from '../manifest-input.js'
import { manifestRegion } from './endpoint.js'
import { SWEEP_INPUTS } from './declared.js'
import { isFlowName, type FlowTargets } from './target-inputs.js'

/**
 * A flow as the plan found it: its Id and LastModifiedTime as the service sent them, and the
 * schedules it would delete with it (when the plan deletes schedules); or gone.
 */
export type PlannedFlow = { id: string; lastModifiedTime: string; schedules?: string[] } | { gone: true }

export const DELETE_SCHEDULES = 'delete-schedules'
export const STOP_EXECUTIONS = 'stop-executions'

export interface ReviewedPlan {
  path: string
  /** Where the plan was made (the run is refused anywhere else): its region ('' when not a region's public endpoint), its endpoint as recorded. */
  region: string
  endpoint: string
  /** Its flows, in the plan's order. */
  flows: Map<string, PlannedFlow>
  /** What the plan removes with each flow, as it was made (and so as it is applied). */
  removes: { deleteSchedules: boolean; stopExecutions: boolean }
}

/** How many names an error about a plan's flows gives. */
const NAMED = 5

/** The plan `from-manifest` names, checked; undefined when the input is empty. */
export function reviewedPlan(source: InputSource): ReviewedPlan | undefined {
  const manifest = loadManifest(source, 'a reviewed plan (operation delete)')
  if (!manifest) return undefined
  const { header } = manifest
  const file = describeValue(manifest.path)
  if (header.provider !== 'alibaba' || header.operation !== 'delete' || !header.dryRun) {
    const what = header.dryRun ? `a dry run of ${header.operation}` : `the manifest of a ${header.operation} that ran`
    throw new InputError(
      FROM_MANIFEST,
      `with operation 'delete' must be a plan (the manifest of a dry run of delete); ${file} is ${what}${header.operation === 'delete' && !header.dryRun ? ": to undo that run, use operation 'restore'" : ''}`
    )
  }
  const removes = header.removes
  const deleteSchedules = removes?.[DELETE_SCHEDULES]
  const stopExecutions = removes?.[STOP_EXECUTIONS]
  if (typeof deleteSchedules !== 'boolean' || typeof stopExecutions !== 'boolean') {
    throw new InputError(
      FROM_MANIFEST,
      `is a plan that does not record its delete-schedules and stop-executions (${file}), so what its reviewer saw removed with each flow is not known: make a new plan with this version of flow-ops`
    )
  }
  const flows = new Map<string, PlannedFlow>()
  const unchecked: string[] = []
  for (const history of targetHistories(manifest)) {
    if (!isFlowName(history.name)) {
      throw new InputError(
        FROM_MANIFEST,
        `names a flow that is not a valid flow name (${file}): ${describeValue(history.name)}`
      )
    }
    const service = history.found?.service
    const id = service?.['Id']
    const lastModifiedTime = service?.['LastModifiedTime']
    if (history.found?.gone) flows.set(history.name, { gone: true })
    else if (typeof id === 'string' && typeof lastModifiedTime === 'string') {
      // The schedules the reviewer saw go with the flow; one added since is drift.
      const schedules = deleteSchedules
        ? (history.dependents.get('schedules') ?? []).map((s) => String(s['ScheduleName'] ?? ''))
        : undefined
      flows.set(history.name, { id, lastModifiedTime, ...(schedules ? { schedules } : {}) })
    } else unchecked.push(history.name)
  }
  if (unchecked.length > 0) {
    throw new InputError(
      FROM_MANIFEST,
      `is a plan whose flows ${firstNames(unchecked, NAMED)} have no Id and LastModifiedTime to check before they are deleted (${file}): a dry run of flow-name alone reads nothing. Make the plan with flow-name-pattern (a name without wildcards matches that flow alone), which reads every flow it plans`
    )
  }
  return {
    path: manifest.path,
    region: manifestRegion(header.location, header.endpoint),
    endpoint: header.endpoint,
    flows,
    removes: { deleteSchedules, stopExecutions }
  }
}

/** The plan's flows as the run's targets; a selector given beside it is refused, since the plan alone says what goes. */
export function planTargets(source: InputSource, plan: ReviewedPlan): FlowTargets {
  // The rules of a sweep chose the plan's flows when it was made; applied again they could change it.
  for (const input of ['flow-name', 'flow-name-pattern', ...SWEEP_INPUTS]) {
    if (source.read(input) !== '') {
      throw new InputError(
        input,
        `cannot be given with from-manifest: a reviewed plan deletes exactly its own flows (${plan.flows.size} in ${describeValue(plan.path)}); leave '${input}' out, or make a new plan`
      )
    }
  }
  const { runUrl } = source
  return {
    flowNames: [...plan.flows.keys()],
    flowNamePatterns: [],
    deleteSchedules: asPlanned(source, DELETE_SCHEDULES, plan.removes.deleteSchedules, plan, 'schedules'),
    stopExecutions: asPlanned(source, STOP_EXECUTIONS, plan.removes.stopExecutions, plan, 'running executions'),
    ...(runUrl ? { runUrl } : {}),
    sweep: { excludePatterns: [] }
  }
}

/**
 * delete-schedules or stop-executions when a plan is applied: always the plan's own value, so
 * that nothing goes that its reviewer did not see go. `true` where the plan has false is refused;
 * `false` (the default, which the runner passes when the input is left out) where the plan has
 * true means "as the plan", and the log says so.
 */
function asPlanned(source: InputSource, input: string, planned: boolean, plan: ReviewedPlan, what: string): boolean {
  const given = parseBoolean(input, source.read(input))
  if (given && !planned) {
    throw new InputError(
      input,
      `is true, but the plan ${describeValue(plan.path)} was made with ${input}: false, so its reviewer saw no ${what} removed with its flows. Leave '${input}' out to apply the plan as it was made, or make a new plan with ${input}: true and have it reviewed`
    )
  }
  return planned
}

/** What the log and the summary say of a plan applied. */
export function planNotes(plan: ReviewedPlan): string[] {
  const removes = `${DELETE_SCHEDULES}: ${plan.removes.deleteSchedules} and ${STOP_EXECUTIONS}: ${plan.removes.stopExecutions}`
  if (plan.flows.size === 0) {
    return [`The reviewed plan ${describeValue(plan.path)} holds no flows: there is nothing to delete`]
  }
  return [
    `Applying the reviewed plan ${describeValue(plan.path)}: ${plural(plan.flows.size, 'flow')}, each checked against the plan just before its first change, with ${removes} as the plan was made`
  ]
}
