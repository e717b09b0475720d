/**
 * The backups of flows given by name, read from ListFlows pages when that costs fewer calls than
 * one DescribeFlow each (https://www.alibabacloud.com/help/en/serverless-workflow/latest/api-fnf-2019-03-15-listflows:
 * each item carries the fields DescribeFlow gives, the definition included, up to 999 a page).
 * The region's size is not known in advance, so the choice is made as the pages come: the
 * listing goes on while each page read has found at least one named flow on average (were the
 * named flows spread over the region, the pages left would then cost no more than the names
 * left); else the rest are read one by one. A listing read to its end also says which named
 * flows are gone. Nothing here is needed: a listing refused (a policy without fnf:ListFlows) or
 * failed only means DescribeFlow, as before.
 */
import { stringField } from '../../http/body.js'
import type { FnfClient } from './client.js'
import { rpcPage } from './response.js'

/** What ListFlows said of the named flows: each one it listed, and those it shows are gone. */
export interface NamedFlows {
  listed: Map<string, Record<string, unknown>>
  /** Named flows a listing read to its end does not hold. */
  gone: Set<string>
}

/** Below this many names a listing's first page cannot cost less than a DescribeFlow each. */
const MIN_NAMES_FOR_LISTING = 2

/** The named flows as ListFlows describes them, in as few calls as it takes; each page one call. */
export async function readNamedFlows(client: FnfClient, names: readonly string[]): Promise<NamedFlows> {
  const wanted = new Set(names)
  const listed = new Map<string, Record<string, unknown>>()
  const none: NamedFlows = { listed, gone: new Set() }
  if (wanted.size < MIN_NAMES_FOR_LISTING) return none
  const cursors = new Set<string>()
  let cursor: string | undefined
  for (let pages = 1; !client.cancelled(); pages++) {
    const outcome = await client.listFlows(cursor)
    const page = outcome.result.ok ? rpcPage(outcome.result.value, 'Flows') : outcome.result
    if (!page.ok) {
      client.logger.info(
        `ListFlows ${page.failure.code === 'AccessDenied' ? 'was refused (AccessDenied: the policy has no fnf:ListFlows, which a teardown by name never needed)' : `failed (${page.failure.code})`}: each named flow's backup is read with DescribeFlow instead`
      )
      return none
    }
    for (const flow of page.value.items) {
      const name = stringField(flow, 'Name')
      if (name !== undefined && wanted.has(name) && !listed.has(name)) listed.set(name, flow)
    }
    const { next } = page.value
    if (next === undefined) {
      const gone = new Set(names.filter((name) => !listed.has(name)))
      client.logger.info(
        `Backups of the named flows read from ListFlows (${pages} ${pages === 1 ? 'page' : 'pages'}, the whole region): ${listed.size} found${gone.size > 0 ? `, ${gone.size} not there` : ''}`
      )
      return { listed, gone }
    }
    // Every named flow found, or the pages cost more than they find: the rest one by one.
    if (listed.size === wanted.size || pages > listed.size || cursors.has(next)) {
      client.logger.info(
        `Backups of ${listed.size} of ${wanted.size} named flows read from ListFlows (${pages} ${pages === 1 ? 'page' : 'pages'})${listed.size < wanted.size ? '; the others with DescribeFlow' : ''}`
      )
      return none
    }
    cursors.add(next)
    cursor = next
  }
  return none
}
