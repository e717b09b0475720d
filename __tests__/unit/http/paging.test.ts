import { describe, expect, it } from '@jest/globals'
import type { AttemptResult, CallOutcome } from '../../../src/http/attempt.js'
import { readAllPages, type Page } from '../../../src/http/paging.js'

const page = (items: number[], next?: string, over: Partial<CallOutcome<Page<number>>> = {}) => ({
  result: { ok: true, value: { items, next } } as AttemptResult<Page<number>>,
  attempts: 1,
  throttled: 0,
  earlierAttemptMayHaveLanded: false,
  interrupted: false,
  ...over
})

describe('readAllPages', () => {
  it('follows the cursor until a page has none; a short page does not end the listing', async () => {
    const cursors: (string | undefined)[] = []
    const pages: Record<string, ReturnType<typeof page>> = {
      start: page([1, 2], 'b', { attempts: 2, throttled: 1 }),
      b: page([3], 'c'),
      c: page([], 'd'),
      d: page([4])
    }
    const listing = await readAllPages(async (cursor) => (cursors.push(cursor), pages[cursor ?? 'start']!), {
      what: 'ListThings'
    })
    expect(cursors).toEqual([undefined, 'b', 'c', 'd'])
    expect(listing).toEqual({
      result: { ok: true, value: [1, 2, 3, 4] },
      read: [1, 2, 3, 4],
      pages: 4,
      lastPage: { attempts: 1, throttled: 0 },
      attempts: 5,
      throttled: 1,
      guarded: false,
      interrupted: false
    })
  })

  it('holds only what keep takes', async () => {
    let n = 0
    const listing = await readAllPages(async () => page([2 * n, 2 * n + 1], ++n < 3 ? `p${n}` : undefined), {
      what: 'ListThings',
      keep: (item) => item % 2 === 0
    })
    expect(listing).toMatchObject({ result: { ok: true, value: [0, 2, 4] }, read: [0, 2, 4], pages: 3 })
  })

  it('a listing is not bounded by a count of pages: 5,000 fresh pages are read to the end', async () => {
    let n = 0
    const listing = await readAllPages(async () => page([n], ++n < 5000 ? String(n) : undefined), {
      what: 'ListThings',
      key: String,
      keep: () => false
    })
    expect(listing).toMatchObject({ result: { ok: true, value: [] }, pages: 5000, guarded: false })
  })

  it('a cursor that comes back after others (a cycle) is cut off, and so is a listing past its time', async () => {
    const cycle = ['a', 'b', 'c', 'a']
    let i = 0
    const looping = await readAllPages(async () => page([i], cycle[i++]), { what: 'ListThings' })
    expect(looping.result).toMatchObject({
      ok: false,
      failure: {
        code: 'ListingDidNotEnd',
        message:
          'ListThings: the service gave a next-page cursor it had given before ("a"); stopped reading it after 4 pages'
      }
    })
    let clock = 0
    let n = 0
    const slow = await readAllPages(async () => ((clock += 60_000), page([n], String(++n))), {
      what: 'ListThings',
      now: () => clock,
      maxMs: 10 * 60_000
    })
    expect(slow.result).toMatchObject({
      ok: false,
      failure: {
        message: 'ListThings: the listing did not end within 10 minutes (10 pages); stopped reading it after 10 pages'
      }
    })
    expect(slow.guarded).toBe(true)
  })

  it('a failed page ends the listing with its failure, counting the attempts spent', async () => {
    const failure = { code: 'AccessDenied', message: 'no', transience: 'permanent' as const, mayHaveLanded: false }
    const listing = await readAllPages(
      async (cursor) => (cursor ? { ...page([]), result: { ok: false, failure }, attempts: 3 } : page([1], 'x')),
      { what: 'ListThings' }
    )
    expect(listing).toMatchObject({
      result: { ok: false, failure },
      read: [1],
      pages: 2,
      attempts: 4,
      // The page that failed took 3 attempts: pages are not attempts.
      lastPage: { attempts: 3, throttled: 0 },
      guarded: false,
      interrupted: false
    })
  })

  it('a cursor given twice, or more pages than allowed, is cut off by the guard instead of looping', async () => {
    const loop = await readAllPages(async () => page([1], 'same'), { what: 'ListThings' })
    expect(loop.result).toEqual({
      ok: false,
      failure: expect.objectContaining({
        code: 'ListingDidNotEnd',
        message:
          'ListThings: the service gave a next-page cursor it had given before ("same"); stopped reading it after 2 pages'
      })
    })
    expect(loop).toMatchObject({ pages: 2, guarded: true, read: [1, 1] })
    let n = 0
    const endless = await readAllPages(async () => page([n], String(++n)), { what: 'ListThings', maxPages: 5 })
    expect(endless.result).toMatchObject({
      ok: false,
      failure: { message: 'ListThings: the listing did not end within 5 pages; stopped reading it after 5 pages' }
    })
    expect(endless).toMatchObject({ pages: 5, guarded: true, read: [0, 1, 2, 3, 4] })
  })

  it('a long repeated cursor is measured, not quoted (it is the service’s text, and could carry anything)', async () => {
    const cursor = 'x'.repeat(201)
    const loop = await readAllPages(async () => page([1], cursor), { what: 'ListThings' })
    expect(loop.result).toMatchObject({
      ok: false,
      failure: { message: expect.stringContaining('one of 201 characters') }
    })
    expect(JSON.stringify(loop.result)).not.toContain('xxxx')
  })

  it('a page of items all read before brings nothing new: the guard stops there (a gateway ignoring the page asked for)', async () => {
    const asked: number[] = []
    const listing = await readAllPages(
      async (_cursor, pageNumber) => (asked.push(pageNumber), page([1, 2, 3], String(pageNumber + 1))),
      { what: 'Search', key: String }
    )
    expect(asked).toEqual([1, 2])
    expect(listing).toMatchObject({
      guarded: true,
      read: [1, 2, 3, 1, 2, 3],
      result: {
        ok: false,
        failure: { message: expect.stringContaining('page 2 brought only items already read') }
      }
    })
  })

  it('a page that repeats some items but brings one new one goes on; an empty page ends the listing', async () => {
    const pages = [[1, 2], [2, 3], [4], []]
    const listing = await readAllPages(
      async (_cursor, n) => page(pages[n - 1]!, pages[n - 1]!.length > 0 ? String(n + 1) : undefined),
      { what: 'Search', key: String }
    )
    expect(listing.result).toEqual({ ok: true, value: [1, 2, 2, 3, 4] })
    expect(listing.guarded).toBe(false)
  })

  it('a listing that has not ended within its time bound is stopped, on the injected clock', async () => {
    let clock = 0
    const listing = await readAllPages(async (_cursor, n) => ((clock += 60_000), page([n], String(n + 1))), {
      what: 'Search',
      maxMs: 5 * 60_000,
      now: () => clock
    })
    expect(listing.pages).toBe(5)
    expect(listing.result).toMatchObject({
      ok: false,
      failure: { code: 'ListingDidNotEnd', message: expect.stringContaining('did not end within 5 minutes (5 pages)') }
    })
  })
})
