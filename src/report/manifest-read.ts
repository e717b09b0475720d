/**
 * A manifest read back (from-manifest): its text checked line by line against the shapes the
 * writer (manifest.ts) makes, since a manifest is an artifact that another job may have written or
 * edited; and each target's history gathered from its records.
 */
import {
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  type ManifestHeader,
  type ManifestRecord,
  type RedactedItem,
  type TargetChange,
  type TargetEnded,
  type TargetFound
} from './manifest.js'

/** A manifest read back: its header, its records in order, and whether it was cut short. */
export interface ReadManifest {
  header: ManifestHeader
  records: Exclude<ManifestRecord, ManifestHeader>[]
  /** The last line was not whole, or the run never wrote its end: the records stop where it was killed. */
  cutShort: boolean
}

/** A manifest read back from its text, or why the text is not one this version can read. */
export function readManifest(text: string): ReadManifest | { problem: string } {
  // The text after the last line break is a line cut short (or nothing).
  const whole = text.split('\n').slice(0, -1)
  const partial = !text.endsWith('\n') && text !== ''
  const parsed: unknown[] = []
  for (const [index, line] of whole.entries()) {
    try {
      parsed.push(JSON.parse(line))
    } catch {
      return { problem: `line ${index + 1} is not JSON` }
    }
  }
  const header = parsed[0] as Partial<ManifestHeader> | undefined
  if (!isObject(header) || header.format !== MANIFEST_FORMAT)
    return { problem: 'it does not start with a flow-ops manifest header' }
  if (header.version !== MANIFEST_VERSION) {
    return {
      problem: `it is version ${JSON.stringify(header.version) ?? 'undefined'}; this flow-ops reads version ${MANIFEST_VERSION}`
    }
  }
  const malformed = headerProblem(header)
  if (malformed) return { problem: `its header ${malformed}` }
  const records = parsed.slice(1) as Exclude<ManifestRecord, ManifestHeader>[]
  for (const [index, record] of records.entries()) {
    const problem = recordProblem(record)
    if (problem) return { problem: `line ${index + 2} ${problem}` }
  }
  const ended = records.at(-1)?.type === 'end'
  return { header: header as ManifestHeader, records, cutShort: partial || !ended }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** What is wrong with a header's fields (a file edited by hand, or not written by flow-ops), if anything. */
function headerProblem(header: Partial<ManifestHeader>): string | undefined {
  for (const key of ['operation', 'provider', 'location', 'endpoint'] as const) {
    if (typeof header[key] !== 'string') return `has no ${key}`
  }
  if (typeof header.dryRun !== 'boolean') return 'does not say whether it was a dry run'
  if (!isObject(header.selectors)) return 'has no selectors'
  if (
    header.removes !== undefined &&
    !(isObject(header.removes) && Object.values(header.removes).every((v) => typeof v === 'boolean'))
  ) {
    return 'says what it removes other than as true or false'
  }
  return undefined
}

const RECORD_TYPES = new Set(['target', 'dependents', 'change', 'result', 'kept', 'end'])

/** What is wrong with a record's shape, if anything: the fields every reader relies on. */
function recordProblem(record: unknown): string | undefined {
  if (!isObject(record) || typeof record['type'] !== 'string' || !RECORD_TYPES.has(record['type'])) {
    return 'is not a manifest record'
  }
  if (record['type'] === 'end') return undefined
  if (record['type'] === 'kept') {
    const names = record['names']
    return typeof record['rule'] === 'string' && Array.isArray(names) && names.every((n) => typeof n === 'string')
      ? undefined
      : 'is a kept record without a rule or a list of names'
  }
  if (typeof record['name'] !== 'string') return `is a ${record['type']} record without a name`
  if (record['type'] === 'target' && record['service'] !== undefined && !isObject(record['service'])) {
    return 'is a target record whose service fields are not an object'
  }
  if (record['type'] === 'dependents' && !(Array.isArray(record['items']) && record['items'].every(isObject))) {
    return 'is a dependents record whose items are not a list of objects'
  }
  const redacted = record['redacted']
  if (redacted !== undefined) {
    const fieldList = (value: unknown) => Array.isArray(value) && value.every((f) => typeof f === 'string')
    const fine =
      record['type'] === 'target'
        ? fieldList(redacted)
        : record['type'] === 'dependents' &&
          Array.isArray(redacted) &&
          redacted.every((r) => isObject(r) && Number.isInteger(r['index']) && fieldList(r['fields']))
    if (!fine) return `is a ${record['type']} record whose redacted fields are not a list of names`
  }
  if (record['type'] === 'change' && (typeof record['action'] !== 'string' || typeof record['outcome'] !== 'string')) {
    return 'is a change record without an action or an outcome'
  }
  return undefined
}

/** Everything a manifest says of one target, gathered from its records in order. */
export interface TargetHistory {
  name: string
  /** Its last `target` record: what it was when found (absent when the run never described it). */
  found?: Omit<TargetFound, 'type' | 'name'>
  /** Its dependents by kind, as last listed. */
  dependents: Map<string, Record<string, unknown>[]>
  /** Of those, by kind, the items with fields written as *** (never to be written back). */
  redactedDependents: Map<string, RedactedItem[]>
  changes: Omit<TargetChange, 'type' | 'name'>[]
  /** Its result, when the run got that far. */
  result?: Omit<TargetEnded, 'type' | 'name'>
}

/** Each target of a manifest with everything recorded of it, in the order they first appear. */
export function targetHistories(manifest: Pick<ReadManifest, 'records'>): TargetHistory[] {
  const histories = new Map<string, TargetHistory>()
  const of = (name: string) => {
    let history = histories.get(name)
    if (!history) {
      history = { name, dependents: new Map(), redactedDependents: new Map(), changes: [] }
      histories.set(name, history)
    }
    return history
  }
  for (const record of manifest.records) {
    if (record.type === 'end' || record.type === 'kept') continue
    const { type: _type, name, ...rest } = record
    const history = of(name)
    if (record.type === 'target') history.found = rest as Omit<TargetFound, 'type' | 'name'>
    else if (record.type === 'dependents') {
      history.dependents.set(record.kind, record.items)
      history.redactedDependents.set(record.kind, record.redacted ?? [])
    } else if (record.type === 'change') history.changes.push(rest as Omit<TargetChange, 'type' | 'name'>)
    else history.result = rest as Omit<TargetEnded, 'type' | 'name'>
  }
  return [...histories.values()]
}
