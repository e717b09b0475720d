import { describe, expect, it } from '@jest/globals'
import { DELETE_HEADER } from '../../helpers/manifest.js'
import { readManifest, targetHistories } from '../../../src/report/manifest-read.js'

const header = DELETE_HEADER

describe('readManifest', () => {
  const text = (...records: object[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('')
  const ended = { type: 'end', status: 'deleted', finishedAt: '2026-12-03T09:00:01.000Z' }

  it('reads a whole manifest back', () => {
    const read = readManifest(text(header, { type: 'target', name: 'a' }, ended))
    expect(read).toEqual({ header, records: [{ type: 'target', name: 'a' }, ended], cutShort: false })
  })

  it('a run killed mid-way: its records up to the last whole line, said to be cut short', () => {
    const whole = text(
      header,
      { type: 'target', name: 'a' },
      { type: 'change', name: 'a', action: 'DeleteFlow', outcome: 'done' }
    )
    const read = readManifest(`${whole}{"type":"target","na`)
    expect(read).toMatchObject({ cutShort: true, records: [{ name: 'a' }, { action: 'DeleteFlow' }] })
    expect(readManifest(whole)).toMatchObject({ cutShort: true })
  })

  it('refuses what is not a manifest, one of another version, and a broken line inside', () => {
    expect(readManifest('{"hello":1}\n')).toEqual({ problem: 'it does not start with a flow-ops manifest header' })
    expect(readManifest(text({ ...header, version: 2 }))).toEqual({
      problem: 'it is version 2; this flow-ops reads version 1'
    })
    expect(readManifest(`${text(header)}not json\n${text(ended)}`)).toEqual({ problem: 'line 2 is not JSON' })
    expect(readManifest('')).toEqual({ problem: 'it does not start with a flow-ops manifest header' })
  })
})

describe('readManifest: what a reader relies on is checked', () => {
  const text = (...records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n'

  it.each([
    [{ ...header, operation: 7 }, 'its header has no operation'],
    [{ ...header, endpoint: undefined }, 'its header has no endpoint'],
    [{ ...header, dryRun: 'no' }, 'its header does not say whether it was a dry run'],
    [{ ...header, selectors: [] }, 'its header has no selectors']
  ])('a header with a field missing or of the wrong type: %j', (bad, problem) => {
    expect(readManifest(text(bad))).toEqual({ problem })
  })

  it.each([
    [{ type: 'party', name: 'x' }, 'line 2 is not a manifest record'],
    [['target'], 'line 2 is not a manifest record'],
    [{ type: 'target' }, 'line 2 is a target record without a name'],
    [
      { type: 'target', name: 'x', service: 'definition' },
      'line 2 is a target record whose service fields are not an object'
    ],
    [
      { type: 'dependents', name: 'x', kind: 'schedules', items: ['a'] },
      'line 2 is a dependents record whose items are not a list of objects'
    ],
    [{ type: 'change', name: 'x', outcome: 'done' }, 'line 2 is a change record without an action or an outcome']
  ])('a record of the wrong shape: %j', (bad, problem) => {
    expect(readManifest(text(header, bad))).toEqual({ problem })
  })
})

describe('targetHistories', () => {
  it('gathers each target’s records in the order the targets first appear: the last description, dependents by kind, every change, the result', () => {
    const read = readManifest(
      [
        header,
        { type: 'target', name: 'b', service: { Id: '1' } },
        { type: 'target', name: 'a' },
        { type: 'dependents', name: 'b', kind: 'schedules', items: [{ ScheduleName: 's' }] },
        { type: 'change', name: 'b', action: 'DeleteSchedule', outcome: 'done' },
        { type: 'change', name: 'b', action: 'DeleteFlow', outcome: 'unknown' },
        { type: 'result', name: 'b', status: 'unknown' },
        { type: 'end', status: 'x', finishedAt: 'y' }
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n'
    )
    if ('problem' in read) throw new Error(read.problem)
    const histories = targetHistories(read)
    expect(histories.map((h) => h.name)).toEqual(['b', 'a'])
    expect(histories[0]).toEqual({
      name: 'b',
      found: { service: { Id: '1' } },
      dependents: new Map([['schedules', [{ ScheduleName: 's' }]]]),
      redactedDependents: new Map([['schedules', []]]),
      changes: [
        { action: 'DeleteSchedule', outcome: 'done' },
        { action: 'DeleteFlow', outcome: 'unknown' }
      ],
      result: { status: 'unknown' }
    })
    expect(histories[1]).toEqual({
      name: 'a',
      found: {},
      dependents: new Map(),
      redactedDependents: new Map(),
      changes: []
    })
  })
})
