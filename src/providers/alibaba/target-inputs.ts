/**
 * Which flows operation: delete works on, and what it removes with each: flow-name (names),
 * flow-name-pattern (globs over every flow of the region), delete-schedules and stop-executions.
 */
import {
  CONTROL_CHARACTERS,
  describeValue,
  InputError,
  parseBoolean,
  parseTargets,
  type InputSource
} from '../../config/input-rules.js'
import { GLOB_PATTERN, MAX_PATTERN_LENGTH } from './glob.js'

export interface FlowTargets {
  /** flow-name: the flows named, in input order. */
  flowNames: string[]
  /** flow-name-pattern: globs; every flow of the region whose name matches one is a target too. */
  flowNamePatterns: string[]
  /** Delete each flow's schedules (ListSchedules, DeleteSchedule) before DeleteFlow. */
  deleteSchedules: boolean
  /** Stop each flow's running executions (ListExecutions, StopExecution) before DeleteFlow. */
  stopExecutions: boolean
  /** This workflow run's page, named in StopExecution's Cause when known. */
  runUrl?: string
}

export const MAX_FLOW_NAME_LENGTH = 128
/** Serverless Workflow's documented naming rule. */
const FLOW_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/

/** Whether a name can be a flow's: what flow-name accepts, and what a listing's names are held to. */
export function isFlowName(name: string): boolean {
  return name.length <= MAX_FLOW_NAME_LENGTH && FLOW_NAME_PATTERN.test(name)
}

export function validateFlowName(name: string, line: number): void {
  const where = `line ${line}`
  if (CONTROL_CHARACTERS.test(name)) {
    throw new InputError(
      'flow-name',
      `${where} contains a control character (${describeValue(name)}); flow names are letters, digits, _ and -`
    )
  }
  if (name.length > MAX_FLOW_NAME_LENGTH) {
    throw new InputError(
      'flow-name',
      `${where} is ${name.length} characters long; flow names are at most ${MAX_FLOW_NAME_LENGTH}`
    )
  }
  if (!FLOW_NAME_PATTERN.test(name)) {
    throw new InputError(
      'flow-name',
      `${where} is not a valid flow name: ${describeValue(name)}; a flow name starts with a letter or _ and has only letters, digits, _ and -`
    )
  }
}

export function validateFlowNamePattern(pattern: string, line: number): void {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new InputError(
      'flow-name-pattern',
      `line ${line} is ${pattern.length} characters long; a pattern is at most ${MAX_PATTERN_LENGTH}`
    )
  }
  if (!GLOB_PATTERN.test(pattern)) {
    throw new InputError(
      'flow-name-pattern',
      `line ${line} is not a pattern flow-ops accepts: ${describeValue(pattern)}; use letters, digits, _, - and the wildcards * (any run of characters) and ? (one character), such as pr-42-*`
    )
  }
}

export function parseFlowTargets(source: InputSource): FlowTargets {
  const flowNamePatterns = parseTargets(source, 'flow-name-pattern', {
    noun: 'pattern',
    whenMissing: '',
    validate: validateFlowNamePattern,
    optional: true
  })
  const flowNames = parseTargets(source, 'flow-name', {
    noun: 'flow',
    whenMissing: "with operation 'delete': the name of the flow to delete, one per line (or give flow-name-pattern)",
    validate: validateFlowName,
    optional: flowNamePatterns.length > 0
  })
  const { runUrl } = source
  return {
    flowNames,
    flowNamePatterns,
    deleteSchedules: parseBoolean('delete-schedules', source.read('delete-schedules')),
    stopExecutions: parseBoolean('stop-executions', source.read('stop-executions')),
    ...(runUrl ? { runUrl } : {})
  }
}
