/**
 * Which flow instances operation: cancel works on: flow-instance-id (ids), flow-id (every active
 * instance of a flow within lookback-hours), and disable-flow.
 */
import {
  describeValue,
  InputError,
  parseBoolean,
  parseInteger,
  parseNamedOrSelected,
  type InputSource
} from '../../config/input-rules.js'
import { parseAgeInput, type AgeRule } from '../../config/ages.js'

export interface InstanceTargets {
  /** flow-instance-id: the instances named, in input order. */
  instanceIds: string[]
  /** flow-id: flows whose active instances are targets too. */
  flowIds: number[]
  /** How far back (in trigger time) to look for a flow's active instances. */
  lookbackHours: number
  /** Disable each flow-id's flow (Disable Flow) before cancelling, so its scheduler starts no new instance. */
  disableFlow: boolean
  /** running-longer-than: only flow-id's instances that started longer ago than this, on the gateway's clock. */
  runningLongerThan?: AgeRule & { kind: 'duration' }
}

/** Instance ids look like 2438-201908081020 (<flowId>-<trigger time>); anything URL- and header-safe is let through. */
const INSTANCE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/
/** Flow ids are the docs' Integer: positive, at most 2^31 - 1. */
const MAX_FLOW_ID = 2_147_483_647

export function isInstanceId(id: string): boolean {
  return INSTANCE_ID_PATTERN.test(id)
}

export function validateInstanceId(id: string, line: number): void {
  if (!isInstanceId(id)) {
    throw new InputError(
      'flow-instance-id',
      `line ${line} is not a flow instance id: ${describeValue(id)}; an id such as 2438-201908081020 has up to 128 letters, digits, '-', '_', '.' or ':'`
    )
  }
}

export function validateFlowId(id: string, line: number): void {
  if (!/^[1-9]\d{0,9}$/.test(id) || Number(id) > MAX_FLOW_ID) {
    throw new InputError(
      'flow-id',
      `line ${line} is not a flow id: ${describeValue(id)}; a flow id is a positive whole number such as 2438 (the number before the '-' in its instances' ids)`
    )
  }
}

export function parseInstanceTargets(source: InputSource): InstanceTargets {
  const { selected: flowIds, named: instanceIds } = parseNamedOrSelected(
    source,
    { input: 'flow-id', noun: 'flow', validate: validateFlowId },
    {
      input: 'flow-instance-id',
      noun: 'flow instance',
      validate: validateInstanceId,
      whenMissing:
        "with operation 'cancel': the id of the flow instance to cancel (such as 2438-201908081020), one per line (or give flow-id)"
    }
  )
  const lookbackHours = parseInteger('lookback-hours', source.read('lookback-hours'), {
    min: 1,
    max: 8760,
    fallback: 168
  })
  const runningLongerThan = parseAgeInput('running-longer-than', source.read('running-longer-than'), 0, {
    durationOnly: true
  }) as (AgeRule & { kind: 'duration' }) | undefined
  if (runningLongerThan && flowIds.length === 0) {
    throw new InputError(
      'running-longer-than',
      'narrows what flow-id selects, and no flow-id is given (instances named in flow-instance-id are never narrowed: they were named). Give flow-id'
    )
  }
  if (runningLongerThan && runningLongerThan.ms >= lookbackHours * 3_600_000) {
    throw new InputError(
      'running-longer-than',
      `is ${runningLongerThan.text}, not shorter than lookback-hours (${lookbackHours} h): flow-id finds only instances triggered within lookback-hours, so none could have run that long. Raise lookback-hours above it`
    )
  }
  const disableFlow = parseBoolean('disable-flow', source.read('disable-flow'))
  if (disableFlow && flowIds.length === 0) {
    // Ignored, it would leave the scheduler starting instances while the step said it disabled nothing.
    throw new InputError(
      'disable-flow',
      "disables the flows flow-id names, and no flow-id is given (an instance named in flow-instance-id does not name its flow for sure). Give flow-id: the number before the '-' in the instance id, such as 2438 for 2438-201908081020"
    )
  }
  return {
    instanceIds,
    flowIds: flowIds.map(Number),
    lookbackHours,
    disableFlow,
    ...(runningLongerThan ? { runningLongerThan } : {})
  }
}
