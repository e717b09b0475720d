/**
 * Reading a whole listing, page by page, whatever the service's paging: a token (Alibaba's
 * NextToken) or a page number (EnOS' pageNo). The listing ends only when the page says there is
 * no next one; a page shorter than asked for does not end it. Bounded: a service that repeats a
 * cursor or never stops is cut off with a failure instead of looping.
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
  pages: number
  /** The run was cancelled before the listing was complete. */
  interrupted: boolean
}

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

/** More pages than any account can fill (10,000 flows at the smallest page size is 100). */
export const MAX_PAGES = 1_000

export async function readAllPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<CallOutcome<Page<T>>>,
  { maxPages = MAX_PAGES, what }: { maxPages?: number; what: string }
): Promise<Listing<T>> {
  const tally: CallTally = { attempts: 0, throttled: 0 }
  const items: T[] = []
  const seen = new Set<string>()
  let cursor: string | undefined
  for (let pages = 1; ; pages++) {
    const outcome = counted(tally, await fetchPage(cursor))
    if (!outcome.result.ok) return { ...tally, result: outcome.result, pages, interrupted: outcome.interrupted }
    items.push(...outcome.result.value.items)
    const next = outcome.result.value.next
    if (next === undefined) return { ...tally, result: { ok: true, value: items }, pages, interrupted: false }
    const stop = seen.has(next)
      ? `the service gave the same next-page cursor twice (${JSON.stringify(next.slice(0, 40))})`
      : pages >= maxPages
        ? `the listing did not end within ${maxPages} pages`
        : undefined
    if (stop) {
      const failure = {
        code: 'InvalidResponse',
        message: `${what}: ${stop}; stopped reading it`,
        transience: 'permanent' as const,
        mayHaveLanded: false
      }
      return { ...tally, result: { ok: false, failure }, pages, interrupted: false }
    }
    seen.add(next)
    cursor = next
  }
}
