/**
 * Teardown by selector through dist/index.js, as the runner runs it: flow-name-pattern over a
 * 130-flow region, max-targets, delete-schedules and stop-executions with a dependent that fails,
 * a dry run that shows the real plan; flow-id, lookback-hours and disable-flow for EnOS.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { EnosEmulator } from '../../emulators/enos-emulator.js'
import { FnfEmulator } from '../../emulators/fnf-emulator.js'
import { cancelInputs, deleteInputs } from '../../scripts/lib/emulator-inputs.js'
import { runAction } from '../helpers/run-action.js'

const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!()
})

async function fnf(setup: (e: FnfEmulator) => void): Promise<FnfEmulator> {
  const emulator = await new FnfEmulator({ maxPageSize: 40 }).start()
  setup(emulator)
  stops.push(() => emulator.stop())
  return emulator
}

async function enos(setup: (e: EnosEmulator) => void): Promise<EnosEmulator> {
  const emulator = await new EnosEmulator().start()
  setup(emulator)
  stops.push(() => emulator.stop())
  return emulator
}

interface ResultEntry {
  name: string
  status: string
  errorCode: string | null
  schedules?: string[]
  schedulesDeleted?: number
  executions?: string[]
  executionsStopped?: number
}
const resultsOf = (outputs: Record<string, string>) => JSON.parse(outputs['results']!) as ResultEntry[]
const MUTATING = ['DeleteFlow', 'DeleteSchedule', 'StopExecution', 'cancel', 'disable']

/** A region of 130 flows, 13 of them a pull request's preview. */
function region(e: FnfEmulator): void {
  for (let i = 0; i < 130; i++) e.addFlow(i % 10 === 0 ? `pr-42-svc${i}` : `prod-${i}`)
}

describe('operation: delete with flow-name-pattern', () => {
  it('deletes every match of a 130-flow region, read page by page, and says what matched', async () => {
    const emulator = await fnf(region)
    const run = await runAction(deleteInputs(emulator, [], { 'flow-name-pattern': 'pr-42-*' }))
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('deleted')
    const results = resultsOf(run.outputs)
    expect(results.map((r) => r.name)).toEqual(Array.from({ length: 13 }, (_, i) => `pr-42-svc${i * 10}`))
    expect(emulator.flows.filter((f) => f.startsWith('pr-42-'))).toEqual([])
    expect(emulator.flows).toHaveLength(117)
    expect(emulator.requests.filter((r) => r.action === 'ListFlows')).toHaveLength(4)
    expect(run.stdout).toContain(`ListFlows: 130 flows in ${new URL(emulator.url).host}, read in 4 pages (4 requests)`)
    expect(run.stdout).toContain("flow-name-pattern 'pr-42-*' matched 13 flows: pr-42-svc0, pr-42-svc10")
    expect(run.summary).toContain('flow-name-pattern &#39;pr-42-&#42;&#39; matched 13 flows')
  })

  it('max-targets: too many matches fail the step before anything is deleted, naming the first few', async () => {
    const emulator = await fnf(region)
    const run = await runAction(deleteInputs(emulator, [], { 'flow-name-pattern': '*-*', 'max-targets': '100' }))
    expect(run.code).toBe(1)
    expect(run.outputs['status']).toBe('failed')
    expect(run.outputs['error-code']).toBe('TooManyTargets')
    expect(run.outputs['error-message']).toBe(
      "130 flows matched '*-*', more than max-targets (100): pr-42-svc0, prod-1, prod-2, prod-3, prod-4, …. Nothing was changed."
    )
    // A refusal reads as one, not as an input that failed.
    expect(run.stdout).toContain(
      "::error title=max-targets refused::max-targets refused: 130 flows matched '*-*', more than max-targets (100)"
    )
    expect(run.errors.at(-1)).toMatch(/^max-targets refused \(TooManyTargets\)/)
    expect(run.stdout).not.toContain('max-targets failed')
    expect(emulator.requests.map((r) => r.action)).toEqual(['ListFlows', 'ListFlows', 'ListFlows', 'ListFlows'])
    expect(emulator.flows).toHaveLength(130)
  })

  it('a pattern that matches nothing succeeds with status not-found and says so', async () => {
    const emulator = await fnf(region)
    const run = await runAction(deleteInputs(emulator, [], { 'flow-name-pattern': 'pr-99-*' }))
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('not-found')
    expect(run.outputs['results']).toBe('[]')
    expect(run.stdout).toContain(
      `flow-name-pattern 'pr-99-*' matched no flow among the 130 flows of ${new URL(emulator.url).host}`
    )
  })

  it('a pattern flow-ops does not accept is refused before any request', async () => {
    const emulator = await fnf(region)
    const run = await runAction(deleteInputs(emulator, [], { 'flow-name-pattern': 'pr-42-[0-9]*' }))
    expect(run.code).toBe(1)
    expect(run.stdout).toContain("::error::Input 'flow-name-pattern' line 1 is not a pattern flow-ops accepts")
    expect(emulator.requests).toEqual([])
  })
})

describe('operation: delete with delete-schedules and stop-executions', () => {
  function flowsWithDependents(e: FnfEmulator): void {
    for (const flow of ['pr-7-api', 'pr-7-web']) {
      e.addFlow(flow)
      for (const s of ['nightly', 'hourly', 'weekly']) e.addSchedule(flow, s)
      e.addExecution(flow, 'run-1')
      e.addExecution(flow, 'run-2')
    }
  }

  it('removes schedules, then running executions, then each flow; results and the summary count them', async () => {
    const emulator = await fnf(flowsWithDependents)
    const run = await runAction(
      deleteInputs(emulator, [], {
        'flow-name-pattern': 'pr-7-*',
        'delete-schedules': 'true',
        'stop-executions': 'true',
        concurrency: '1'
      })
    )
    expect(run.code).toBe(0)
    const order = emulator.requests.filter((r) => r.target.startsWith('pr-7-api')).map((r) => r.action)
    expect(order).toEqual([
      'ListSchedules',
      'DeleteSchedule',
      'DeleteSchedule',
      'DeleteSchedule',
      'ListExecutions',
      'ListExecutions',
      'StopExecution',
      'StopExecution',
      'DeleteFlow'
    ])
    expect(resultsOf(run.outputs)[0]).toMatchObject({
      name: 'pr-7-api',
      status: 'deleted',
      schedules: ['nightly', 'hourly', 'weekly'],
      schedulesDeleted: 3,
      executions: ['run-1', 'run-2'],
      executionsStopped: 2
    })
    expect(run.summary).toContain('<th>Schedules</th><th>Running executions</th>')
    expect(run.summary).toContain('3 deleted: <code>nightly</code>, <code>hourly</code>, <code>weekly</code>')
    expect(run.summary).toContain('2 stopped: <code>run-1</code>, <code>run-2</code>')
    expect(run.stdout).toContain("Flow 'pr-7-api': deleted 3 schedules (nightly, hourly, weekly)")
  })

  it('a dependent step that fails fails its flow, sends no DeleteFlow for it, and the others carry on', async () => {
    const emulator = await fnf(flowsWithDependents)
    emulator.injectFault({ action: 'DeleteSchedule', fault: { kind: 'error', status: 403, code: 'AccessDenied' } })
    const run = await runAction(
      deleteInputs(emulator, ['pr-7-api', 'pr-7-web'], { 'delete-schedules': 'true', concurrency: '1' })
    )
    expect(run.code).toBe(1)
    expect(run.outputs['status']).toBe('failed')
    expect(run.outputs['error-code']).toBe('AccessDenied')
    expect(run.stdout).toContain(
      `::error title=DeleteSchedule failed%3A pr-7-api::DeleteSchedule 'pr-7-api' (${new URL(emulator.url).host}) failed after 1 attempt: AccessDenied (HTTP 403): schedule 'nightly': Injected AccessDenied.; DeleteFlow was not sent — The credentials may not call DeleteSchedule: grant the RAM action \`fnf:DeleteSchedule\``
    )
    // In the summary the hint is given once, under its heading, its code spans as code.
    expect(run.summary).toContain(
      '<h4>What to do</h4>\n<ul><li>The credentials may not call DeleteSchedule: grant the RAM action <code>fnf:DeleteSchedule</code>'
    )
    expect(resultsOf(run.outputs).map((r) => [r.name, r.status])).toEqual([
      ['pr-7-api', 'failed'],
      ['pr-7-web', 'deleted']
    ])
    expect(emulator.requests.some((r) => r.action === 'DeleteFlow' && r.target === 'pr-7-api')).toBe(false)
    expect(emulator.flows).toEqual(['pr-7-api'])
  })

  it('dry run with a pattern: the read-only calls are sent and the plan shown; nothing is changed', async () => {
    const emulator = await fnf(flowsWithDependents)
    const run = await runAction(
      deleteInputs(emulator, [], {
        'flow-name-pattern': 'pr-7-a*',
        'delete-schedules': 'true',
        'stop-executions': 'true',
        'dry-run': 'true'
      })
    )
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('dry-run')
    expect(emulator.requests.map((r) => r.action)).toEqual([
      'ListFlows',
      'ListSchedules',
      'ListExecutions',
      'ListExecutions'
    ])
    expect(emulator.requests.some((r) => MUTATING.includes(r.action))).toBe(false)
    expect(resultsOf(run.outputs)).toEqual([
      expect.objectContaining({
        name: 'pr-7-api',
        status: 'dry-run',
        schedules: ['nightly', 'hourly', 'weekly'],
        schedulesDeleted: 0,
        executions: ['run-1', 'run-2'],
        executionsStopped: 0
      })
    ])
    expect(run.stdout).toContain(
      `Dry run: would delete flow 'pr-7-api' (${new URL(emulator.url).host}) with 3 schedules (nightly, hourly, weekly) and 2 running executions (run-1, run-2)`
    )
    expect(run.summary).toContain('would delete 3: <code>nightly</code>')
    expect(emulator.flows).toEqual(['pr-7-api', 'pr-7-web'])
  })
})

describe('operation: cancel with flow-id', () => {
  const HOUR = 3_600_000
  function instances(e: EnosEmulator): void {
    e.addInstance('24-a', { type: 0 })
    e.addInstance('24-b', { type: 1, status: 5 })
    e.addInstance('24-c', { type: 2 })
    e.addInstance('24-ended', { type: 1, status: 1 })
    e.addInstance('24-old', { type: 1, triggerTime: Date.now() - 30 * HOUR })
    e.addInstance('2438-other', { type: 1 })
  }

  it('cancels the flow’s active instances within lookback-hours, and nothing else', async () => {
    const emulator = await enos(instances)
    const run = await runAction(cancelInputs(emulator, [], { 'flow-id': '24', 'lookback-hours': '24' }))
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('cancelled')
    expect(resultsOf(run.outputs).map((r) => r.name)).toEqual(['24-a', '24-b', '24-c'])
    expect(emulator.instanceStatus('24-old')).toBe(2)
    expect(emulator.instanceStatus('2438-other')).toBe(2)
    expect(run.stdout).toContain('flow-id 24: 3 active instances triggered in the last 24 h: 24-a, 24-b, 24-c')
  })

  it('disable-flow: the flow is disabled before any cancel, and the summary says so', async () => {
    const emulator = await enos(instances)
    const run = await runAction(cancelInputs(emulator, [], { 'flow-id': '24', 'disable-flow': 'true' }))
    expect(run.code).toBe(0)
    const actions = emulator.requests.map((r) => r.action)
    expect(actions.indexOf('disable')).toBeLessThan(actions.indexOf('cancel'))
    expect(emulator.isDisabled(24)).toBe(true)
    expect(run.summary).toContain('Flow 24 disabled: its scheduler starts no new instance')
  })

  it('dry run with flow-id: token and searches only, the would-be targets listed', async () => {
    const emulator = await enos(instances)
    const run = await runAction(
      cancelInputs(emulator, [], { 'flow-id': '24', 'disable-flow': 'true', 'dry-run': 'true' })
    )
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('dry-run')
    expect(new Set(emulator.requests.map((r) => r.action))).toEqual(new Set(['token', 'search']))
    expect(resultsOf(run.outputs).map((r) => [r.name, r.status])).toEqual([
      ['24-a', 'dry-run'],
      ['24-old', 'dry-run'],
      ['24-b', 'dry-run'],
      ['24-c', 'dry-run']
    ])
    expect(run.stdout).toContain('Dry run: would disable flow 24 first')
  })

  it('a flow-id that is not a positive whole number is refused before any request', async () => {
    const emulator = await enos(instances)
    const run = await runAction(cancelInputs(emulator, [], { 'flow-id': '24\n-1' }))
    expect(run.code).toBe(1)
    expect(run.stdout).toContain("::error::Input 'flow-id' line 2 is not a flow id")
    expect(emulator.requests).toEqual([])
  })
})
