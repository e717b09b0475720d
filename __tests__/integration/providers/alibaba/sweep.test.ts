/**
 * A sweep over real HTTP against the fnf emulator, whose clock is 3 hours ahead of the runner's:
 * ages are measured on the service's clock (the ListFlows answer's Date), every listed flow is
 * accounted for, only targets are kept, and a page too large to read is asked for again smaller.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { EMULATOR_DEFAULT_RESOURCE_GROUP, FnfEmulator } from '../../../../emulators/fnf-emulator.js'
import type { SweepRules } from '../../../../src/providers/alibaba/target-inputs.js'
import type { Recorder } from '../../../../src/report/manifest.js'
import { NO_RECORDS } from '../../../../src/report/manifest.js'
import { runDelete } from '../../../helpers/operations.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** The service's clock runs 3 hours ahead of the runner's (and the test's). */
const AHEAD = 3 * HOUR
const serviceNow = () => Date.now() + AHEAD

let emulator: FnfEmulator
beforeEach(async () => {
  emulator = await new FnfEmulator({ now: serviceNow }).start()
})
afterEach(async () => {
  await emulator.stop()
})

const sweep = (rules: Partial<SweepRules>): SweepRules => ({ excludePatterns: [], ...rules })
const olderThan = (text: string, ms: number) => ({ kind: 'duration' as const, ms, text })
const deleted = () => emulator.requests.filter((r) => r.action === 'DeleteFlow').map((r) => r.target)

describe('older-than and unchanged-for, on the service’s clock', () => {
  it('a flow 37 h old by the service’s clock goes with older-than 36h; one 35 h old stays, though by the runner’s clock both are younger', async () => {
    const now = serviceNow()
    emulator.addFlow('pr-1-old', undefined, { created: now - 37 * HOUR })
    emulator.addFlow('pr-2-young', undefined, { created: now - 35 * HOUR })
    emulator.addFlow('pr-3-offset', undefined, {
      // 38 h ago, written with a +08:00 offset: compared as a time, not as text.
      created: new Date(now - 38 * HOUR + 8 * HOUR).toISOString().replace('Z', '+08:00')
    })
    emulator.addFlow('other', undefined, { created: now - 90 * DAY })
    const { results, outcome } = await runDelete(emulator, {
      flowNames: [],
      flowNamePatterns: ['pr-*'],
      sweep: sweep({ olderThan: olderThan('36h', 36 * HOUR) })
    })
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['pr-1-old', 'done'],
      ['pr-3-offset', 'done']
    ])
    expect(deleted().sort()).toEqual(['pr-1-old', 'pr-3-offset'])
    expect(emulator.flows.sort()).toEqual(['other', 'pr-2-young'])
    expect(outcome.notes).toContainEqual(
      expect.stringMatching(
        /^Ages are measured on the service's clock, \S+ when ListFlows answered: older-than 36h: created before \S+$/
      )
    )
    expect(outcome.notes).toContain('kept 1: 1 newer than 36h')
    expect(outcome.notes).toContain('kept newer than 36h: pr-2-young')
    expect(outcome.notes).toContain(
      'Every listed flow accounted for: 4 flows = 1 matching no pattern + 1 kept + 2 to delete'
    )
    // The cut-off named is the service's time less 36 h, not the runner's.
    const line = outcome.notes.find((n) => n.startsWith('Ages are measured'))!
    const cutoff = Date.parse(/created before (\S+)$/.exec(line)![1]!)
    expect(Math.abs(cutoff - (now - 36 * HOUR))).toBeLessThan(5_000)
  })

  it('a missing or unreadable time keeps the flow, and says so; unchanged-for reads LastModifiedTime', async () => {
    const now = serviceNow()
    emulator.addFlow('pr-none', undefined, { created: null })
    emulator.addFlow('pr-text', undefined, { created: 'last tuesday' })
    emulator.addFlow('pr-local', undefined, { created: '2019-01-01 01:01:01' })
    emulator.addFlow('pr-touched', undefined, { created: now - 30 * DAY, modified: now - HOUR })
    emulator.addFlow('pr-stale', undefined, { created: now - 30 * DAY, modified: now - 20 * DAY })
    emulator.addFlow('pr-nomod', undefined, { created: now - 30 * DAY, modified: null })
    const { results, outcome } = await runDelete(emulator, {
      flowNames: [],
      flowNamePatterns: ['pr-*'],
      sweep: sweep({
        olderThan: olderThan('7d', 7 * DAY),
        unchangedFor: olderThan('14d', 14 * DAY)
      })
    })
    expect(results.map((r) => r.name)).toEqual(['pr-stale'])
    expect(outcome.notes).toContain(
      'kept 5: 2 with an unreadable CreatedTime, 1 with no CreatedTime, 1 changed within 14d, 1 with no LastModifiedTime'
    )
    expect(outcome.notes).toContain('kept with an unreadable CreatedTime: pr-text, pr-local')
    expect(emulator.flows.sort()).toEqual(['pr-local', 'pr-nomod', 'pr-none', 'pr-text', 'pr-touched'])
  })

  it('an RFC 3339 cut-off is a fixed moment, the same on any clock', async () => {
    emulator.addFlow('pr-before', undefined, { created: Date.UTC(2026, 9, 1) })
    emulator.addFlow('pr-after', undefined, { created: Date.UTC(2026, 10, 2) })
    const { results, outcome } = await runDelete(emulator, {
      flowNames: [],
      flowNamePatterns: ['pr-*'],
      sweep: sweep({ olderThan: { kind: 'time', at: Date.UTC(2026, 10, 1), text: '2026-11-01T00:00:00Z' } })
    })
    expect(results.map((r) => r.name)).toEqual(['pr-before'])
    expect(outcome.notes).toContain('kept created after 2026-11-01T00:00:00Z: pr-after')
  })
})

describe('a clock that cannot be the service’s', () => {
  it('an answer whose Date is hours from the time the request was accepted with fails the listing, deleting nothing', async () => {
    emulator.addFlow('pr-1', undefined, { created: serviceNow() - HOUR })
    // Something in between answers the listing with a Date of 2037: every flow would look years old.
    emulator.injectFault({
      action: 'ListFlows',
      fault: {
        kind: 'raw',
        status: 200,
        body: JSON.stringify({
          RequestId: 'r',
          Flows: [{ Name: 'pr-1', CreatedTime: new Date(serviceNow() - HOUR).toISOString() }]
        }),
        headers: { date: 'Thu, 01 Jan 2037 00:00:00 GMT' }
      }
    })
    const { results, outcome } = await runDelete(emulator, {
      flowNames: [],
      flowNamePatterns: ['pr-*'],
      sweep: sweep({ olderThan: olderThan('7d', 7 * DAY) })
    })
    expect(results).toEqual([])
    expect(outcome.failure).toMatchObject({ action: 'ListFlows', code: 'ClockDisagrees' })
    expect(outcome.failure?.message).toMatch(
      /failed on page 1: the answer's Date header says 2037-01-01T00:00:00Z, more than 31 minutes from \S+, the time the service accepted the request with; ages cannot be measured on that clock; nothing was changed$/
    )
    expect(outcome.failure?.hint).toContain('any proxy in between that sets a Date of its own')
    expect(emulator.flows).toEqual(['pr-1'])
  })
})

describe('an answer with no usable Date', () => {
  it.each([
    ['no Date header', null],
    ['a Date that is not a time', 'yesterday-ish']
  ])('%s: the ages are measured on the runner’s clock, and the log says so (never the service’s)', async (_, date) => {
    const onTime = await new FnfEmulator({}).start()
    try {
      onTime.dateHeader = date
      onTime.addFlow('pr-old', undefined, { created: Date.now() - 37 * HOUR })
      onTime.addFlow('pr-young', undefined, { created: Date.now() - 35 * HOUR })
      const { results, outcome } = await runDelete(onTime, {
        flowNames: [],
        flowNamePatterns: ['pr-*'],
        sweep: sweep({ olderThan: olderThan('36h', 36 * HOUR) })
      })
      expect(onTime.requests.some((r) => r.action === 'ListFlows')).toBe(true)
      expect(results.map((r) => [r.name, r.status])).toEqual([['pr-old', 'done']])
      const line = outcome.notes.find((n) => n.startsWith('Ages are measured'))!
      expect(line).toMatch(
        /^Ages are measured on the runner's clock, \S+ when ListFlows answered \(its answer carried no Date header that reads as a time, so the service's clock could not be read\): older-than 36h: created before \S+$/
      )
      expect(outcome.notes.join('\n')).not.toContain("service's clock,")
    } finally {
      await onTime.stop()
    }
  })
})

describe('exclude-pattern and resource-group', () => {
  it('an excluded flow is never touched, whatever its age; a flow of another group is kept even when the server ignores the filter', async () => {
    const old = serviceNow() - 60 * DAY
    emulator.addFlow('pr-1', { ResourceGroupId: 'rg-team' }, { created: old })
    emulator.addFlow('pr-2-keep', { ResourceGroupId: 'rg-team' }, { created: old })
    emulator.addFlow('pr-3', { ResourceGroupId: 'rg-other' }, { created: old })
    emulator.addFlow('pr-4', {}, { created: old })
    emulator.honoursResourceGroup = false
    const { results, outcome } = await runDelete(emulator, {
      flowNames: [],
      flowNamePatterns: ['pr-*'],
      sweep: sweep({ excludePatterns: ['*-keep'], resourceGroup: 'rg-team', olderThan: olderThan('7d', 7 * DAY) })
    })
    expect(results.map((r) => r.name)).toEqual(['pr-1'])
    const list = emulator.requests.find((r) => r.action === 'ListFlows')!
    expect(new URL(list.raw.url, 'http://x').searchParams.get('ResourceGroupId')).toBe('rg-team')
    expect(outcome.notes).toContain("kept 3: 2 in another resource group, 1 excluded by '*-keep'")
    expect(outcome.notes[0]).toMatch(/^ListFlows: 4 flows of resource group rg-team in /)
    expect(EMULATOR_DEFAULT_RESOURCE_GROUP).not.toBe('rg-team')
  })

  it('with the filter honoured, only the group’s flows are listed', async () => {
    emulator.addFlow('pr-1', { ResourceGroupId: 'rg-team' })
    emulator.addFlow('pr-2')
    const { results, outcome } = await runDelete(emulator, {
      flowNames: [],
      flowNamePatterns: ['*'],
      sweep: sweep({ resourceGroup: 'rg-team' })
    })
    expect(results.map((r) => r.name)).toEqual(['pr-1'])
    expect(outcome.notes[0]).toMatch(/^ListFlows: 1 flow of resource group rg-team in /)
    expect(emulator.flows).toEqual(['pr-2'])
  })
})

describe('several patterns', () => {
  it('keeps listing order and takes a flow matched by several patterns once', async () => {
    for (const name of ['pr-42-api', 'pr-42-worker', 'pr-420-api', 'main-api', 'pr-43-web']) emulator.addFlow(name)
    const { results } = await runDelete(emulator, { flowNames: [], flowNamePatterns: ['pr-42-*', '*-api'] })
    expect(results.map((r) => r.name)).toEqual(['pr-42-api', 'pr-42-worker', 'pr-420-api', 'main-api'])
    // Each sent once (in whatever order the concurrent requests arrive).
    expect(deleted().sort()).toEqual(['main-api', 'pr-42-api', 'pr-42-worker', 'pr-420-api'])
  })
})

describe('max-targets counts only what is left to delete', () => {
  it('10 matches, 7 kept by age, max-targets 3: the 3 old ones go', async () => {
    const now = serviceNow()
    for (let i = 0; i < 10; i++) emulator.addFlow(`pr-${i}`, undefined, { created: now - (i < 3 ? 30 : 1) * DAY })
    const { results, outcome } = await runDelete(emulator, {
      flowNames: [],
      flowNamePatterns: ['pr-*'],
      maxTargets: 3,
      sweep: sweep({ olderThan: olderThan('7d', 7 * DAY) })
    })
    expect(outcome.failure).toBeUndefined()
    expect(results.map((r) => r.name)).toEqual(['pr-0', 'pr-1', 'pr-2'])
  })
})

describe('pages as large as the API allows', () => {
  it('ListFlows asks for 999; a page too large to read is asked for again with half the Limit, and the listing goes on at that size', async () => {
    // 40 flows of 200 KiB definitions: 8 MiB in one page, over the 4 MiB an answer may be.
    const definition = `version: v1\ntype: flow\n# ${'x'.repeat(200 * 1024)}`
    for (let i = 0; i < 40; i++) emulator.addFlow(`pr-${String(i).padStart(2, '0')}`, { Definition: definition })
    const { results, outcome } = await runDelete(emulator, {
      flowNames: [],
      flowNamePatterns: ['pr-*'],
      dryRun: true
    })
    const limits = emulator.requests
      // The first request is refused for the clock's skew, and signed again with the service's time.
      .filter((r) => r.action === 'ListFlows' && r.code !== 'RequestTimeTooSkewed')
      .map((r) => new URL(r.raw.url, 'http://x').searchParams.get('Limit'))
    // 999 down to 31 would carry all 40 (8 MiB) and fail once each, without retries; 15 a page (3 MiB) fits.
    expect(limits.slice(0, 7)).toEqual(['999', '499', '249', '124', '62', '31', '15'])
    expect(limits.slice(7)).toEqual(['15', '15'])
    expect(results).toHaveLength(40)
    expect(outcome.notes).toContain(
      'ListFlows: pages too large to read were asked for again with a smaller Limit (down to 15 flows a page)'
    )
  })
})

describe('the manifest accounts for the kept flows', () => {
  it('one kept record per rule, with every flow it kept', async () => {
    const kept: [string, string[]][] = []
    const recorder: Recorder = { ...NO_RECORDS, kept: (rule, names) => void kept.push([rule, [...names]]) }
    const now = serviceNow()
    emulator.addFlow('pr-new', undefined, { created: now - HOUR })
    emulator.addFlow('pr-x-keep', undefined, { created: now - 30 * DAY })
    emulator.addFlow('pr-old', undefined, { created: now - 30 * DAY })
    await runDelete(
      emulator,
      {
        flowNames: [],
        flowNamePatterns: ['pr-*'],
        sweep: sweep({ excludePatterns: ['*-keep'], olderThan: olderThan('7d', 7 * DAY) })
      },
      { manifest: { ...recorder, write: () => {} } }
    )
    expect(kept).toEqual([
      ['newer than 7d', ['pr-new']],
      ["excluded by '*-keep'", ['pr-x-keep']]
    ])
  })
})
