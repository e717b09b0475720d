/**
 * Applying a reviewed plan over real HTTP against the fnf emulator: each flow read again with
 * DescribeFlow just before its first change (even without backup), and left alone when its Id or
 * LastModifiedTime is not the plan's; a flow gone already is not-found; one the plan found gone
 * and that exists now is new to the plan, and left alone.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { FnfEmulator } from '../../../../emulators/fnf-emulator.js'
import type { PlannedFlow, ReviewedPlan } from '../../../../src/providers/alibaba/plan.js'
import { runDelete } from '../../../helpers/operations.js'

let emulator: FnfEmulator
beforeEach(async () => {
  emulator = await new FnfEmulator().start()
  for (const name of ['pr-1-a', 'pr-1-b']) emulator.addFlow(name)
})
afterEach(async () => {
  await emulator.stop()
})

/** The plan a dry run would have made of the emulator's flows now (and of `gone`, not there). */
function planOf(names: string[], gone: string[] = [], { deleteSchedules = false } = {}): ReviewedPlan {
  const flows = new Map<string, PlannedFlow>()
  for (const name of names) {
    const found = emulator.flowAsDescribed(name)!
    flows.set(name, {
      id: String(found['Id']),
      lastModifiedTime: String(found['LastModifiedTime']),
      ...(deleteSchedules ? { schedules: emulator.schedulesOf(name) } : {})
    })
  }
  for (const name of gone) flows.set(name, { gone: true })
  return {
    path: 'plan.jsonl',
    region: '',
    endpoint: new URL(emulator.url).href,
    flows,
    removes: { deleteSchedules, stopExecutions: false }
  }
}
const calls = () => emulator.requests.map((r) => `${r.action} ${r.target}`)

describe('a reviewed plan, applied', () => {
  it('unchanged flows are deleted after DescribeFlow, even with backup: false', async () => {
    const plan = planOf(['pr-1-a', 'pr-1-b'])
    const { results } = await runDelete(emulator, { flowNames: ['pr-1-a', 'pr-1-b'], plan, concurrency: 1 })
    expect(results.map((r) => r.status)).toEqual(['done', 'done'])
    expect(calls()).toEqual(['DescribeFlow pr-1-a', 'DeleteFlow pr-1-a', 'DescribeFlow pr-1-b', 'DeleteFlow pr-1-b'])
  })

  it('a flow modified since the plan, and one deleted and made again (a new Id), are left alone with status changed', async () => {
    const plan = planOf(['pr-1-a', 'pr-1-b'])
    emulator.modifyFlow('pr-1-a')
    emulator.removeFlow('pr-1-b')
    emulator.addFlow('pr-1-b')
    const { results } = await runDelete(emulator, { flowNames: ['pr-1-a', 'pr-1-b'], plan, backup: true })
    expect(results.map((r) => [r.name, r.status, r.errorCode])).toEqual([
      ['pr-1-a', 'changed', 'ChangedSincePlan'],
      ['pr-1-b', 'changed', 'ChangedSincePlan']
    ])
    expect(results[0]!.message).toMatch(
      /^it was modified at .*, after the plan \(which found it as of .*\); nothing was done to it$/
    )
    expect(results[1]!.message).toMatch(/^its Id is .* now, the plan's was .*: it is another flow of the same name/)
    expect(emulator.flows.sort()).toEqual(['pr-1-a', 'pr-1-b'])
    expect(calls().filter((c) => !c.startsWith('DescribeFlow'))).toEqual([])
  })

  it('a flow gone already is not-found (not a failure, without ignore-not-found); one the plan found gone that exists now is left alone', async () => {
    const plan = planOf(['pr-1-a'], ['pr-1-new'])
    emulator.removeFlow('pr-1-a')
    emulator.addFlow('pr-1-new')
    const { results } = await runDelete(emulator, { flowNames: ['pr-1-a', 'pr-1-new'], plan })
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['pr-1-a', 'not-found'],
      ['pr-1-new', 'changed']
    ])
    expect(results[1]!.message).toBe('the plan found no flow of this name, and one exists now; nothing was done to it')
    expect(emulator.flows).toContain('pr-1-new')
  })
})

describe('a dependent that appeared since the plan is drift', () => {
  it('a schedule added after the review (LastModifiedTime does not move): the flow is left alone, naming it; the planned schedules of the others go', async () => {
    emulator.addSchedule('pr-1-a', 'nightly')
    emulator.addSchedule('pr-1-b', 'hourly')
    const plan = planOf(['pr-1-a', 'pr-1-b'], [], { deleteSchedules: true })
    emulator.addSchedule('pr-1-a', 'added-later')
    const { results } = await runDelete(emulator, {
      flowNames: ['pr-1-a', 'pr-1-b'],
      plan,
      deleteSchedules: true,
      concurrency: 1
    })
    expect(results.map((r) => [r.name, r.status, r.errorCode])).toEqual([
      ['pr-1-a', 'changed', 'ChangedSincePlan'],
      ['pr-1-b', 'done', undefined]
    ])
    expect(results[0]!.message).toBe(
      "1 schedule 'added-later' is not in the plan (added since it was made); nothing was done to it"
    )
    expect(emulator.flows).toEqual(['pr-1-a'])
    expect(emulator.schedulesOf('pr-1-a').sort()).toEqual(['added-later', 'nightly'])
    expect(calls().filter((c) => c.startsWith('Delete'))).toEqual(['DeleteSchedule pr-1-b/hourly', 'DeleteFlow pr-1-b'])
  })
})
