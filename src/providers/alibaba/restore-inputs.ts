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
import { requireManifest, FROM_MANIFEST, type LoadedManifest } from '../manifest-input.js'
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

/** A delete's manifest, checked: from this provider, of a delete that ran (a dry run changed nothing). */
function deleteManifest(source: InputSource): LoadedManifest {
  const manifest = requireManifest(
    source,
    "with operation 'restore': the path of the manifest written by the run to undo (its 'manifest' output)"
  )
  const { header } = manifest
  const file = describeValue(manifest.path)
  if (header.operation !== 'delete') {
    throw new InputError(
      FROM_MANIFEST,
      `is the manifest of a ${header.operation} (${file}); a restore undoes a delete: give the manifest of the delete`
    )
  }
  if (header.dryRun) {
    throw new InputError(
      FROM_MANIFEST,
      `is a dry run's manifest (${file}): a dry run changed nothing, so there is nothing to restore. To apply that plan, use operation 'delete' with from-manifest`
    )
  }
  return manifest
}

/** The flows the restore narrows to: flow-name and flow-name-pattern over the manifest's flows, or all of them. */
function narrow(source: InputSource, flows: SavedFlow[], untouched: string[], file: string): SavedFlow[] {
  const names = parseTargets(source, 'flow-name', {
    noun: 'flow',
    whenMissing: '',
    validate: validateFlowName,
    optional: true
  })
  const patterns = parseTargets(source, 'flow-name-pattern', {
    noun: 'pattern',
    whenMissing: '',
    validate: validateFlowNamePattern,
    optional: true
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
  const manifest = deleteManifest(source)
  const file = describeValue(manifest.path)
  const { flows: restorable, untouched } = restorableFlows(manifest)
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
    `Restoring ${plural(chosen.length, 'flow')} of ${restorable.length} that the delete of ${header.startedAt} changed in ${header.location} (from-manifest ${file})`,
    ...(connection.endpoint.href !== from.endpoint
      ? [
          `The flows are restored in ${location} (${connection.endpoint.origin}), not where the manifest's run deleted them (${header.location}, ${describeValue(header.endpoint)}): 'region' or 'endpoint' says so`
        ]
      : []),
    ...(untouched.length > 0
      ? [
          `${plural(untouched.length, 'flow')} of the manifest the run did not change, left out: ${firstNames(untouched, NAMED)}`
        ]
      : []),
    ...(manifest.cutShort
      ? ['The manifest was cut short: what its run did after its last whole record is not known']
      : []),
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
        [FROM_MANIFEST]: [manifest.path],
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
