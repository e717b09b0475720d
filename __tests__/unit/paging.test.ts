import { describe, expect, it } from '@jest/globals'
import type { AttemptResult, CallOutcome } from '../../src/attempt.js'
import { readAllPages, type Page } from '../../src/paging.js'

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
      pages: 4,
      attempts: 5,
      throttled: 1,
      interrupted: false
    })
  })

  it('a failed page ends the listing with its failure, counting the attempts spent', async () => {
    const failure = { code: 'AccessDenied', message: 'no', transience: 'permanent' as const, mayHaveLanded: false }
    const listing = await readAllPages(
      async (cursor) => (cursor ? { ...page([]), result: { ok: false, failure }, attempts: 3 } : page([1], 'x')),
      { what: 'ListThings' }
    )
    expect(listing).toMatchObject({ result: { ok: false, failure }, pages: 2, attempts: 4, interrupted: false })
  })

  it('a cursor given twice, or more pages than allowed, is cut off instead of looping', async () => {
    const loop = await readAllPages(async () => page([1], 'same'), { what: 'ListThings' })
    expect(loop.result).toEqual({
      ok: false,
      failure: expect.objectContaining({
        code: 'InvalidResponse',
        message: 'ListThings: the service gave the same next-page cursor twice ("same"); stopped reading it'
      })
    })
    expect(loop.pages).toBe(2)
    let n = 0
    const endless = await readAllPages(async () => page([n], String(++n)), { what: 'ListThings', maxPages: 5 })
    expect(endless.result).toMatchObject({
      ok: false,
      failure: { message: 'ListThings: the listing did not end within 5 pages; stopped reading it' }
    })
    expect(endless.pages).toBe(5)
  })
})
