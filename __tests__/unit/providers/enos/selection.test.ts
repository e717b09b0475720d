import { describe, expect, it } from '@jest/globals'
import { ACTIVE_STATUSES, keepActiveOf } from '../../../../src/providers/enos/selection.js'

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
