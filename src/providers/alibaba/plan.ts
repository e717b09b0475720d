/**
 * A reviewed plan: operation delete with `from-manifest` naming a dry run's manifest deletes the
 * flows of that plan and nothing else. Each flow's Id and LastModifiedTime, as the dry run read
 * them, are checked against the flow just before its first change (delete-flow.ts); a flow that
 * changed since is left alone. Refused before anything is sent: a manifest that is not a dry run
 * of a delete, or a plan without what the check needs.
 */
import { describeValue, InputError, parseBoolean, type InputSource } from '../../config/input-rules.js'
import { targetHistories } from '../../report/manifest.js'
import { firstNames } from '../../report/wording.js'
import { FROM_MANIFEST, loadManifest } from '../manifest-input.js'
import { manifestRegion } from './endpoint.js'
import { isFlowName, SWEEP_INPUTS, type FlowTargets } from './target-inputs.js'

/** A flow as the plan found it: its Id and LastModifiedTime as the service sent them, or gone. */
export type PlannedFlow = { id: string; lastModifiedTime: string } | { gone: true }

export interface ReviewedPlan {
  path: string
  /** Where the plan was made (the run is refused anywhere else): its region ('' when not a region's public endpoint), its endpoint as recorded. */
  region: string
  endpoint: string
  /** Its flows, in the plan's order. */
  flows: Map<string, PlannedFlow>
}

/** How many names an error about a plan's flows gives. */
const NAMED = 5

/** The plan `from-manifest` names, checked; undefined when the input is empty. */
export function reviewedPlan(source: InputSource): ReviewedPlan | undefined {
  const manifest = loadManifest(source)
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
    else if (typeof id === 'string' && typeof lastModifiedTime === 'string')
      flows.set(history.name, { id, lastModifiedTime })
    else unchecked.push(history.name)
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
    flows
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
    deleteSchedules: parseBoolean('delete-schedules', source.read('delete-schedules')),
    stopExecutions: parseBoolean('stop-executions', source.read('stop-executions')),
    ...(runUrl ? { runUrl } : {}),
    sweep: { excludePatterns: [] }
  }
}
