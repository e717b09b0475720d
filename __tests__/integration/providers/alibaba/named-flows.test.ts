/**
 * The backups of flows given by name, over real HTTP against the fnf emulator: read from ListFlows
 * pages while they cost less than a DescribeFlow each, so that a named teardown costs at most two
 * calls a flow (its ListSchedules and its DeleteFlow) plus the listing's pages; a flow a read
 * shows gone costs nothing more; a listing refused or not worth it falls back to DescribeFlow.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { FnfEmulator } from '../../../../emulators/fnf-emulator.js'
import { recordedManifest } from '../../../helpers/manifest.js'
import { runDelete, type DeleteOverrides } from '../../../helpers/operations.js'

let emulator: FnfEmulator
beforeEach(async () => {
  emulator = await new FnfEmulator().start()
})
afterEach(async () => {
  await emulator.stop()
})

async function teardown(overrides: DeleteOverrides) {
  const { records, manifest } = recordedManifest()
  const run = await runDelete(emulator, { backup: true, concurrency: 1, ...overrides }, { manifest })
  return { ...run, records }
}
const actions = () => emulator.requests.map((r) => r.action)
const count = (action: string) => actions().filter((a) => a === action).length

describe('named flows, backup on', () => {
  it('5 named flows with a schedule each: one ListFlows page, then ListSchedules and DeleteFlow each (2 calls a flow); no DescribeFlow', async () => {
    const names = Array.from({ length: 5 }, (_, i) => `pr-8-f${i}`)
    for (const name of names) {
      emulator.addFlow(name, { Definition: `version: v1\ntype: flow\n# ${name}` })
      emulator.addSchedule(name, 'nightly')
    }
    emulator.addFlow('main-api')
    const { results, records, logger } = await teardown({ flowNames: names })
    expect(results.every((r) => r.status === 'done')).toBe(true)
    expect(count('ListFlows')).toBe(1)
    expect(count('DescribeFlow')).toBe(0)
    expect(count('ListSchedules')).toBe(5)
    expect(count('DeleteFlow')).toBe(5)
    expect(emulator.requests).toHaveLength(11)
    // The manifest holds what it held with DescribeFlow: each flow's fields, its definition among them, and its schedules.
    const target = records.find((r) => 'type' in r && r.type === 'target' && r.name === 'pr-8-f0')
    expect(target).toMatchObject({ service: { Name: 'pr-8-f0', Definition: expect.stringContaining('# pr-8-f0') } })
    expect(records.filter((r) => 'type' in r && r.type === 'dependents')).toHaveLength(5)
    expect(logger.lines.join('\n')).toContain(
      'Backups of the named flows read from ListFlows (1 page, the whole region): 5 found'
    )
  })

  it('40 named flows already gone, ignore-not-found: the listing read to its end shows them gone, and nothing else is sent', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `pr-9-gone${i}`)
    emulator.addFlow('main-api')
    const { results, records } = await teardown({ flowNames: names, ignoreNotFound: true, concurrency: 8 })
    expect(results.map((r) => r.status)).toEqual(Array(40).fill('not-found'))
    expect(results[0]).toMatchObject({
      action: 'ListFlows',
      message:
        'ListFlows, read to its end, does not list it: the flow does not exist, and nothing was sent to delete it'
    })
    expect(actions()).toEqual(['ListFlows'])
    expect(records.filter((r) => 'type' in r && r.type === 'target').every((r) => 'gone' in r && r.gone)).toBe(true)
  })

  it('a large region whose first page holds none of the names: the listing stops, and each is read with DescribeFlow', async () => {
    emulator.maxPageSize = 10
    for (let i = 0; i < 50; i++) emulator.addFlow(`aa-other-${String(i).padStart(2, '0')}`)
    for (const name of ['zz-1', 'zz-2', 'zz-3']) emulator.addFlow(name)
    const { results } = await teardown({ flowNames: ['zz-1', 'zz-2', 'zz-3'] })
    expect(results.every((r) => r.status === 'done')).toBe(true)
    // One page found nothing: more pages would cost more than the names left.
    expect(count('ListFlows')).toBe(1)
    expect(count('DescribeFlow')).toBe(3)
  })

  it('names spread over several pages: the listing goes on while each page finds one on average', async () => {
    emulator.maxPageSize = 4
    const names: string[] = []
    for (let i = 0; i < 12; i++) {
      const name = `pr-${String(i).padStart(2, '0')}`
      emulator.addFlow(name)
      if (i % 2 === 0) names.push(name)
    }
    const { results } = await teardown({ flowNames: names })
    expect(results.every((r) => r.status === 'done')).toBe(true)
    expect(count('ListFlows')).toBe(3)
    expect(count('DescribeFlow')).toBe(0)
    // Calls in all: 3 pages + a ListSchedules and a DeleteFlow for each of 6 flows.
    expect(emulator.requests).toHaveLength(3 + 6 * 2)
  })

  it('a policy without fnf:ListFlows: DescribeFlow each, said once in the log', async () => {
    emulator.injectFault({ action: 'ListFlows', fault: { kind: 'error', status: 403, code: 'AccessDenied' } })
    for (const name of ['pr-1', 'pr-2']) emulator.addFlow(name)
    const { results, logger } = await teardown({ flowNames: ['pr-1', 'pr-2'] })
    expect(results.every((r) => r.status === 'done')).toBe(true)
    expect(count('DescribeFlow')).toBe(2)
    const said = logger.lines.filter((l) => l.includes('ListFlows was refused (AccessDenied'))
    expect(said).toHaveLength(1)
  })

  it('one named flow: a DescribeFlow costs no more than a page, so no listing', async () => {
    emulator.addFlow('pr-1')
    await teardown({ flowNames: ['pr-1'] })
    expect(actions()).toEqual(['DescribeFlow', 'ListSchedules', 'DeleteFlow'])
  })

  it('backup off: no read at all', async () => {
    emulator.addFlow('pr-1')
    emulator.addFlow('pr-2')
    await teardown({ flowNames: ['pr-1', 'pr-2'], backup: false })
    expect(actions()).toEqual(['DeleteFlow', 'DeleteFlow'])
  })
})
