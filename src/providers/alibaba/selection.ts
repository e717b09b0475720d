/**
 * flow-name-pattern: every flow of the region listed with ListFlows (every page: the service may
 * answer fewer flows than Limit and still have more), matched against the patterns on our side.
 * A listed name that cannot be a flow's is never a target (a service's answer is untrusted).
 */
import { mapOutcome } from '../../http/attempt.js'
import { stringField } from '../../http/body.js'
import { readAllPages } from '../../http/paging.js'
import type { Progress, SelectOutcome } from '../contract.js'
import { runFailureOf } from '../../report/results.js'
import { namesWithMore, plural } from '../../report/wording.js'
import type { FnfClient } from './client.js'
import { hintForAlibabaError } from './errors.js'
import { GlobMatcher } from './glob.js'
import { rpcPage } from './response.js'
import { isFlowName } from './target-inputs.js'

/** The flows, in listing order, whose names match any pattern; with a note per pattern. */
export function matchFlows(
  patterns: readonly string[],
  names: readonly string[],
  location: string,
  { matcher = new GlobMatcher(patterns), matched }: { matcher?: GlobMatcher; matched?: ReadonlySet<string> } = {}
): { targets: string[]; notes: string[] } {
  // One pass over the names, each matched against the compiled patterns once; a name the listing
  // already found to match none (`matched` says which did) is not matched again.
  const byPattern = new Map<string, string[]>(patterns.map((pattern) => [pattern, []]))
  const targets: string[] = []
  for (const name of names) {
    const matching = !matched || matched.has(name) ? matcher.matching(name) : []
    if (matching.length > 0) targets.push(name)
    for (const pattern of matching) byPattern.get(pattern)!.push(name)
  }
  const notes = [...byPattern].map(([pattern, matched]) => {
    return matched.length === 0
      ? `flow-name-pattern '${pattern}' matched no flow among the ${plural(names.length, 'flow')} of ${location}`
      : `flow-name-pattern '${pattern}' matched ${plural(matched.length, 'flow')}: ${namesWithMore(matched)}`
  })
  return { targets, notes }
}

export async function selectFlows(
  client: FnfClient,
  patterns: readonly string[],
  location: string,
  progress: Progress,
  /** Each matching flow as ListFlows described it: the manifest keeps it before the flow is changed. */
  described: Map<string, Record<string, unknown>> = new Map()
): Promise<SelectOutcome> {
  const matcher = new GlobMatcher(patterns)
  const matched = new Set<string>()
  const listing = await readAllPages<Record<string, unknown>>(
    async (cursor, page) => {
      progress.doing(`listing the flows of ${location} (ListFlows, page ${page})`)
      return mapOutcome(await client.listFlows(cursor), (success) => {
        const flows = rpcPage(success, 'Flows')
        if (flows.ok) {
          for (const flow of flows.value.items) {
            const name = stringField(flow, 'Name') ?? ''
            if (!isFlowName(name) || !matcher.matchesAny(name)) continue
            matched.add(name)
            described.set(name, flow)
          }
          progress.found([...matched])
        }
        return flows
      })
    },
    { what: 'ListFlows', key: (flow) => stringField(flow, 'Name') }
  )
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
  const listed = listing.result.value.map((flow) => stringField(flow, 'Name') ?? '')
  const valid = listed.filter(isFlowName)
  const names = [...new Set(valid)]
  const strange = listed.length - valid.length
  const { targets, notes } = matchFlows(patterns, names, location, { matcher, matched })
  return {
    ok: true,
    value: {
      targets,
      notes: [
        `ListFlows: ${plural(names.length, 'flow')} in ${location}, read in ${plural(listing.pages, 'page')} (${plural(listing.attempts, 'request')})`,
        ...(strange > 0
          ? [
              `ListFlows answered ${strange} ${strange === 1 ? 'entry' : 'entries'} without a valid flow name; they were left alone`
            ]
          : []),
        ...notes
      ]
    }
  }
}
