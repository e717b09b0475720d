/**
 * A flow's dependents as the service lists them, every page: its schedules (ListSchedules) and its
 * executions still to stop (ListExecutions, Starting then Running), with the items as sent for
 * the manifest; and how a listing's redacted fields are named.
 */
import { mapOutcome, type CallOutcome } from '../../http/attempt.js'
import { stringField } from '../../http/body.js'
import { readAllPages, type Listing } from '../../http/paging.js'
import type { FnfClient } from './client.js'
import { rpcPage, type RpcSuccess } from './response.js'

/** A listing of names, with the items they came from as the service sent them (for the manifest). */
export type NamedListing = Listing<string> & { records: Record<string, unknown>[] }

/** Every name under `nameKey` of a listing's items (items without one are not ours to touch). */
async function listNames(
  read: (nextToken: string | undefined) => Promise<CallOutcome<RpcSuccess>>,
  itemsKey: string,
  nameKey: string,
  what: string
): Promise<NamedListing> {
  const listing = await readAllPages<Record<string, unknown>>(
    async (cursor) => mapOutcome(await read(cursor), (success) => rpcPage(success, itemsKey)),
    { what, key: (item) => stringField(item, nameKey) }
  )
  const names = (items: Record<string, unknown>[]) => [
    ...new Set(items.map((item) => stringField(item, nameKey)).filter((n): n is string => !!n))
  ]
  return {
    ...listing,
    read: names(listing.read),
    records: listing.read.filter((item) => stringField(item, nameKey)),
    result: listing.result.ok ? { ok: true, value: names(listing.result.value) } : listing.result
  }
}

/** Each redacted field of a listing's items, in words: "schedule 'nightly' Payload". */
export function redactedItems(
  noun: string,
  items: Record<string, unknown>[],
  redacted: readonly { index: number; fields: string[] }[]
): string[] {
  return redacted.flatMap(({ index, fields }) => {
    const item = items[index] ?? {}
    const name = stringField(item, 'ScheduleName') ?? stringField(item, 'Name') ?? `#${index + 1}`
    return fields.map((field) => `${noun} '${name}' ${field}`)
  })
}

/** A flow's schedules, every page. */
export function listSchedules(client: FnfClient, flow: string): Promise<NamedListing> {
  return listNames((token) => client.listSchedules(flow, token), 'Schedules', 'ScheduleName', 'ListSchedules')
}

/** The statuses of an execution that StopExecution can still stop, in the order they are listed. */
export const ACTIVE_EXECUTION_STATUSES = ['Starting', 'Running'] as const

/**
 * A flow's executions that are still to stop: Starting, then Running, every page of each
 * (ListExecutions takes one Status). Starting first, so that one which starts running between the
 * two listings is found by the second.
 */
export async function listActiveExecutions(client: FnfClient, flow: string): Promise<NamedListing> {
  let joined: NamedListing | undefined
  for (const status of ACTIVE_EXECUTION_STATUSES) {
    const listing = await listNames(
      (token) => client.listExecutions(flow, status, token),
      'Executions',
      'Name',
      `ListExecutions (${status})`
    )
    joined = joined ? joinListings(joined, listing) : listing
    if (!listing.result.ok) return joined
  }
  return joined!
}

/**
 * Two listings read one after the other, as one: their names together, the second's ending; its
 * pages are both's, or when the second failed the page that one failed on.
 */
function joinListings(first: NamedListing, second: NamedListing): NamedListing {
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])]
  return {
    ...second,
    records: [...first.records, ...second.records],
    attempts: first.attempts + second.attempts,
    throttled: first.throttled + second.throttled,
    pages: second.result.ok ? first.pages + second.pages : second.pages,
    read: union(first.read, second.read),
    result: second.result.ok ? { ok: true, value: union(first.read, second.result.value) } : second.result
  }
}
