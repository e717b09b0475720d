/**
 * Reading a whole listing, page by page, whatever the service's paging: a token (Alibaba's
 * NextToken) or a page number (EnOS' pageNo). The listing ends only when the page says there is
 * no next one; a page shorter than asked for does not end it, and neither does any count of
 * pages. Bounded: a service that repeats a cursor (or comes back to an earlier one), answers pages
 * that bring nothing new, or has not ended after MAX_LISTING_MS is cut off by a guard, which says
 * why, instead of looping. Only the items `keep` takes are held: a sweep over a region reads every
 * flow but holds only its targets.
 */
import { counted, type AttemptResult, type CallOutcome, type CallTally } from './attempt.js'

/** One page: its items and the cursor of the next page (undefined: this was the last). */
export interface Page<T> {
  items: T[]
  next: string | undefined
}

/** A whole listing: every item, the pages read, the attempts spent; or the failure that stopped it. */
export interface Listing<T> extends CallTally {
  result: AttemptResult<T[]>
  /** Pages asked for, the last one (the one that failed, if one did) included. */
  pages: number
  /** The last page's call alone: what its own attempts were, apart from the pages before it. */
  lastPage: CallTally
  /** Every item kept before the listing ended or stopped (all it kept when it ended well). */
  read: T[]
  /** The guard stopped the listing (a loop, no end in sight): `read` is what could be read. */
  guarded: boolean
  /** The run was cancelled before the listing was complete. */
  interrupted: boolean
}

/** The code of a listing that a guard stopped: the service kept paging without an end. */
export const LISTING_DID_NOT_END = 'ListingDidNotEnd'

/** A listing's answer that is not a page: a permanent failure that keeps the call's RequestId. */
export function notAPage(
  answer: { httpStatus: number; requestId?: string | undefined },
  what: string
): AttemptResult<never> {
  return {
    ok: false,
    failure: {
      code: 'InvalidResponse',
      message: `HTTP ${answer.httpStatus} with ${what}`,
      httpStatus: answer.httpStatus,
      transience: 'permanent',
      mayHaveLanded: false,
      ...(answer.requestId ? { requestId: answer.requestId } : {})
    }
  }
}

/**
 * A listing that has not ended after this long is not going to: a region at its quota of 10,000
 * flows read one flow a page (definitions near the 1 MiB limit) at the documented 2 calls a
 * second takes 84 minutes; every region this action was measured on takes seconds.
 */
export const MAX_LISTING_MS = 90 * 60_000
/** The longest cursor a guard's message quotes; a longer one is only measured. */
const QUOTED_CURSOR = 200

export interface ListingOptions<T> {
  /** What the listing is, for the guard's message (ListFlows). */
  what: string
  /** A bound on pages, for tests; a listing is otherwise bounded in time, not in pages. */
  maxPages?: number
  /** With `now`: the listing stops once it has taken this long. */
  maxMs?: number
  now?: () => number
  /** An item's identity: a page of items all read before brings nothing new, and stops the listing. */
  key?: (item: T) => string | undefined
  /** Which items to hold (all, without it); the others are dropped as their page is read. */
  keep?: (item: T) => boolean
}

/** Why the guard stops after `page`, if it does. */
function guardStop(
  page: number,
  {
    next,
    repeatedCursor,
    nothingNew,
    elapsedMs
  }: { next: string; repeatedCursor: boolean; nothingNew: boolean; elapsedMs: number },
  { maxPages, maxMs }: { maxPages: number; maxMs: number }
): string | undefined {
  if (repeatedCursor) {
    const cursor = next.length <= QUOTED_CURSOR ? JSON.stringify(next) : `one of ${next.length} characters`
    return `the service gave a next-page cursor it had given before (${cursor})`
  }
  if (nothingNew) return `page ${page} brought only items already read (the service may be ignoring the page asked for)`
  if (page >= maxPages) return `the listing did not end within ${maxPages} pages`
  if (elapsedMs >= maxMs) return `the listing did not end within ${Math.round(maxMs / 60_000)} minutes (${page} pages)`
  return undefined
}

export async function readAllPages<T>(
  fetchPage: (cursor: string | undefined, pageNumber: number) => Promise<CallOutcome<Page<T>>>,
  {
    maxPages = Number.POSITIVE_INFINITY,
    maxMs = MAX_LISTING_MS,
    now = Date.now,
    what,
    key,
    keep = () => true
  }: ListingOptions<T>
): Promise<Listing<T>> {
  const tally: CallTally = { attempts: 0, throttled: 0 }
  const items: T[] = []
  const seenCursors = new Set<string>()
  const seenKeys = new Set<string>()
  const startedAt = now()
  let cursor: string | undefined
  for (let pages = 1; ; pages++) {
    const outcome = counted(tally, await fetchPage(cursor, pages))
    const lastPage = { attempts: outcome.attempts, throttled: outcome.throttled }
    const ended = { ...tally, pages, lastPage, read: items, guarded: false }
    if (!outcome.result.ok) return { ...ended, result: outcome.result, interrupted: outcome.interrupted }
    const page = outcome.result.value
    let fresh = 0
    for (const item of page.items) {
      const id = key?.(item)
      if (id === undefined || !seenKeys.has(id)) fresh++
      if (id !== undefined) seenKeys.add(id)
      if (keep(item)) items.push(item)
    }
    const next = page.next
    if (next === undefined) return { ...ended, result: { ok: true, value: items }, interrupted: false }
    const stop = guardStop(
      pages,
      {
        next,
        repeatedCursor: seenCursors.has(next),
        nothingNew: key !== undefined && page.items.length > 0 && fresh === 0,
        elapsedMs: now() - startedAt
      },
      { maxPages, maxMs }
    )
    if (stop) {
      const failure = {
        code: LISTING_DID_NOT_END,
        message: `${what}: ${stop}; stopped reading it after ${pages} pages`,
        transience: 'permanent' as const,
        mayHaveLanded: false
      }
      return { ...ended, guarded: true, result: { ok: false, failure }, interrupted: false }
    }
    seenCursors.add(next)
    cursor = next
  }
}
