import { describe, expect, it } from '@jest/globals'
import { ACTIVE_STATUSES, keepActiveOf } from '../../../../src/providers/enos/selection.js'
import { parseEnosTime, parseGmtZone } from '../../../../src/providers/enos/response.js'

describe('keepActiveOf', () => {
  it('keeps the flow’s own active instances, once each: the search’s expression is fuzzy', () => {
    const found = [
      { instanceId: '24-20240101', flowId: 24, status: 2 },
      { instanceId: '2438-20240101', flowId: 2438, status: 2 }, // matched "24" fuzzily: another flow
      { instanceId: '24-20240102', flowId: 24, status: 8 }, // CANCEL: final
      { instanceId: '24-20240103', flowId: 24, status: 3 },
      { instanceId: '24-20240103', flowId: 24, status: 3 }, // listed twice across pages
      { instanceId: '24-bad id', flowId: 24, status: 2 }, // not an id we would send
      { instanceId: '24-20240104', flowId: undefined, status: 2 }
    ]
    expect(keepActiveOf(24, found)).toMatchObject({ kept: ['24-20240101', '24-20240103'], others: 2 })
    expect(keepActiveOf(24, found).active.map((i) => i.instanceId)).toEqual(['24-20240101', '24-20240103'])
  })

  it('active means a cancel can still stop it: INIT, RUNNING, SUSPEND, WAIT, READY, RERUN', () => {
    expect(ACTIVE_STATUSES).toEqual([0, 2, 3, 5, 6, 9])
    for (const final of [-1, 1, 4, 7, 8, 10]) {
      expect(keepActiveOf(1, [{ instanceId: '1-1', flowId: 1, status: final }]).kept).toEqual([])
    }
  })
})

describe('EnOS times', () => {
  it('a time string is read in the gateway’s zone: 08:07:30 at GMT+8 is 00:07:30 UTC', () => {
    expect(parseEnosTime('2019-08-12 08:07:30', 8 * 60)).toBe(Date.UTC(2019, 7, 12, 0, 7, 30))
    expect(parseEnosTime('2019-07-22 08:56:35.0', 0)).toBe(Date.UTC(2019, 6, 22, 8, 56, 35))
    expect(parseEnosTime('2019-07-22 08:56:35.5', -90)).toBe(Date.UTC(2019, 6, 22, 10, 26, 35, 500))
  })

  it.each([
    '2019-02-30 00:00:00',
    '2019-08-12T08:07:30',
    '2019-08-12 08:07',
    '',
    '1565568000000',
    '2019-08-12 25:00:00'
  ])('%j is not an EnOS time', (text) => {
    expect(parseEnosTime(text, 480)).toBeUndefined()
  })

  it.each([
    ['GMT+8', 480],
    ['GMT-3', -180],
    ['GMT+5:30', 330],
    ['GMT+0530', 330],
    ['UTC', 0],
    ['GMT', 0]
  ])('%s is %d minutes east of UTC', (zone, minutes) => {
    expect(parseGmtZone(zone)).toBe(minutes)
  })

  it.each(['Asia/Shanghai', 'GMT+15', '+8', 'CST', ''])('%j is not a zone the action reads', (zone) => {
    expect(parseGmtZone(zone)).toBeUndefined()
  })
})
