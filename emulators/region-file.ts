/**
 * A region for the emulators from a JSON file, for trying workflows by hand (npm run emulator --
 * --region file.json): Serverless Workflow flows with their times, definitions, schedules and
 * executions, and EnOS flows with their instances. Checked as it is read: a file that says
 * something the emulators cannot hold is refused, naming where.
 */
import type { EnosEmulator } from './enos-emulator.js'
import type { ExecutionStatus, FnfEmulator } from './fnf-emulator.js'

export interface RegionFile {
  fnf?: {
    flows: {
      name: string
      /** ISO 8601 times; created defaults to now, modified to created. */
      createdTime?: string
      lastModifiedTime?: string
      definition?: string
      description?: string
      type?: string
      resourceGroupId?: string
      schedules?: { name: string; cronExpression?: string; payload?: string; enable?: boolean; description?: string }[]
      executions?: { name: string; status?: ExecutionStatus }[]
    }[]
  }
  enos?: {
    flows: {
      id: number
      /** false: the flow starts disabled (paused). */
      active?: boolean
      instances?: {
        id: string
        /** RUNNING (the default), WAIT, SUCCESS, CANCEL, … as the API names them. */
        status?: string
        /** ISO 8601: when it was triggered (default now); it started a few seconds later. */
        triggerTime?: string
      }[]
    }[]
  }
}

const EXECUTION_STATUSES: readonly ExecutionStatus[] = [
  'Starting',
  'Running',
  'Stopped',
  'Succeeded',
  'Failed',
  'TimedOut'
]
const INSTANCE_STATUSES: Record<string, number> = {
  FAIL: -1,
  INIT: 0,
  SUCCESS: 1,
  RUNNING: 2,
  SUSPEND: 3,
  INTERNAL_ERROR: 4,
  WAIT: 5,
  READY: 6,
  TIMEOUT: 7,
  CANCEL: 8,
  RERUN: 9,
  SKIP: 10
}

function fail(where: string, what: string): never {
  throw new Error(`region file: ${where} ${what}`)
}

function time(where: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) fail(where, `is not an ISO 8601 time: ${JSON.stringify(value)}`)
  return ms
}

/** Parses `text` and loads it into the emulators; returns what it loaded, counted. */
export function loadRegion(
  text: string,
  { fnf, enos }: { fnf?: FnfEmulator; enos?: EnosEmulator }
): { flows: number; schedules: number; executions: number; enosFlows: number; instances: number } {
  let region: RegionFile
  try {
    region = JSON.parse(text) as RegionFile
  } catch (error) {
    throw new Error(`region file: not JSON (${error instanceof Error ? error.message : String(error)})`, {
      cause: error
    })
  }
  const counts = { flows: 0, schedules: 0, executions: 0, enosFlows: 0, instances: 0 }
  for (const [i, flow] of (region.fnf?.flows ?? []).entries()) {
    const where = `fnf.flows[${i}]`
    if (!fnf) fail(where, 'needs the fnf emulator')
    if (typeof flow.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_-]{0,127}$/.test(flow.name)) {
      fail(`${where}.name`, `is not a flow name: ${JSON.stringify(flow.name)}`)
    }
    const created = time(`${where}.createdTime`, flow.createdTime)
    const modified = time(`${where}.lastModifiedTime`, flow.lastModifiedTime)
    const fields = {
      ...(flow.definition !== undefined ? { Definition: flow.definition } : {}),
      ...(flow.description !== undefined ? { Description: flow.description } : {}),
      ...(flow.type !== undefined ? { Type: flow.type } : {}),
      ...(flow.resourceGroupId !== undefined ? { ResourceGroupId: flow.resourceGroupId } : {})
    }
    fnf.addFlow(flow.name, Object.keys(fields).length > 0 ? fields : undefined, {
      ...(created !== undefined ? { created } : {}),
      ...(modified !== undefined ? { modified } : {})
    })
    counts.flows++
    for (const [j, schedule] of (flow.schedules ?? []).entries()) {
      if (typeof schedule.name !== 'string' || schedule.name === '') fail(`${where}.schedules[${j}].name`, 'is missing')
      const { name, cronExpression, ...more } = schedule
      fnf.addSchedule(flow.name, name, cronExpression, more)
      counts.schedules++
    }
    for (const [j, execution] of (flow.executions ?? []).entries()) {
      const status = execution.status ?? 'Running'
      if (!EXECUTION_STATUSES.includes(status)) {
        fail(`${where}.executions[${j}].status`, `must be one of ${EXECUTION_STATUSES.join(', ')}`)
      }
      fnf.addExecution(flow.name, execution.name, status)
      counts.executions++
    }
  }
  for (const [i, flow] of (region.enos?.flows ?? []).entries()) {
    const where = `enos.flows[${i}]`
    if (!enos) fail(where, 'needs the EnOS emulator')
    if (!Number.isInteger(flow.id) || flow.id <= 0) fail(`${where}.id`, 'must be a positive whole number')
    enos.addFlow(flow.id, { active: flow.active ?? true })
    counts.enosFlows++
    for (const [j, instance] of (flow.instances ?? []).entries()) {
      const at = `${where}.instances[${j}]`
      if (typeof instance.id !== 'string' || !instance.id.startsWith(`${flow.id}-`)) {
        fail(`${at}.id`, `must be an instance id of flow ${flow.id}, such as ${flow.id}-201908081020`)
      }
      const status = INSTANCE_STATUSES[instance.status ?? 'RUNNING']
      if (status === undefined) fail(`${at}.status`, `must be one of ${Object.keys(INSTANCE_STATUSES).join(', ')}`)
      const triggerTime = time(`${at}.triggerTime`, instance.triggerTime)
      enos.addInstance(instance.id, { status, flowId: flow.id, ...(triggerTime !== undefined ? { triggerTime } : {}) })
      counts.instances++
    }
  }
  return counts
}
