/**
 * Which flows operation: delete works on, and what it removes with each: flow-name (names),
 * flow-name-pattern (globs over every flow of the region), delete-schedules and stop-executions.
 */
import {
  CONTROL_CHARACTERS,
  describeValue,
  InputError,
  parseBoolean,
  parseNamedOrSelected,
  parseTargets,
  type InputSource
} from '../../config/input-rules.js'
import { parseAgeInput, type AgeRule } from '../../config/ages.js'
import { GLOB_PATTERN, GlobMatcher, MAX_PATTERN_LENGTH } from './glob.js'

/**
 * What narrows a pattern's matches (a nightly sweep): each rule keeps some of the flows the
 * patterns matched, and says which and why.
 */
export interface SweepRules {
  /** older-than: only flows whose CreatedTime is before this. */
  olderThan?: AgeRule
  /** unchanged-for: only flows whose LastModifiedTime is before this. */
  unchangedFor?: AgeRule
  /** exclude-pattern: a flow whose name matches one is never touched. */
  excludePatterns: string[]
  /** resource-group: ListFlows' ResourceGroupId, and only flows that say they are in it. */
  resourceGroup?: string
}

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
  sweep: SweepRules
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

/** A glob of flow-name-pattern or exclude-pattern: flow-name characters and the two wildcards. */
function validatePattern(input: string, pattern: string, line: number): void {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new InputError(
      input,
      `line ${line} is ${pattern.length} characters long; a pattern is at most ${MAX_PATTERN_LENGTH}`
    )
  }
  if (!GLOB_PATTERN.test(pattern)) {
    throw new InputError(
      input,
      `line ${line} is not a pattern flow-ops accepts: ${describeValue(pattern)}; a flow name holds only letters, digits, _ and -, so use those and the wildcards * (any run of characters) and ? (one character), such as ${input === 'exclude-pattern' ? 'prod-*' : 'pr-42-*'}`
    )
  }
}

export function validateFlowNamePattern(pattern: string, line: number): void {
  validatePattern('flow-name-pattern', pattern, line)
}

/** A pattern of wildcards alone with a `*` (`*`, `**`, `?*`): it matches every flow of the region (or all but the shortest). */
export function isWildcardOnly(pattern: string): boolean {
  return /^[*?]*\*[*?]*$/.test(pattern)
}

/** A resource group id, such as rg-aek2z3n4ylsaxia. */
const RESOURCE_GROUP_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/

/** older-than, unchanged-for, exclude-pattern and resource-group, checked against the targets they narrow. */
function parseSweepRules(source: InputSource, flowNames: readonly string[], patterns: readonly string[]): SweepRules {
  const now = (source.now ?? Date.now)()
  const olderThan = parseAgeInput('older-than', source.read('older-than'), now)
  const unchangedFor = parseAgeInput('unchanged-for', source.read('unchanged-for'), now)
  const excludePatterns = parseTargets(source, 'exclude-pattern', {
    noun: 'pattern',
    validate: (pattern, line) => validatePattern('exclude-pattern', pattern, line)
  })
  const resourceGroup = source.read('resource-group').trim()
  if (resourceGroup !== '' && !RESOURCE_GROUP_PATTERN.test(resourceGroup)) {
    throw new InputError(
      'resource-group',
      `must be a resource group id such as rg-aek2z3n4ylsaxia; got ${describeValue(resourceGroup)}`
    )
  }
  if (patterns.length === 0) {
    const narrowing = [
      ...(olderThan ? ['older-than'] : []),
      ...(unchangedFor ? ['unchanged-for'] : []),
      ...(resourceGroup ? ['resource-group'] : [])
    ]
    if (narrowing.length > 0) {
      throw new InputError(
        narrowing[0]!,
        // Never suggest a wider pattern here: the run named flows, and a fix must not reach past them.
        `narrows what flow-name-pattern selects, and no flow-name-pattern is given (flows named in flow-name are never narrowed: they were named, and each is deleted whatever its age). To delete only those of the named flows that ${narrowing[0] === 'resource-group' ? 'are in the group' : 'are old'}, give the same names as flow-name-pattern instead of flow-name (a name without wildcards matches that flow alone); or leave '${narrowing[0]}' out`
      )
    }
  }
  const wide = patterns.find(isWildcardOnly)
  if (wide !== undefined && !olderThan && !unchangedFor && !resourceGroup) {
    throw new InputError(
      'flow-name-pattern',
      `'${wide}' matches every flow of the region, so it is refused on its own. Narrow it: by name (pr-*), by age (older-than: 14d or unchanged-for: 30d), or by resource-group`
    )
  }
  if (excludePatterns.length > 0 && flowNames.length > 0) {
    const excluded = new GlobMatcher(excludePatterns)
    const both = flowNames.filter((name) => excluded.matchesAny(name))
    if (both.length > 0) {
      throw new InputError(
        'exclude-pattern',
        `excludes ${both.map((name) => `'${name}'`).join(', ')}, which flow-name names: a flow cannot be both deleted and kept. Take it out of one of them`
      )
    }
  }
  return {
    ...(olderThan ? { olderThan } : {}),
    ...(unchangedFor ? { unchangedFor } : {}),
    excludePatterns,
    ...(resourceGroup ? { resourceGroup } : {})
  }
}

export function parseFlowTargets(source: InputSource): FlowTargets {
  const { selected: flowNamePatterns, named: flowNames } = parseNamedOrSelected(
    source,
    { input: 'flow-name-pattern', noun: 'pattern', validate: validateFlowNamePattern },
    {
      input: 'flow-name',
      noun: 'flow',
      validate: validateFlowName,
      whenMissing: "with operation 'delete': the name of the flow to delete, one per line (or give flow-name-pattern)"
    }
  )
  const { runUrl } = source
  return {
    flowNames,
    flowNamePatterns,
    deleteSchedules: parseBoolean('delete-schedules', source.read('delete-schedules')),
    stopExecutions: parseBoolean('stop-executions', source.read('stop-executions')),
    ...(runUrl ? { runUrl } : {}),
    sweep: parseSweepRules(source, flowNames, flowNamePatterns)
  }
}
