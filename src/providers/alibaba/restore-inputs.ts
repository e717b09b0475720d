/**
 * What a restore of a delete's manifest gives back: the flows the run changed, as the manifest
 * saved them (with the fields it could not save and the Id the flow had), narrowed by flow-name and
 * flow-name-pattern, and where the run goes (the workflow's own endpoint or region, never one the
 * manifest names: inputs.ts).
 */
import { describeValue, InputError, parseTargets, type InputSource } from '../../config/input-rules.js'
import type { SettingsScope } from '../../config/settings.js'
import { targetHistories, type TargetHistory } from '../../report/manifest-read.js'
import { firstNames, plural } from '../../report/wording.js'
import { FROM_MANIFEST, manifestsToUndo, type LoadedManifest } from '../manifest-input.js'
import { flowLocation } from './endpoint.js'
import { redactedItems } from './dependent-listings.js'
import { manifestRegion } from './endpoint.js'
import { GlobMatcher } from './glob.js'
import { parseAlibabaConnection, type AlibabaConnection } from './inputs.js'
import { isFlowName, validateFlowName, validateFlowNamePattern } from './target-inputs.js'

/** One flow to create again, as the manifest saved it. */
export interface SavedFlow {
  name: string
  /** Its fields as ListFlows or DescribeFlow gave them; absent when the run read none (backup: false). */
  service?: Record<string, unknown>
  /** Its schedules as ListSchedules gave them. */
  schedules: Record<string, unknown>[]
  /** Saved fields that hold *** where a credential of the deleting run was: "Definition", "schedule 'nightly' Payload". */
  redacted?: string[]
  /** The Id the flow had when the run found it: a flow of this name with another Id is someone else's. */
  id?: string
  /**
   * The run's DeleteFlow may have landed (or the run was killed before it said): DeleteFlow is
   * asynchronous, so a flow with the saved Id may be the old one, still being deleted.
   */
  maybeDeleted: boolean
}

export interface AlibabaRestoreSettings extends AlibabaConnection {
  /** The flows to create again, in the manifest's order. */
  flows: Map<string, SavedFlow>
}

/** What a restore cannot bring back; in the log and the summary of each restore. */
export const NOT_RESTORED =
  'A restore cannot bring back: the flows’ and schedules’ Id, CreatedTime and LastModifiedTime (restored flows are new to the service, and to age rules), ExternalStorageLocation (no read returns it), versions and aliases, execution history, and the executions the teardown stopped.'

/** How many names a note gives. */
const NAMED = 10

/** A delete's change that counts as having touched the flow: it landed, or may have. */
function touched(history: TargetHistory): boolean {
  return history.changes.some((change) => change.outcome !== 'failed' && change.outcome !== 'present')
}

/**
 * The flows a delete's manifest can give back: each that the run changed, and each it found and
 * never finished with (killed mid-way: what was in flight is not recorded, so it may be gone).
 */
export function restorableFlows(manifest: Pick<LoadedManifest, 'records'>): {
  flows: SavedFlow[]
  untouched: string[]
} {
  const flows: SavedFlow[] = []
  const untouched: string[] = []
  for (const history of targetHistories(manifest)) {
    if (!touched(history) && history.result) {
      untouched.push(history.name)
      continue
    }
    const schedules = history.dependents.get('schedules') ?? []
    const redacted = [
      ...(history.found?.service ? (history.found.redacted ?? []) : []),
      ...redactedItems('schedule', schedules, history.redactedDependents.get('schedules') ?? [])
    ]
    const id = history.found?.service?.['Id']
    const deleteSent = history.changes.some((c) => c.action === 'DeleteFlow' && c.outcome !== 'failed')
    flows.push({
      name: history.name,
      ...(history.found?.service ? { service: history.found.service } : {}),
      schedules,
      maybeDeleted: deleteSent || !history.result,
      ...(redacted.length > 0 ? { redacted } : {}),
      ...(typeof id === 'string' && id !== '' ? { id } : {})
    })
  }
  return { flows, untouched }
}

/**
 * The deletes' manifests, checked: each of a delete that ran (a dry run changed nothing), all of
 * one place; oldest first (a teardown cut, then the run that finished it).
 */
function deleteManifests(source: InputSource): LoadedManifest[] {
  return manifestsToUndo(source, {
    operation: 'delete',
    undoes: 'a restore undoes a delete: give the manifest of the delete',
    dryRunHint: ". To apply that plan, use operation 'delete' with from-manifest"
  })
}

/**
 * What several deletes' manifests give back together: each flow once, from the oldest record that
 * holds its backup (the flow before any of those runs changed it), with every saved schedule once
 * (a run that finished a cut teardown saw the schedules the first had deleted already gone), the
 * Id it was last seen with, and whether any of the runs' DeleteFlow may have landed.
 */
export function unionOfRestorable(manifests: readonly Pick<LoadedManifest, 'records'>[]): {
  flows: SavedFlow[]
  untouched: string[]
} {
  const merged = new Map<string, SavedFlow>()
  const untouched = new Set<string>()
  for (const manifest of manifests) {
    const one = restorableFlows(manifest)
    for (const name of one.untouched) untouched.add(name)
    for (const flow of one.flows) {
      const earlier = merged.get(flow.name)
      merged.set(flow.name, earlier ? mergeSaved(earlier, flow) : flow)
    }
  }
  return { flows: [...merged.values()], untouched: [...untouched].filter((name) => !merged.has(name)) }
}

function mergeSaved(earlier: SavedFlow, later: SavedFlow): SavedFlow {
  const nameOf = (schedule: Record<string, unknown>) => String(schedule['ScheduleName'] ?? '')
  const saved = new Set(earlier.schedules.map(nameOf))
  const redacted = [...new Set([...(earlier.redacted ?? []), ...(later.redacted ?? [])])]
  const service = earlier.service ?? later.service
  const id = later.id ?? earlier.id
  return {
    name: earlier.name,
    ...(service ? { service } : {}),
    schedules: [...earlier.schedules, ...later.schedules.filter((schedule) => !saved.has(nameOf(schedule)))],
    maybeDeleted: earlier.maybeDeleted || later.maybeDeleted,
    ...(redacted.length > 0 ? { redacted } : {}),
    ...(id !== undefined ? { id } : {})
  }
}

/** The flows the restore narrows to: flow-name and flow-name-pattern over the manifest's flows, or all of them. */
function narrow(source: InputSource, flows: SavedFlow[], untouched: string[], file: string): SavedFlow[] {
  const names = parseTargets(source, 'flow-name', {
    noun: 'flow',
    validate: validateFlowName
  })
  const patterns = parseTargets(source, 'flow-name-pattern', {
    noun: 'pattern',
    validate: validateFlowNamePattern
  })
  if (names.length === 0 && patterns.length === 0) return flows
  const byName = new Map(flows.map((flow) => [flow.name, flow]))
  for (const name of names) {
    if (byName.has(name)) continue
    throw new InputError(
      'flow-name',
      untouched.includes(name)
        ? `names '${name}', which the run of ${file} did not change: there is nothing to restore of it`
        : `names '${name}', which is not among the flows ${file} can restore (${firstNames([...byName.keys()], 5)})`
    )
  }
  const matcher = new GlobMatcher(patterns)
  return flows.filter((flow) => names.includes(flow.name) || (patterns.length > 0 && matcher.matchesAny(flow.name)))
}

export function parseRestoreInputs(source: InputSource): { settings: AlibabaRestoreSettings; scope: SettingsScope } {
  const manifests = deleteManifests(source)
  const manifest = manifests[0]!
  const file = manifests.map((m) => describeValue(m.path)).join(', ')
  const { flows: restorable, untouched } = unionOfRestorable(manifests)
  for (const flow of restorable) {
    if (!isFlowName(flow.name)) {
      throw new InputError(
        FROM_MANIFEST,
        `names a flow that is not a valid flow name (${file}): ${describeValue(flow.name)}`
      )
    }
  }
  const chosen = narrow(source, restorable, untouched, file)
  const { header } = manifest
  const from = {
    region: manifestRegion(header.location, header.endpoint),
    endpoint: header.endpoint,
    file,
    purpose: 'restore the flows'
  }
  const connection = parseAlibabaConnection(source, from)
  const settings: AlibabaRestoreSettings = { ...connection, flows: new Map(chosen.map((flow) => [flow.name, flow])) }
  const location = flowLocation(settings)
  const notes = [
    `Restoring ${plural(chosen.length, 'flow')} of ${restorable.length} that the ${manifests.length === 1 ? 'delete' : 'deletes'} of ${manifests.map((m) => m.header.startedAt).join(', ')} changed in ${header.location} (from-manifest ${file})`,
    ...(connection.endpoint.href !== from.endpoint
      ? [
          `The flows are restored in ${location} (${connection.endpoint.origin}), not where the manifest's run deleted them (${header.location}, ${describeValue(header.endpoint)}): 'region' or 'endpoint' says so`
        ]
      : []),
    ...(untouched.length > 0
      ? [
          `${plural(untouched.length, 'flow')} of the ${manifests.length === 1 ? 'manifest the run' : 'manifests no run'} did not change, left out: ${firstNames(untouched, NAMED)}`
        ]
      : []),
    ...manifests
      .filter((m) => m.cutShort)
      .map((m) =>
        manifests.length === 1
          ? 'The manifest was cut short: what its run did after its last whole record is not known'
          : `The manifest ${describeValue(m.path)} was cut short: what its run did after its last whole record is not known`
      ),
    NOT_RESTORED
  ]
  return {
    settings,
    scope: {
      serviceUrls:
        connection.auth.kind === 'oidc'
          ? [connection.endpoint, connection.auth.role.stsEndpoint]
          : [connection.endpoint],
      location,
      targets: chosen.map((flow) => flow.name),
      selectors: {
        [FROM_MANIFEST]: manifests.map((m) => m.path),
        'flow-name': parseLinesOf(source, 'flow-name'),
        'flow-name-pattern': parseLinesOf(source, 'flow-name-pattern')
      },
      dryRunNotes: [],
      notes
    }
  }
}

function parseLinesOf(source: InputSource, input: string): string[] {
  return source
    .read(input)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}
