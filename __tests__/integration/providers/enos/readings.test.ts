/**
 * Where EnOS's docs disagree with themselves (pages from 0 or from 1, sort fields in camelCase or
 * snake_case, startTime in the gateway's zone or in UTC, a gateway clock that is off), the cancel
 * paths over real HTTP against an emulator taking each reading: every reading does the job, or the
 * run fails having changed nothing. Never an instance left running that should have been
 * cancelled, nor one cancelled that should have been kept.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { EnosEmulator, type EnosReadings } from '../../../../emulators/enos-emulator.js'
import { runCancel } from '../../../helpers/operations.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

let emulator: EnosEmulator | undefined
afterEach(async () => {
  await emulator?.stop()
  emulator = undefined
})

async function gateway(readings: Partial<EnosReadings>, more: { countReading?: 'total' | 'page' } = {}) {
  emulator = await new EnosEmulator({ readings, maxPageSize: 3, ...more }).start()
  return emulator
}

const rule = (text: string, ms: number) => ({ kind: 'duration' as const, ms, text })
const cancelled = (e: EnosEmulator) => e.requests.filter((r) => r.action === 'cancel').map((r) => r.target)

/** Every reading of the pages and the sort fields, and both readings of count. */
const PAGINGS: [string, Partial<EnosReadings>, 'total' | 'page'][] = []
for (const [name, paging] of [
  ['pages from 1, page 0 refused', { firstPage: 1, pageZeroOnOneBased: 'refuse' }],
  ['pages from 1, page 0 answered as page 1', { firstPage: 1, pageZeroOnOneBased: 'first-page' }],
  ['pages from 0', { firstPage: 0 }]
] as const) {
  for (const sortFields of ['camelCase', 'snake_case', 'any'] as const) {
    for (const count of ['total', 'page'] as const) {
      PAGINGS.push([`${name}, ${sortFields} sort fields, count as ${count}`, { ...paging, sortFields }, count])
    }
  }
}

describe('flow-id under every reading of the pages and the sort fields', () => {
  it.each(PAGINGS)('%s: all 7 running instances over 3 pages are cancelled', async (_, readings, countReading) => {
    const e = await gateway(readings, { countReading })
    const ids = Array.from({ length: 7 }, (_, i) => `24-${i}`)
    ids.forEach((id, i) => e.addInstance(id, { triggerTime: Date.now() - (10 - i) * MINUTE }))
    const { results, outcome } = await runCancel(e, { instanceIds: [], flowIds: [24] })
    expect(outcome.failure).toBeUndefined()
    expect(results.map((r) => [r.name, r.status])).toEqual(ids.map((id) => [id, 'done']))
    expect(ids.map((id) => e.instanceStatus(id))).toEqual(Array(7).fill(8))
    // No sort field is ever sent: no reading of them can refuse the search.
    for (const search of e.requests.filter((r) => r.action === 'search')) {
      expect(JSON.parse(search.raw.body)).not.toHaveProperty('pagination.sorters')
    }
  })

  it.each(PAGINGS.filter(([name]) => name.endsWith('count as total')))(
    '%s: disable-flow disables first, and what started meanwhile is cancelled too',
    async (_, readings) => {
      const e = await gateway(readings)
      for (let i = 0; i < 4; i++) e.addInstance(`24-${i}`, { triggerTime: Date.now() - (10 - i) * MINUTE })
      e.beforeDisable = () => e.addInstance('24-late', { triggerTime: Date.now() - MINUTE })
      const { results, outcome } = await runCancel(e, { instanceIds: [], flowIds: [24], disableFlow: true })
      expect(outcome.failure).toBeUndefined()
      expect(e.isDisabled(24)).toBe(true)
      expect(results.map((r) => r.name)).toEqual(['24-0', '24-1', '24-2', '24-3', '24-late'])
      expect(results.every((r) => r.status === 'done')).toBe(true)
    }
  )

  it('a gateway whose total is not met by the pages it serves: the run fails, naming both, and nothing is cancelled', async () => {
    const e = await gateway({})
    for (let i = 0; i < 7; i++) e.addInstance(`24-${i}`, { triggerTime: Date.now() - (10 - i) * MINUTE })
    // Page 2 of periodic instances comes back empty, though 7 match: pages that follow neither reading.
    e.injectFault({
      action: 'search',
      target: '24/1/2',
      fault: {
        kind: 'raw',
        status: 200,
        body: JSON.stringify({ code: 0, msg: 'OK', data: { flowInsts: [], count: 7 } })
      }
    })
    const { results, outcome } = await runCancel(e, { instanceIds: [], flowIds: [24] })
    expect(results).toEqual([])
    expect(outcome.failure).toMatchObject({ action: 'ListFlowInstances', code: 'ListingIncomplete' })
    expect(outcome.failure?.message).toContain(
      'List Flow Instances said 7 instances match, and 3 distinct ones were read from pages 0 to 2'
    )
    expect(outcome.failure?.message).toContain('nothing was changed')
    expect(cancelled(e)).toEqual([])
  })
})

describe('running-longer-than, whichever zone startTime is written in', () => {
  it.each(['gateway', 'utc'] as const)(
    'startTime in %s: only what has run longer than 2h is cancelled; a 30-minute-old instance never is',
    async (startTimeZone) => {
      const e = await gateway({ startTimeZone })
      const now = Date.now()
      e.addInstance('24-young', { triggerTime: now - 30 * MINUTE, startTime: now - 29 * MINUTE })
      e.addInstance('24-old', { triggerTime: now - 3 * HOUR, startTime: now - 3 * HOUR + MINUTE })
      const { results, outcome } = await runCancel(e, {
        instanceIds: [],
        flowIds: [24],
        runningLongerThan: rule('2h', 2 * HOUR)
      })
      expect(results.map((r) => [r.name, r.status])).toEqual([['24-old', 'done']])
      expect(cancelled(e)).toEqual(['24-old'])
      const note = outcome.notes.find((n) => n.includes('measured from their trigger time'))
      if (startTimeZone === 'utc') {
        // Read in GMT+8, a UTC startTime is 8 hours before its trigger time: measured from the trigger.
        expect(note).toBe(
          "2 instances' startTime reads earlier than their trigger time in the gateway's zone (GMT+8), so it was written in another zone: measured from their trigger time instead: 24-old, 24-young"
        )
        expect(outcome.notes).toContainEqual(expect.stringContaining('flow-id 24: kept triggered within 2h: 24-young'))
      } else {
        expect(note).toBeUndefined()
      }
    }
  )

  it.each(
    PAGINGS.filter(([name]) => name.endsWith('count as total')).flatMap(([name, readings]) =>
      (['gateway', 'utc'] as const).map(
        (startTimeZone) => [`${name}, startTime in ${startTimeZone}`, { ...readings, startTimeZone }] as const
      )
    )
  )('%s: over 3 pages, the 5 old instances go and the 2 young ones stay', async (_, readings) => {
    const e = await gateway(readings)
    const now = Date.now()
    const old = Array.from({ length: 5 }, (_, i) => `24-old${i}`)
    old.forEach((id, i) =>
      e.addInstance(id, { triggerTime: now - (8 - i) * HOUR, startTime: now - (8 - i) * HOUR + MINUTE })
    )
    e.addInstance('24-young0', { triggerTime: now - 40 * MINUTE, startTime: now - 39 * MINUTE })
    e.addInstance('24-young1', { triggerTime: now - 20 * MINUTE, startTime: now - 19 * MINUTE })
    const { results, outcome } = await runCancel(e, {
      instanceIds: [],
      flowIds: [24],
      runningLongerThan: rule('2h', 2 * HOUR)
    })
    expect(outcome.failure).toBeUndefined()
    expect(results.map((r) => [r.name, r.status])).toEqual(old.map((id) => [id, 'done']))
    expect([e.instanceStatus('24-young0'), e.instanceStatus('24-young1')]).toEqual([2, 2])
  })

  it('the time in an instance id bounds its start too: an id minted 20 minutes ago is never 2 hours old', async () => {
    const e = await gateway({ startTimeZone: 'utc' })
    const now = Date.now()
    // The id's time, in the gateway's zone (GMT+8), as the docs' ids are written.
    const stamp = new Date(now - 20 * MINUTE + 8 * HOUR).toISOString().replace(/\D/g, '').slice(0, 14)
    e.addInstance(`24-${stamp}`, { triggerTime: now - 20 * MINUTE, startTime: now - 19 * MINUTE })
    const { results } = await runCancel(e, { instanceIds: [], flowIds: [24], runningLongerThan: rule('2h', 2 * HOUR) })
    expect(results).toEqual([])
    expect(cancelled(e)).toEqual([])
  })
})

describe('a gateway clock checked before it is used', () => {
  it.each([
    ['3 hours ahead', 3 * HOUR],
    ['100 days ahead', 100 * DAY],
    ['an hour behind', -HOUR]
  ])('%s: refused before anything is disabled or cancelled, naming both times', async (_, offset) => {
    const e = await gateway({ clockOffsetMs: offset })
    e.addInstance('24-a', { triggerTime: Date.now() - 5 * HOUR, startTime: Date.now() - 5 * HOUR })
    e.addInstance('24-b', { triggerTime: Date.now() - 10 * MINUTE })
    const { results, outcome } = await runCancel(e, {
      instanceIds: [],
      flowIds: [24],
      disableFlow: true,
      runningLongerThan: rule('2h', 2 * HOUR)
    })
    expect(results).toEqual([])
    expect(outcome.failure).toMatchObject({ action: 'GetCurrentTime', code: 'ClockDisagrees' })
    expect(outcome.failure?.message).toMatch(
      /^Get Current Time says \S+, more than 31 minutes from the runner's clock \(\S+\): ages cannot be measured on a clock that one of them has wrong; nothing was changed$/
    )
    expect(e.isDisabled(24)).toBe(false)
    expect(cancelled(e)).toEqual([])
    expect(e.requests.filter((r) => r.action === 'search')).toEqual([])
  })

  it('25 minutes ahead passes: the window and the ages are the gateway’s', async () => {
    const e = await gateway({ clockOffsetMs: 25 * MINUTE })
    e.addInstance('24-a', { triggerTime: Date.now() - 5 * HOUR, startTime: Date.now() - 5 * HOUR })
    const { results, outcome } = await runCancel(e, {
      instanceIds: [],
      flowIds: [24],
      runningLongerThan: rule('2h', 2 * HOUR)
    })
    expect(outcome.failure).toBeUndefined()
    expect(results.map((r) => [r.name, r.status])).toEqual([['24-a', 'done']])
  })
})

describe('hints that name the right input', () => {
  it.each([
    ['a search', 'search', /^List Flow Instances refused a parameter: check 'flow-id' .* and 'lookback-hours'/],
    ['Get Flow', 'get', /^GetFlow refused a parameter: check 'flow-id'/],
    ['Disable Flow', 'disable', /^DisableFlow refused a parameter: check 'flow-id'/]
  ])('62102 from %s names flow-id, never flow-instance-id', async (_, action, hint) => {
    const e = await gateway({})
    e.addInstance('24-a')
    // A parameter the gateway refuses, it refuses on every page: page 0 (which a 1-based gateway may refuse alone) and page 1.
    e.injectFault({
      action,
      fault: { kind: 'error', status: 200, code: '62102', message: 'Flow not found' },
      times: 2
    })
    const { outcome } = await runCancel(e, { instanceIds: [], flowIds: [24], disableFlow: true })
    expect(outcome.failure?.code).toBe('62102')
    expect(outcome.failure?.hint).toMatch(hint)
    expect(outcome.failure?.hint).not.toContain('flow-instance-id')
    expect(cancelled(e)).toEqual([])
  })

  it('62102 from Cancel names flow-instance-id', async () => {
    const e = await gateway({})
    e.addInstance('24-a')
    e.injectFault({
      action: 'cancel',
      fault: { kind: 'error', status: 200, code: '62102', message: 'Invalid parameter.' }
    })
    const { results } = await runCancel(e, { instanceIds: ['24-a'] })
    expect(results[0]?.hint).toContain("'flow-instance-id'")
  })
})
