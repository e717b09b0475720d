/**
 * flow-name-pattern: every flow of the region listed with ListFlows (every page: the service may
 * answer fewer flows than Limit and still have more), matched against the patterns on our side,
 * then narrowed by the sweep's rules (exclude-pattern, resource-group, older-than,
 * unchanged-for). Every listed flow is accounted for: it did not match, a rule kept it (and which),
 * or it is a target. Only targets are held with their fields; the rest are counted and named.
 * A listed name that cannot be a flow's is never a target (a service's answer is untrusted).
 */
import { formatTime } from '../../config/ages.js'
import { mapOutcome, type AttemptFailure, type CallOutcome } from '../../http/attempt.js'
import { stringField } from '../../http/body.js'
import { readAllPages, type Page } from '../../http/paging.js'
import type { Progress, SelectOutcome } from '../contract.js'
import { NO_RECORDS, type Recorder } from '../../report/manifest.js'
import { runFailureOf } from '../../report/results.js'
import { NAMES_IN_LINE, plural } from '../../report/wording.js'
import { RESPONSE_TOO_LARGE } from '../../http/failures.js'
import type { FnfClient } from './client.js'
import { hintForAlibabaError } from './errors.js'
import { GlobMatcher } from './glob.js'
import { LIST_FLOWS_LIMIT } from './request.js'
import { rpcPage } from './response.js'
import { FlowSweep, KeptFlows } from './sweep.js'
import { isFlowName, type SweepRules } from './target-inputs.js'

/** What each pattern matched: how many, and the first few names; a note per pattern. */
export class PatternTally {
  private readonly byPattern: Map<string, { count: number; names: string[] }>
  constructor(patterns: readonly string[]) {
    this.byPattern = new Map(patterns.map((pattern) => [pattern, { count: 0, names: [] }]))
  }

  add(name: string, matching: readonly string[]): void {
    for (const pattern of matching) {
      const entry = this.byPattern.get(pattern)!
      entry.count++
      if (entry.names.length < NAMES_IN_LINE) entry.names.push(name)
    }
  }

  notes(listed: number, location: string): string[] {
    return [...this.byPattern].map(([pattern, { count, names }]) =>
      count === 0
        ? `flow-name-pattern '${pattern}' matched no flow among the ${plural(listed, 'flow')} of ${location}`
        : `flow-name-pattern '${pattern}' matched ${plural(count, 'flow')}: ${names.join(', ')}${count > names.length ? ` and ${count - names.length} more` : ''}`
    )
  }
}

/**
 * The service accepts a request only when its timestamp is close to the service's clock: "valid
 * for 31 minutes", the widest window the docs give
 * (https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism). An accepted answer
 * whose Date header is further than that from the time the request was signed with did not come
 * from that clock (a proxy's, say); ages measured on it could select flows that are not old, so the
 * listing fails instead.
 */
const ACCEPTED_SKEW_MS = 31 * 60_000

function clockDisagreement(
  told: number | undefined,
  signedWith: number
): { ok: false; failure: AttemptFailure } | undefined {
  if (told === undefined || Math.abs(told - signedWith) <= ACCEPTED_SKEW_MS) return undefined
  return {
    ok: false,
    failure: {
      code: 'ClockDisagrees',
      message: `the answer's Date header says ${formatTime(told)}, more than 31 minutes from ${formatTime(signedWith)}, the time the service accepted the request with; ages cannot be measured on that clock`,
      transience: 'permanent',
      mayHaveLanded: false
    }
  }
}

/** What selecting needs beyond the client: the patterns and rules, where, and the run's parts. */
export interface FlowSelection {
  patterns: readonly string[]
  sweep: SweepRules
  location: string
  dryRun: boolean
  /** Each target as ListFlows described it: the manifest keeps it before the flow is changed. */
  described?: Map<string, Record<string, unknown>>
  record?: Recorder
}

export async function selectFlows(
  client: FnfClient,
  { patterns, sweep: rules, location, dryRun, described = new Map(), record = NO_RECORDS }: FlowSelection,
  progress: Progress
): Promise<SelectOutcome> {
  const matcher = new GlobMatcher(patterns)
  const tally = new PatternTally(patterns)
  const sweep = new FlowSweep(rules)
  const kept = new KeptFlows()
  const targets: string[] = []
  const seen = new Set<string>()
  let strange = 0
  let limit = LIST_FLOWS_LIMIT
  const smaller: string[] = []
  /** Each flow of a page, once: a target is held; anything else is counted, named, and dropped. */
  const take = (flow: Record<string, unknown>): void => {
    const name = stringField(flow, 'Name') ?? ''
    if (!isFlowName(name)) {
      strange++
      return
    }
    if (seen.has(name)) return
    seen.add(name)
    const matching = matcher.matching(name)
    tally.add(name, matching)
    if (matching.length === 0) return
    const verdict = sweep.judge(name, flow)
    if (verdict !== undefined) return kept.add(verdict, name)
    targets.push(name)
    described.set(name, flow)
  }
  const readPage = async (
    cursor: string | undefined,
    page: number
  ): Promise<CallOutcome<Page<Record<string, unknown>>>> => {
    let spent = { attempts: 0, throttled: 0 }
    for (;;) {
      progress.doing(`listing the flows of ${location} (ListFlows, page ${page})`)
      const outcome = await client.listFlows(cursor, {
        limit,
        ...(rules.resourceGroup ? { resourceGroupId: rules.resourceGroup } : {})
      })
      const failure = outcome.result.ok ? undefined : outcome.result.failure
      spent = { attempts: spent.attempts + outcome.attempts, throttled: spent.throttled + outcome.throttled }
      // Large definitions make a page too large to read: the same page, asked for with half the Limit.
      if (failure?.code === RESPONSE_TOO_LARGE && limit > 1 && !outcome.interrupted) {
        limit = Math.max(1, Math.floor(limit / 2))
        smaller.push(`page ${page}`)
        continue
      }
      return mapOutcome({ ...outcome, ...spent }, (success) => {
        const untrustedClock = sweep.measuresAge
          ? clockDisagreement(success.serviceTime, client.serviceNow())
          : undefined
        if (untrustedClock) return untrustedClock
        sweep.measureAt(success.serviceTime, client.serviceNow())
        const flows = rpcPage(success, 'Flows')
        if (flows.ok) {
          for (const flow of flows.value.items) take(flow)
          progress.found(targets)
        }
        return flows
      })
    }
  }
  const listing = await readAllPages<Record<string, unknown>>(readPage, {
    what: 'ListFlows',
    key: (flow) => stringField(flow, 'Name'),
    keep: () => false,
    now: () => client.now()
  })
  if (!listing.result.ok) {
    const failure = listing.result.failure
    const hint = hintForAlibabaError(failure.code, 'ListFlows')
    return {
      ok: false,
      interrupted: listing.interrupted,
      failure: runFailureOf('ListFlows', failure, {
        message: `listing the flows of ${location} failed on page ${listing.pages}: ${failure.message}; nothing was changed`,
        hint
      })
    }
  }
  kept.record(record)
  const group = rules.resourceGroup ? ` of resource group ${rules.resourceGroup}` : ''
  const unmatched = seen.size - targets.length - kept.count
  return {
    ok: true,
    value: {
      targets,
      notes: [
        `ListFlows: ${plural(seen.size, 'flow')}${group} in ${location}, read in ${plural(listing.pages, 'page')} (${plural(listing.attempts, 'request')})`,
        ...(smaller.length > 0
          ? [
              `ListFlows: pages too large to read were asked for again with a smaller Limit (down to ${limit} flows a page)`
            ]
          : []),
        ...(strange > 0
          ? [
              `ListFlows answered ${strange} ${strange === 1 ? 'entry' : 'entries'} without a valid flow name; they were left alone`
            ]
          : []),
        ...sweep.clockNotes(),
        ...tally.notes(seen.size, location),
        ...kept.notes(dryRun),
        ...(kept.count > 0 || sweep.measuresAge
          ? [
              `Every listed flow accounted for: ${plural(seen.size, 'flow')} = ${unmatched} matching no pattern + ${kept.count} kept + ${targets.length} to ${dryRun ? 'be deleted' : 'delete'}`
            ]
          : [])
      ]
    }
  }
}
