/**
 * Scheduled sweeps through dist/index.js, as the runner runs them, against emulators whose clocks
 * run 3 hours ahead of the runner's: older-than, unchanged-for, exclude-pattern, resource-group and
 * running-longer-than, each kept flow accounted for in the log, the summary and the manifest, and
 * every refusal before anything is sent.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { EnosEmulator } from '../../emulators/enos-emulator.js'
import { FnfEmulator } from '../../emulators/fnf-emulator.js'
import { cancelInputs, deleteInputs } from '../../scripts/lib/emulator-inputs.js'
import { runAction } from '../helpers/run-action.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** The services' clocks run 3 hours ahead of the runner's. */
const AHEAD = 3 * HOUR
const serviceNow = () => Date.now() + AHEAD

const stops: (() => Promise<void>)[] = []
const dirs: string[] = []
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!()
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

async function fnf(): Promise<FnfEmulator> {
  const emulator = await new FnfEmulator({ now: serviceNow, maxPageSize: 40 }).start()
  stops.push(() => emulator.stop())
  return emulator
}

function manifestPath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-sweep-'))
  dirs.push(dir)
  return path.join(dir, 'manifest.jsonl')
}

const MUTATING = ['DeleteFlow', 'DeleteSchedule', 'StopExecution']
const names = (outputs: Record<string, string>) =>
  (JSON.parse(outputs['results']!) as { name: string; status: string }[]).map((r) => [r.name, r.status])

/**
 * A region of 60 flows: 20 preview flows 10 days old, 10 preview flows 1 day old, 5 preview flows
 * 10 days old marked -keep, 2 old preview flows whose CreatedTime is missing or unreadable, and 23
 * production flows. Ages on the service's clock; by the runner's, a 36h cut-off would fall elsewhere.
 */
function region(emulator: FnfEmulator): void {
  const now = serviceNow()
  for (let i = 0; i < 20; i++) emulator.addFlow(`pr-old-${i}`, undefined, { created: now - 10 * DAY })
  for (let i = 0; i < 10; i++) emulator.addFlow(`pr-new-${i}`, undefined, { created: now - DAY })
  for (let i = 0; i < 5; i++) emulator.addFlow(`pr-old-${i}-keep`, undefined, { created: now - 10 * DAY })
  emulator.addFlow('pr-notime', undefined, { created: null })
  emulator.addFlow('pr-badtime', undefined, { created: '10 days ago' })
  for (let i = 0; i < 23; i++) emulator.addFlow(`prod-${i}`, undefined, { created: now - 400 * DAY })
}

describe('operation: delete, a nightly sweep', () => {
  it('deletes what is old, keeps what is new, excluded or undated, and accounts for every listed flow', async () => {
    const emulator = await fnf()
    region(emulator)
    const manifest = manifestPath()
    const run = await runAction(
      deleteInputs(emulator, [], {
        'flow-name-pattern': 'pr-*',
        'older-than': '7d',
        'exclude-pattern': '*-keep',
        'manifest-path': manifest
      })
    )
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('deleted')
    // results lists the targets alone, never a kept flow.
    expect(names(run.outputs)).toEqual(Array.from({ length: 20 }, (_, i) => [`pr-old-${i}`, 'deleted']))
    expect(emulator.flows.filter((f) => f.startsWith('pr-old-') && !f.endsWith('-keep'))).toEqual([])
    expect(emulator.flows).toHaveLength(40)
    const account =
      'kept 17: 10 newer than 7d, 5 excluded by &#39;&#42;-keep&#39;, 1 with no CreatedTime, 1 with an unreadable CreatedTime'
    expect(run.stdout).toContain(
      "kept 17: 10 newer than 7d, 5 excluded by '*-keep', 1 with no CreatedTime, 1 with an unreadable CreatedTime"
    )
    expect(run.stdout).toContain(
      'Every listed flow accounted for: 60 flows = 23 matching no pattern + 17 kept + 20 to delete'
    )
    expect(run.summary).toContain(account)
    expect(run.summary).toContain(
      'Every listed flow accounted for: 60 flows = 23 matching no pattern + 17 kept + 20 to delete'
    )
    const records = fs
      .readFileSync(manifest, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(records[0]).toMatchObject({
      selectors: { 'flow-name-pattern': ['pr-*'], 'older-than': ['7d'], 'exclude-pattern': ['*-keep'] }
    })
    const kept = records.filter((r) => r['type'] === 'kept')
    expect(kept.map((r) => [r['rule'], r['count']])).toEqual([
      ['newer than 7d', 10],
      ["excluded by '*-keep'", 5],
      ['with no CreatedTime', 1],
      ['with an unreadable CreatedTime', 1]
    ])
    // The kept records come before the first change.
    const firstChange = records.findIndex((r) => r['type'] === 'change')
    const lastKept = records.map((r) => r['type']).lastIndexOf('kept')
    expect(lastKept).toBeGreaterThan(0)
    expect(lastKept).toBeLessThan(firstChange)
  })

  it('the runner’s clock 3 hours off: a flow 37h old by the service’s clock goes with older-than 36h, one 35h old stays', async () => {
    const emulator = await fnf()
    const now = serviceNow()
    emulator.addFlow('pr-37h', undefined, { created: now - 37 * HOUR })
    emulator.addFlow('pr-35h', undefined, { created: now - 35 * HOUR })
    // unchanged-for on the same clock: changed 20h ago by the service's clock (17h by the runner's).
    emulator.addFlow('pr-old-touched', undefined, { created: now - 90 * DAY, modified: now - 20 * HOUR })
    const run = await runAction(
      deleteInputs(emulator, [], { 'flow-name-pattern': 'pr-*', 'older-than': '36h', 'unchanged-for': '18h' })
    )
    expect(run.code).toBe(0)
    expect(names(run.outputs)).toEqual([
      ['pr-37h', 'deleted'],
      ['pr-old-touched', 'deleted']
    ])
    expect(emulator.flows).toEqual(['pr-35h'])
    expect(run.stdout).toMatch(
      /Ages are measured on the service's clock, \S+ when ListFlows answered: older-than 36h: created before \S+; unchanged-for 18h: last changed before \S+/
    )
  })

  it('a dry run shows the same plan, with each kept flow and its reason, and changes nothing', async () => {
    const emulator = await fnf()
    region(emulator)
    const run = await runAction(
      deleteInputs(emulator, [], {
        'flow-name-pattern': 'pr-*',
        'older-than': '7d',
        'exclude-pattern': '*-keep',
        'dry-run': 'true'
      })
    )
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('dry-run')
    expect(names(run.outputs)).toEqual(Array.from({ length: 20 }, (_, i) => [`pr-old-${i}`, 'dry-run']))
    expect(run.stdout).toContain("Dry run: would keep 'pr-new-0' (newer than 7d)")
    expect(run.stdout).toContain("Dry run: would keep 'pr-old-4-keep' (excluded by '*-keep')")
    expect(run.stdout).toContain("Dry run: would keep 'pr-notime' (with no CreatedTime)")
    expect(run.summary).toContain('Dry run: would keep &#39;pr-badtime&#39; &#40;with an unreadable CreatedTime&#41;')
    expect(emulator.requests.filter((r) => MUTATING.includes(r.action))).toEqual([])
    expect(emulator.flows).toHaveLength(60)
  })

  it('resource-group is sent to ListFlows, and only the group’s flows go', async () => {
    const emulator = await fnf()
    emulator.addFlow('team-a', { ResourceGroupId: 'rg-team' })
    emulator.addFlow('team-b', { ResourceGroupId: 'rg-team' })
    emulator.addFlow('other-a')
    const run = await runAction(deleteInputs(emulator, [], { 'flow-name-pattern': '*', 'resource-group': 'rg-team' }))
    expect(run.code).toBe(0)
    expect(names(run.outputs)).toEqual([
      ['team-a', 'deleted'],
      ['team-b', 'deleted']
    ])
    expect(emulator.flows).toEqual(['other-a'])
    const list = emulator.requests.find((r) => r.action === 'ListFlows' && r.code === '')!
    expect(new URL(list.raw.url, 'http://x').searchParams.get('ResourceGroupId')).toBe('rg-team')
  })

  it('max-targets counts what is left to delete, and a refusal reads as one', async () => {
    const emulator = await fnf()
    region(emulator)
    const run = await runAction(
      deleteInputs(emulator, [], { 'flow-name-pattern': 'pr-*', 'older-than': '7d', 'max-targets': '3' })
    )
    expect(run.code).toBe(1)
    expect(run.outputs['error-code']).toBe('TooManyTargets')
    // 25 old flows (the -keep ones too: nothing excludes them here) are more than 3; the 10 new ones do not count.
    expect(run.outputs['error-message']).toMatch(/^25 flows matched 'pr-\*', more than max-targets \(3\): pr-old-0, /)
    expect(run.stdout).toContain("::error title=max-targets refused::max-targets refused: 25 flows matched 'pr-*'")
    expect(emulator.requests.filter((r) => MUTATING.includes(r.action))).toEqual([])
  })
})

describe('bad sweep input stops the step before any request', () => {
  it.each([
    [
      { 'flow-name-pattern': '*' },
      /^Input 'flow-name-pattern' '\*' matches every flow of the region, so it is refused on its own\. Narrow it/
    ],
    [
      { 'flow-name-pattern': 'pr-*', 'older-than': '7 days' },
      /^Input 'older-than' must be a duration such as 90m, 36h, 7d or 2w, or an RFC 3339 time/
    ],
    [
      { 'flow-name-pattern': 'pr-*', 'older-than': '-1h' },
      /^Input 'older-than' must be .*, and not negative; got "-1h"$/
    ],
    [
      { 'flow-name-pattern': 'pr-*', 'unchanged-for': '2999-01-01T00:00:00Z' },
      /^Input 'unchanged-for' is a time in the future/
    ],
    [
      { 'flow-name-pattern': 'pr-*', 'exclude-pattern': 'prod/*' },
      /^Input 'exclude-pattern' line 1 is not a pattern flow-ops accepts: "prod\/\*"/
    ],
    [
      { 'flow-name': 'prod-db', 'exclude-pattern': 'prod-*' },
      /^Input 'exclude-pattern' excludes 'prod-db', which flow-name names/
    ],
    [
      { 'flow-name': 'a', 'older-than': '7d' },
      /^Input 'older-than' narrows what flow-name-pattern selects, and no flow-name-pattern is given/
    ],
    [
      { 'flow-name': 'a', 'access-key-id': '', 'access-key-secret': '' },
      /^Inputs 'access-key-id' and 'access-key-secret' are required and not given/
    ]
  ])('%j', async (extra, message) => {
    const emulator = await fnf()
    const run = await runAction(deleteInputs(emulator, [], extra))
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([expect.stringMatching(message)])
    expect(run.outputs['error-code']).toBe('InvalidInput')
    expect(emulator.requests).toHaveLength(0)
  })
})

describe('operation: cancel with running-longer-than', () => {
  it('cancels only the instances that started more than 2h ago by the gateway’s clock (25 minutes ahead, GMT+8)', async () => {
    // Ahead, but within the 31 minutes a gateway's clock is trusted (3 hours off is refused: enos-readings.test.ts).
    const gatewayNow = () => Date.now() + 25 * 60_000
    const emulator = await new EnosEmulator({ now: gatewayNow, zoneHours: 8, timestampWindowMs: HOUR }).start()
    stops.push(() => emulator.stop())
    const now = gatewayNow()
    emulator.addInstance('3377-long', { startTime: now - 150 * 60_000, triggerTime: now - 3 * HOUR })
    emulator.addInstance('3377-short', { startTime: now - 90 * 60_000, triggerTime: now - 2 * HOUR })
    emulator.addInstance('3377-nostart', { startTime: null, triggerTime: now - 4 * HOUR })
    const run = await runAction(cancelInputs(emulator, [], { 'flow-id': '3377', 'running-longer-than': '2h' }))
    expect(run.code).toBe(0)
    expect(names(run.outputs)).toEqual([['3377-long', 'cancelled']])
    expect(emulator.requests.filter((r) => r.action === 'cancel').map((r) => r.target)).toEqual(['3377-long'])
    expect(run.stdout).toContain('flow-id 3377: kept started within 2h: 3377-short')
    expect(run.stdout).toContain('flow-id 3377: kept with no startTime: 3377-nostart')
    expect(run.summary).toMatch(/Ages are measured on the gateway&#39;s clock, [\d-]+ [\d:]+ GMT\+8/)
  })

  it('running-longer-than not shorter than lookback-hours is refused, nothing sent', async () => {
    const emulator = await new EnosEmulator().start()
    stops.push(() => emulator.stop())
    const run = await runAction(
      cancelInputs(emulator, [], { 'flow-id': '3377', 'running-longer-than': '8d', 'lookback-hours': '168' })
    )
    expect(run.code).toBe(1)
    expect(run.errors[0]).toMatch(/^Input 'running-longer-than' is 8d, not shorter than lookback-hours \(168 h\)/)
    expect(emulator.requests).toHaveLength(0)
  })

  it('every missing EnOS credential is named at once', async () => {
    const emulator = await new EnosEmulator().start()
    stops.push(() => emulator.stop())
    const run = await runAction(cancelInputs(emulator, ['1-2'], { 'app-key': '', 'org-id': '', 'user-id': '' }))
    expect(run.code).toBe(1)
    expect(run.errors[0]).toMatch(
      /^Inputs 'app-key', 'org-id' and 'user-id' are required with operation 'cancel' and not given/
    )
    expect(emulator.requests).toHaveLength(0)
  })
})

describe('a whole region', () => {
  it('30,000 flows with 10 KiB definitions: read in pages that fit, memory follows what is kept (under 200 MiB peak)', async () => {
    const emulator = await new FnfEmulator().start()
    stops.push(() => emulator.stop())
    const definition = `version: v1\ntype: flow\n# ${'d'.repeat(10 * 1024)}`
    const old = Date.now() - 30 * DAY
    for (let i = 0; i < 30_000; i++) {
      emulator.addFlow(
        `f-${String(i).padStart(5, '0')}`,
        { Definition: definition },
        i % 300 === 0 ? { created: old } : {}
      )
    }
    const time = fs.existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '%M'] : []
    const run = await runAction(
      deleteInputs(emulator, [], { 'flow-name-pattern': '*', 'older-than': '7d', 'dry-run': 'true' }),
      { prefix: time }
    )
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs['results']!)).toHaveLength(100)
    expect(run.stdout).toContain(
      'Every listed flow accounted for: 30000 flows = 0 matching no pattern + 29900 kept + 100 to be deleted'
    )
    // 999 a page would be 10 MiB: the Limit is halved until a page fits in 4 MiB (249 flows, 2.5 MiB).
    const limits = [
      ...new Set(
        emulator.requests
          .filter((r) => r.action === 'ListFlows')
          .map((r) => new URL(r.raw.url, 'http://x').searchParams.get('Limit'))
      )
    ]
    expect(limits).toEqual(['999', '499', '249'])
    if (time.length > 0) {
      const peakKiB = Number(run.stderr.trim().split('\n').pop())
      expect(peakKiB).toBeLessThan(200 * 1024)
    }
  }, 120_000)
})
