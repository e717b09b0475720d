/**
 * operation: delete by selector and with dependents, over real HTTP against the fnf emulator:
 * every page of ListFlows read (pages shorter than Limit included), exact matching, the plan of a
 * dry run, and dependents removed in order with their failures stopping only their own flow.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { FnfEmulator } from '../../../../emulators/fnf-emulator.js'
import { Cancellation } from '../../../../src/http/cancellation.js'
import { sendHttp } from '../../../../src/http/send.js'
import { runDelete } from '../../../helpers/operations.js'
import { detailed } from '../../../helpers/results.js'

let emulator: FnfEmulator
beforeEach(async () => {
  emulator = await new FnfEmulator().start()
})
afterEach(async () => {
  await emulator.stop()
})

const calls = () => emulator.requests.map((r) => `${r.action} ${r.target}`.trim())
const MUTATING = ['DeleteFlow', 'DeleteSchedule', 'StopExecution']

describe('flow-name-pattern', () => {
  it('reads every page, even pages shorter than Limit while a NextToken remains, and matches exactly', async () => {
    emulator.maxPageSize = 40 // the client asks for 999 a page
    for (let i = 0; i < 130; i++) emulator.addFlow(i % 10 === 0 ? `pr-42-f${i}` : `other-${i}`)
    emulator.addFlow('pr-420-api') // a near miss
    emulator.addFlow('PR-42-upper') // case matters
    const { results, outcome } = await runDelete(emulator, { flowNames: [], flowNamePatterns: ['pr-42-*'] })
    const lists = emulator.requests.filter((r) => r.action === 'ListFlows')
    expect(lists).toHaveLength(4) // 132 flows in pages of 40
    expect(lists.map((r) => new URL(r.raw.url, 'http://x').searchParams.get('NextToken'))).toEqual([
      null,
      'emu-next-40',
      'emu-next-80',
      'emu-next-120'
    ])
    expect(lists.every((r) => new URL(r.raw.url, 'http://x').searchParams.get('Limit') === '999')).toBe(true)
    const expected = Array.from({ length: 13 }, (_, i) => `pr-42-f${i * 10}`)
    expect(results.map((r) => [r.name, r.status])).toEqual(expected.map((name) => [name, 'done']))
    expect(emulator.flows).toContain('pr-420-api')
    expect(emulator.flows).toContain('PR-42-upper')
    expect(emulator.flows).toHaveLength(132 - 13)
    expect(outcome.notes).toEqual([
      `ListFlows: 132 flows in ${new URL(emulator.url).host}, read in 4 pages (4 requests)`,
      "flow-name-pattern 'pr-42-*' matched 13 flows: pr-42-f0, pr-42-f10, pr-42-f20, pr-42-f30, pr-42-f40, pr-42-f50, pr-42-f60, pr-42-f70, pr-42-f80, pr-42-f90 and 3 more"
    ])
  })

  it('names first, then matches in listing order, each once; a pattern that matches nothing is a note', async () => {
    for (const name of ['a-1', 'b-1', 'a-2', 'keep']) emulator.addFlow(name)
    const { results, outcome } = await runDelete(emulator, {
      flowNames: ['keep', 'a-2'],
      flowNamePatterns: ['a-?', 'zzz*']
    })
    expect(results.map((r) => r.name)).toEqual(['keep', 'a-2', 'a-1'])
    expect(results.every((r) => r.status === 'done')).toBe(true)
    expect(outcome.notes).toContain(
      `flow-name-pattern 'zzz*' matched no flow among the 4 flows of ${new URL(emulator.url).host}`
    )
    expect(emulator.flows).toEqual(['b-1'])
  })

  it('a name the listing gives that cannot be a flow’s is left alone', async () => {
    emulator.addFlow('pr-1-ok')
    emulator.injectFault({
      action: 'ListFlows',
      fault: {
        kind: 'raw',
        status: 200,
        body: JSON.stringify({
          RequestId: 'R',
          Flows: [{ Name: 'pr-1-ok' }, { Name: 'pr-1-x\n::error::owned' }, { Name: 'pr-1-a b' }, { Id: 'no-name' }]
        })
      }
    })
    const { results, outcome } = await runDelete(emulator, { flowNames: [], flowNamePatterns: ['pr-1-*'] })
    expect(results.map((r) => r.name)).toEqual(['pr-1-ok'])
    expect(outcome.notes).toContain('ListFlows answered 3 entries without a valid flow name; they were left alone')
  })

  it('max-targets: more matches than allowed fails before any DeleteFlow, naming the first few', async () => {
    for (let i = 0; i < 6; i++) emulator.addFlow(`pr-7-${i}`)
    const { outcome } = await runDelete(emulator, { flowNames: [], flowNamePatterns: ['pr-7-*'], maxTargets: 5 })
    expect(calls()).toEqual(['ListFlows'])
    expect(outcome.failure).toEqual({
      action: 'max-targets',
      code: 'TooManyTargets',
      refused: true,
      message:
        "6 flows matched 'pr-7-*', more than max-targets (5): pr-7-0, pr-7-1, pr-7-2, pr-7-3, pr-7-4, …. Nothing was changed.",
      hint: "Narrow 'flow-name-pattern', or raise 'max-targets' (up to 1000) if every one of them should go."
    })
    expect(emulator.flows).toHaveLength(6)
  })

  it('a ListFlows that fails fails the run with the mapped error and changes nothing', async () => {
    emulator.addFlow('pr-1-a')
    emulator.injectFault({ action: 'ListFlows', fault: { kind: 'error', status: 403, code: 'AccessDenied' } })
    const { outcome } = await runDelete(emulator, { flowNames: ['pr-1-a'], flowNamePatterns: ['pr-1-*'] })
    expect(outcome.failure).toMatchObject({
      action: 'ListFlows',
      code: 'AccessDenied',
      httpStatus: 403,
      hint: expect.stringContaining('fnf:ListFlows')
    })
    expect(outcome.results).toEqual([expect.objectContaining({ name: 'pr-1-a', status: 'not-started' })])
    expect(calls()).toEqual(['ListFlows'])
  })

  it('a listed flow that is gone by the time DeleteFlow reaches it is not found, not failed', async () => {
    emulator.addFlow('pr-3-a')
    emulator.injectFault({
      action: 'ListFlows',
      fault: {
        kind: 'raw',
        status: 200,
        body: JSON.stringify({ RequestId: 'R', Flows: [{ Name: 'pr-3-gone' }, { Name: 'pr-3-a' }] })
      }
    })
    const { results } = await runDelete(emulator, { flowNames: [], flowNamePatterns: ['pr-3-*'] })
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['pr-3-gone', 'not-found'],
      ['pr-3-a', 'done']
    ])
  })
})

describe('delete-schedules and stop-executions', () => {
  beforeEach(() => {
    emulator.addFlow('pr-5-api')
    for (const s of ['nightly', 'hourly', 'weekly']) emulator.addSchedule('pr-5-api', s)
    emulator.addExecution('pr-5-api', 'run-1')
    emulator.addExecution('pr-5-api', 'run-2')
    emulator.addExecution('pr-5-api', 'old', 'Succeeded')
  })

  it('removes schedules, then running executions, then the flow, and counts them', async () => {
    const { results } = await runDelete(emulator, {
      flowNames: ['pr-5-api'],
      deleteSchedules: true,
      stopExecutions: true,
      runUrl: 'https://github.com/o/r/actions/runs/9'
    })
    expect(calls()).toEqual([
      'ListSchedules pr-5-api',
      'DeleteSchedule pr-5-api/nightly',
      'DeleteSchedule pr-5-api/hourly',
      'DeleteSchedule pr-5-api/weekly',
      'ListExecutions pr-5-api',
      'ListExecutions pr-5-api',
      'StopExecution pr-5-api/run-1',
      'StopExecution pr-5-api/run-2',
      'DeleteFlow pr-5-api'
    ])
    expect(detailed(results[0])).toMatchObject({
      status: 'done',
      action: 'DeleteFlow',
      attempts: 1,
      requests: 9,
      schedules: ['nightly', 'hourly', 'weekly'],
      schedulesDeleted: 3,
      executions: ['run-1', 'run-2'],
      executionsStopped: 2
    })
    expect(emulator.execution('pr-5-api', 'run-2')).toMatchObject({ status: 'Stopped', error: 'FlowOps.Teardown' })
    expect(emulator.execution('pr-5-api', 'old')?.status).toBe('Succeeded')
    expect(emulator.flows).toEqual([])
    const stop = emulator.requests.find((r) => r.action === 'StopExecution')!
    const form = new URLSearchParams(stop.raw.body)
    expect(form.get('Error')).toBe('FlowOps.Teardown')
    expect(form.get('Cause')).toBe(
      "Stopped by flow-ops: teardown of flow 'pr-5-api' in https://github.com/o/r/actions/runs/9"
    )
    // Starting first, then Running: one that starts running between the two is found by the second.
    const statuses = emulator.requests
      .filter((r) => r.action === 'ListExecutions')
      .map((r) => new URL(r.raw.url, 'http://x').searchParams.get('Status'))
    expect(statuses).toEqual(['Starting', 'Running'])
  })

  it('an execution still Starting is stopped before DeleteFlow, as a Running one is', async () => {
    emulator.addExecution('pr-5-api', 'warming-up', 'Starting')
    const { results } = await runDelete(emulator, { flowNames: ['pr-5-api'], stopExecutions: true })
    expect(calls().slice(0, 5)).toEqual([
      'ListExecutions pr-5-api',
      'ListExecutions pr-5-api',
      'StopExecution pr-5-api/warming-up',
      'StopExecution pr-5-api/run-1',
      'StopExecution pr-5-api/run-2'
    ])
    expect(calls()[5]).toBe('DeleteFlow pr-5-api')
    expect(emulator.execution('pr-5-api', 'warming-up')).toMatchObject({ status: 'Stopped', error: 'FlowOps.Teardown' })
    expect(detailed(results[0])).toMatchObject({
      status: 'done',
      executions: ['warming-up', 'run-1', 'run-2'],
      executionsStopped: 3
    })
  })

  it('every listing asks for a page size inside the SDK model’s range (ListExecutions 1–99), which the emulator holds', async () => {
    await runDelete(emulator, {
      flowNames: [],
      flowNamePatterns: ['pr-5-*'],
      deleteSchedules: true,
      stopExecutions: true
    })
    const limits = Object.fromEntries(
      emulator.requests
        .filter((r) => r.action.startsWith('List'))
        .map((r) => [r.action, new URL(r.raw.url, 'http://x').searchParams.get('Limit')])
    )
    expect(limits).toEqual({ ListFlows: '999', ListSchedules: '100', ListExecutions: '99' })
    expect(emulator.flows).toEqual([])
  })

  it('a differently named "already gone" or "already finished" answer, told by its status and message, counts as done', async () => {
    emulator.injectFault({
      action: 'DeleteSchedule',
      fault: { kind: 'error', status: 404, code: 'ScheduleNotFound', message: 'The schedule nightly does not exist.' }
    })
    emulator.injectFault({
      action: 'StopExecution',
      fault: { kind: 'error', status: 400, code: 'ExecutionFinished', message: 'Execution run-1 has already finished.' }
    })
    emulator.injectFault({
      action: 'StopExecution',
      fault: { kind: 'error', status: 404, code: 'ExecutionMissing', message: 'Execution run-2 does not exist.' }
    })
    const { results } = await runDelete(emulator, {
      flowNames: ['pr-5-api'],
      deleteSchedules: true,
      stopExecutions: true
    })
    expect(detailed(results[0])).toMatchObject({ status: 'done', schedulesDeleted: 3, executionsStopped: 2 })
  })

  it('a 404 that is a gateway page, or a 400 that says something else, is not taken for "already gone"', async () => {
    emulator.injectFault({ action: 'DeleteSchedule', fault: { kind: 'html', status: 404 } })
    const page = await runDelete(emulator, { flowNames: ['pr-5-api'], deleteSchedules: true })
    expect(detailed(page.results[0])).toMatchObject({
      status: 'failed',
      action: 'DeleteSchedule',
      errorCode: 'HttpError'
    })
    emulator.injectFault({
      action: 'StopExecution',
      fault: { kind: 'error', status: 400, code: 'InvalidArgument', message: 'Parameter error.' }
    })
    const refused = await runDelete(emulator, { flowNames: ['pr-5-api'], stopExecutions: true })
    expect(detailed(refused.results[0])).toMatchObject({
      status: 'failed',
      action: 'StopExecution',
      errorCode: 'InvalidArgument'
    })
    expect(emulator.flows).toEqual(['pr-5-api'])
  })

  it('a listing is bounded in time, not by a count of pages: 1,001 pages of one execution are read to the end and every one is stopped', async () => {
    for (let i = 0; i < 1001; i++) emulator.addExecution('pr-5-api', `loop-${String(i).padStart(4, '0')}`)
    emulator.maxPageSize = 1
    const { results } = await runDelete(emulator, { flowNames: ['pr-5-api'], stopExecutions: true, maxRate: 1000 })
    expect(detailed(results[0])).toMatchObject({ status: 'done', action: 'DeleteFlow' })
    const running = emulator.requests.filter(
      (r) => r.action === 'ListExecutions' && r.raw.url.includes('Status=Running')
    )
    expect(running.length).toBeGreaterThanOrEqual(1001)
    expect(emulator.execution('pr-5-api', 'loop-1000')?.status).toBe('Stopped')
    expect(emulator.flows).toEqual([])
  })

  it('a dependent step that fails fails its flow with the mapped error; DeleteFlow is not sent; other flows carry on', async () => {
    emulator.addFlow('pr-5-web')
    emulator.injectFault({ action: 'DeleteSchedule', fault: { kind: 'error', status: 403, code: 'AccessDenied' } })
    const { results } = await runDelete(emulator, {
      flowNames: ['pr-5-api', 'pr-5-web'],
      deleteSchedules: true,
      concurrency: 1
    })
    expect(detailed(results[0])).toMatchObject({
      name: 'pr-5-api',
      status: 'failed',
      action: 'DeleteSchedule',
      errorCode: 'AccessDenied',
      httpStatus: 403,
      message: "schedule 'nightly': Injected AccessDenied.; DeleteFlow was not sent",
      hint: expect.stringContaining('fnf:DeleteSchedule'),
      schedules: ['nightly', 'hourly', 'weekly'],
      schedulesDeleted: 0
    })
    expect(detailed(results[1])).toMatchObject({ name: 'pr-5-web', status: 'done', schedules: [], schedulesDeleted: 0 })
    expect(calls()).not.toContain('DeleteFlow pr-5-api')
    expect(emulator.flows).toEqual(['pr-5-api'])
    expect(emulator.schedulesOf('pr-5-api')).toEqual(['nightly', 'hourly', 'weekly'])
  })

  it('a schedule already gone or an execution already ended counts as done', async () => {
    emulator.injectFault({ action: 'DeleteSchedule', fault: { kind: 'error', status: 404, code: 'ScheduleNotExists' } })
    emulator.injectFault({
      action: 'StopExecution',
      fault: { kind: 'error', status: 400, code: 'ExecutionAlreadyCompleted' }
    })
    const { results } = await runDelete(emulator, {
      flowNames: ['pr-5-api'],
      deleteSchedules: true,
      stopExecutions: true
    })
    expect(detailed(results[0])).toMatchObject({ status: 'done', schedulesDeleted: 3, executionsStopped: 2 })
  })

  it('ListSchedules answering FlowNotExists still sends DeleteFlow, whose answer decides', async () => {
    const gone = await runDelete(emulator, { flowNames: ['no-such-flow'], deleteSchedules: true, stopExecutions: true })
    expect(calls()).toEqual(['ListSchedules no-such-flow', 'DeleteFlow no-such-flow'])
    expect(detailed(gone.results[0])).toMatchObject({
      status: 'failed',
      errorCode: 'FlowNotExists',
      action: 'DeleteFlow'
    })
    const ignored = await runDelete(emulator, {
      flowNames: ['no-such-flow'],
      deleteSchedules: true,
      ignoreNotFound: true
    })
    expect(detailed(ignored.results[0])).toMatchObject({ status: 'not-found', schedules: [] })
  })

  it('dry run with a pattern: lists flows, schedules and executions, changes nothing, shows the plan', async () => {
    const { results, logger } = await runDelete(emulator, {
      flowNames: [],
      flowNamePatterns: ['pr-5-*'],
      deleteSchedules: true,
      stopExecutions: true,
      dryRun: true
    })
    expect(calls()).toEqual([
      'ListFlows',
      'ListSchedules pr-5-api',
      'ListExecutions pr-5-api',
      'ListExecutions pr-5-api'
    ])
    expect(emulator.requests.some((r) => MUTATING.includes(r.action))).toBe(false)
    expect(detailed(results[0])).toMatchObject({
      name: 'pr-5-api',
      status: 'dry-run',
      schedules: ['nightly', 'hourly', 'weekly'],
      schedulesDeleted: 0,
      executions: ['run-1', 'run-2'],
      executionsStopped: 0,
      preview: expect.stringMatching(/^POST .*Action=DeleteFlow/)
    })
    expect(logger.lines).toContainEqual(
      expect.stringContaining(
        `Dry run: would delete flow 'pr-5-api' (${new URL(emulator.url).host}) with 3 schedules (nightly, hourly, weekly) and 2 running executions (run-1, run-2)`
      )
    )
    expect(emulator.schedulesOf('pr-5-api')).toHaveLength(3)
  })

  it('a dry run without a selector sends nothing, as before', async () => {
    const { results } = await runDelete(emulator, { flowNames: ['pr-5-api'], deleteSchedules: true, dryRun: true })
    expect(emulator.requests).toEqual([])
    expect(results[0]?.status).toBe('dry-run')
  })
})

describe('a teardown cut by the job’s cancellation', () => {
  it('after one of two schedules was deleted: the flow is partial, saying how much went; DeleteFlow is not sent', async () => {
    emulator.addFlow('pr-cut')
    emulator.addSchedule('pr-cut', 's1')
    emulator.addSchedule('pr-cut', 's2')
    const cancellation = new Cancellation(0)
    // The job is cancelled as the first DeleteSchedule answers.
    const send: typeof sendHttp = async (request, options) => {
      const response = await sendHttp(request, options)
      if (`${request.url} ${request.body ?? ''}`.includes('DeleteSchedule')) cancellation.request('SIGTERM')
      return response
    }
    const { results } = await runDelete(
      emulator,
      { flowNames: ['pr-cut'], deleteSchedules: true, stopExecutions: true },
      { cancellation, send }
    )
    expect(results[0]).toMatchObject({
      status: 'partial',
      message:
        "the run was cancelled during DeleteSchedule after part of the flow's dependents were removed (1 of 2 schedules deleted); DeleteFlow was not sent"
    })
    expect(emulator.requests.map((r) => r.action)).not.toContain('DeleteFlow')
    expect(emulator.flows).toContain('pr-cut')
  })
})
