/**
 * operation: cancel with flow-id, over real HTTP against the EnOS emulator: one search per
 * scheduling type over the lookback window, every page, only the flow's own active instances,
 * disable-flow before any cancel, and a dry run that searches but changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { EnosEmulator } from '../../../../emulators/enos-emulator.js'
import { recordedManifest } from '../../../helpers/manifest.js'
import { runCancel } from '../../../helpers/operations.js'

const HOUR = 3_600_000
let emulator: EnosEmulator
beforeEach(async () => {
  emulator = await new EnosEmulator().start()
  const now = Date.now()
  emulator.addInstance('24-a', { type: 0 })
  emulator.addInstance('24-b', { type: 1, status: 3 }) // SUSPEND: still active
  emulator.addInstance('24-c', { type: 2, status: 6 }) // READY
  emulator.addInstance('24-done', { type: 1, status: 1 }) // SUCCESS: final
  emulator.addInstance('24-old', { type: 1, triggerTime: now - 200 * HOUR }) // outside 168 h
  emulator.addInstance('2438-x', { type: 1 }) // another flow the fuzzy search finds
})
afterEach(async () => {
  await emulator.stop()
})

const searches = () => emulator.requests.filter((r) => r.action === 'search')
const bodyOf = (raw: string) => JSON.parse(raw) as Record<string, unknown>

describe('flow-id', () => {
  it('searches each scheduling type over the window and cancels only the flow’s own active instances', async () => {
    const { results, outcome } = await runCancel(emulator, { instanceIds: [], flowIds: [24] })
    // Each type's listing reads page 0 first (refused by this 1-based gateway), then ends on its first
    // empty page: two searches more per type than a count would need.
    expect(searches().map((r) => bodyOf(r.raw.body)['type'])).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2])
    const body = bodyOf(searches()[0]!.raw.body)
    expect(body).toMatchObject({ expression: '24', owner: '', status: '0,2,3,5,6,9' })
    expect(Number(body['toTriggerTime']) - Number(body['fromTriggerTime'])).toBe(168 * HOUR)
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['24-a', 'done'],
      ['24-b', 'done'],
      ['24-c', 'done']
    ])
    expect(emulator.instanceStatus('2438-x')).toBe(2)
    expect(emulator.instanceStatus('24-old')).toBe(2)
    expect(outcome.notes[1]).toBe(
      'flow-id 24: 3 active instances triggered in the last 168 h: 24-a, 24-b, 24-c (1 other instance the fuzzy search found belong to other flows and were left alone)'
    )
  })

  const pageNos = (type: number) =>
    searches()
      .filter((r) => bodyOf(r.raw.body)['type'] === type)
      .map((r) => (bodyOf(r.raw.body)['pagination'] as { pageNo: number }).pageNo)

  it.each([
    ['every match', 'total' as const],
    ['this page’s elements', 'page' as const]
  ])(
    'reads every page until one comes back empty, whether count is %s, with pages capped below the size asked',
    async (_reading, countReading) => {
      for (let i = 0; i < 7; i++) emulator.addInstance(`24-p${i}`, { type: 1 })
      emulator.maxPageSize = 3
      emulator.countReading = countReading
      const { results, outcome } = await runCancel(emulator, { instanceIds: [], flowIds: [24], lookbackHours: 1000 })
      // 24-b, 24-old, 2438-x and 7 more: 10 periodic matches in pages of 3, then an empty page.
      expect(pageNos(1)).toEqual([0, 1, 2, 3, 4, 5])
      expect(results).toHaveLength(3 + 7 + 1)
      expect(results.every((r) => r.status === 'done')).toBe(true)
      expect(outcome.failure).toBeUndefined()
    }
  )

  it('8 running instances in pages of 3, count being the page’s size: all 8 are cancelled', async () => {
    const instances = Array.from({ length: 8 }, (_, i) => `77-${i}`)
    for (const id of instances) emulator.addInstance(id, { type: 1 })
    emulator.maxPageSize = 3
    emulator.countReading = 'page'
    const { results } = await runCancel(emulator, { instanceIds: [], flowIds: [77] })
    expect(results.map((r) => [r.name, r.status])).toEqual(instances.map((id) => [id, 'done']))
    expect(instances.map((id) => emulator.instanceStatus(id))).toEqual(Array(8).fill(8))
    expect(pageNos(1)).toEqual([0, 1, 2, 3, 4])
  })

  it('a gateway that answers the same page whatever pageNo asks: the guard stops the listing, says so, the instances found are cancelled and the run fails', async () => {
    for (let i = 0; i < 4; i++) emulator.addInstance(`77-${i}`, { type: 1 })
    emulator.maxPageSize = 3
    emulator.ignorePageNo = true
    const { results, outcome } = await runCancel(emulator, { instanceIds: [], flowIds: [77] })
    expect(pageNos(1)).toEqual([0, 1, 2])
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['77-0', 'done'],
      ['77-1', 'done'],
      ['77-2', 'done']
    ])
    expect(emulator.instanceStatus('77-3')).toBe(2)
    expect(outcome.failure).toMatchObject({
      action: 'ListFlowInstances',
      code: 'ListingDidNotEnd',
      message: expect.stringContaining('page 2 brought only items already read')
    })
    expect(outcome.failure?.message).toContain('others may still be running')
    expect(outcome.notes).toContainEqual(
      expect.stringMatching(
        /^Listing stopped by its guard: List Flow Instances of flow 77 \(scheduling type 1\): page 2/
      )
    )
  })

  it('with flow-instance-id: the union, each once, named ones first', async () => {
    const { results } = await runCancel(emulator, { instanceIds: ['24-b', '2438-x'], flowIds: [24] })
    expect(results.map((r) => r.name)).toEqual(['24-b', '2438-x', '24-a', '24-c'])
  })

  it('max-targets guards what flow-id selects, before anything is cancelled', async () => {
    const { outcome } = await runCancel(emulator, { instanceIds: ['2438-x'], flowIds: [24], maxTargets: 2 })
    expect(outcome.failure).toMatchObject({
      code: 'TooManyTargets',
      refused: true,
      message: expect.stringContaining('3 flow instances matched flow-id 24, more than max-targets (2)')
    })
    expect(emulator.requests.filter((r) => r.action === 'cancel')).toEqual([])
  })

  it('disable-flow: disables the flow first, searches again, and cancels what appeared meanwhile', async () => {
    emulator.beforeDisable = () => emulator.addInstance('24-late', { type: 1 })
    const { results, outcome } = await runCancel(emulator, { instanceIds: [], flowIds: [24], disableFlow: true })
    const order = emulator.requests.map((r) => r.action).filter((a) => a !== 'token')
    // Get Flow first: the flow's state before it is disabled, for the manifest.
    expect(order).toEqual([
      ...Array(9).fill('search'),
      'get',
      'disable',
      ...Array(9).fill('search'),
      ...Array(4).fill('cancel')
    ])
    expect(emulator.isDisabled(24)).toBe(true)
    expect(results.map((r) => r.name)).toEqual(['24-a', '24-b', '24-c', '24-late'])
    expect(outcome.notes).toContain('Flow 24 disabled: its scheduler starts no new instance')
    expect(outcome.notes).toContain('1 more active instance started before the flows were disabled: 24-late')
  })

  it('max-targets counts what the search after Disable Flow finds: past it, nothing is cancelled and the run says the flow is disabled', async () => {
    for (let i = 0; i < 5; i++) emulator.addInstance(`77-a${i}`, { type: 1 })
    emulator.beforeDisable = () => {
      for (let i = 0; i < 20; i++) emulator.addInstance(`77-b${i}`, { type: 0 })
    }
    const { results, outcome } = await runCancel(emulator, {
      instanceIds: [],
      flowIds: [77],
      disableFlow: true,
      maxTargets: 10
    })
    expect(emulator.requests.filter((r) => r.action === 'cancel')).toEqual([])
    expect(emulator.isDisabled(77)).toBe(true)
    expect(outcome.failure).toMatchObject({ action: 'max-targets', code: 'TooManyTargets' })
    expect(outcome.failure?.message).toContain(
      '25 flow instances matched flow-id 77 (5 found first, 20 more after preparing), more than max-targets (10)'
    )
    expect(outcome.failure?.message).toContain('Flow 77 disabled: its scheduler starts no new instance')
    expect(results).toHaveLength(25)
    expect(results.every((r) => r.status === 'not-started')).toBe(true)
  })

  it('exactly max-targets after Disable Flow is within it: every one is cancelled', async () => {
    for (let i = 0; i < 5; i++) emulator.addInstance(`77-a${i}`, { type: 1 })
    emulator.beforeDisable = () => {
      for (let i = 0; i < 5; i++) emulator.addInstance(`77-b${i}`, { type: 0 })
    }
    const { results, outcome } = await runCancel(emulator, {
      instanceIds: [],
      flowIds: [77],
      disableFlow: true,
      maxTargets: 10
    })
    expect(outcome.failure).toBeUndefined()
    expect(results.filter((r) => r.status === 'done')).toHaveLength(10)
  })

  it('records each flow’s state (Get Flow) before Disable Flow, and the disable as a change', async () => {
    const { records, manifest } = recordedManifest()
    await runCancel(emulator, { instanceIds: [], flowIds: [24], disableFlow: true }, { manifest })
    const flowRecords = records.filter((r) => 'name' in r && r.name === '24')
    expect(flowRecords).toEqual([
      { type: 'target', name: '24', service: expect.objectContaining({ flowId: 24, active: 1 }) },
      expect.objectContaining({ type: 'change', name: '24', action: 'DisableFlow', outcome: 'done' })
    ])
  })

  it('a Get Flow that is refused: the flow is not disabled and nothing is cancelled', async () => {
    emulator.injectFault({
      action: 'get',
      fault: { kind: 'error', status: 200, code: '62103', message: 'User has no privilege.' }
    })
    const { outcome } = await runCancel(emulator, { instanceIds: [], flowIds: [24], disableFlow: true })
    expect(outcome.failure).toMatchObject({ action: 'GetFlow', code: '62103' })
    expect(outcome.failure?.message).toContain('it was not disabled, and no instance was cancelled')
    expect(emulator.isDisabled(24)).toBe(false)
    expect(emulator.requests.filter((r) => r.action === 'cancel' || r.action === 'disable')).toEqual([])
  })

  it('a Disable Flow that is refused fails the run and cancels nothing', async () => {
    emulator.injectFault({
      action: 'disable',
      fault: { kind: 'error', status: 200, code: '62103', message: 'User has no privilege.' }
    })
    const { outcome } = await runCancel(emulator, { instanceIds: [], flowIds: [24], disableFlow: true })
    expect(outcome.failure).toMatchObject({
      action: 'DisableFlow',
      code: '62103',
      message: 'disabling flow 24 failed: User has no privilege.; no instance was cancelled'
    })
    expect(outcome.results.every((r) => r.status === 'not-started')).toBe(true)
    expect(emulator.requests.filter((r) => r.action === 'cancel')).toEqual([])
  })

  it('dry run: the token and the searches are sent; no disable, no cancel', async () => {
    const { results, outcome } = await runCancel(emulator, {
      instanceIds: [],
      flowIds: [24],
      disableFlow: true,
      dryRun: true
    })
    expect(new Set(emulator.requests.map((r) => r.action))).toEqual(new Set(['token', 'search']))
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['24-a', 'dry-run'],
      ['24-b', 'dry-run'],
      ['24-c', 'dry-run']
    ])
    expect(outcome.notes).toContain(
      'Dry run: would disable flow 24 first, then search it once more for instances started before the disable; those count against max-targets with the ones above, and past it nothing is cancelled'
    )
    expect(emulator.isDisabled(24)).toBe(false)
  })

  it('a flow with no active instance is not an error', async () => {
    const { results, outcome } = await runCancel(emulator, { instanceIds: [], flowIds: [99] })
    expect(results).toEqual([])
    expect(outcome.failure).toBeUndefined()
    expect(outcome.notes).toContain('flow-id 99: no active instance triggered in the last 168 h')
  })
})
