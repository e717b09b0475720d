/**
 * EnOS gateways that take the other reading of the docs, through dist/index.js: pages from 0, sort
 * fields in snake_case, startTime written in UTC, a clock hours or days off, and Get Flow answering
 * "Flow not found". Each run does the job or fails having changed nothing, and says which.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { EnosEmulator, type EnosReadings } from '../../emulators/enos-emulator.js'
import { cancelInputs } from '../../scripts/lib/emulator-inputs.js'
import { runAction, type ActionRun } from '../helpers/run-action.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

let enos: EnosEmulator | undefined
afterEach(async () => {
  await enos?.stop()
  enos = undefined
})

async function gateway(readings: Partial<EnosReadings>): Promise<EnosEmulator> {
  enos = await new EnosEmulator({ readings, maxPageSize: 3 }).start()
  return enos
}

const results = (run: ActionRun) =>
  (JSON.parse(run.outputs['results'] ?? '[]') as { name: string; status: string; errorCode: string | null }[]).map(
    (r) => [r.name, r.status, r.errorCode]
  )
const cancelled = (e: EnosEmulator) => e.requests.filter((r) => r.action === 'cancel').map((r) => r.target)

describe('pages and sort fields', () => {
  it.each([
    ['a 0-based gateway', { firstPage: 0 as const }],
    ['a 1-based gateway that answers page 0 as page 1', { pageZeroOnOneBased: 'first-page' as const }],
    ['a snake_case gateway', { sortFields: 'snake_case' as const }]
  ])('%s: every one of 8 running instances over 3 pages is cancelled', async (_, readings) => {
    const e = await gateway(readings)
    const ids = Array.from({ length: 8 }, (_, i) => `24-${i}`)
    ids.forEach((id, i) => e.addInstance(id, { triggerTime: Date.now() - (20 - i) * MINUTE }))
    const run = await runAction(cancelInputs(e, [], { 'flow-id': '24' }))
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('cancelled')
    expect(results(run)).toEqual(ids.map((id) => [id, 'cancelled', null]))
    expect(ids.map((id) => e.instanceStatus(id))).toEqual(Array(8).fill(8))
    expect(run.stdout).toContain('from page 0, whichever way the gateway numbers them')
  })
})

describe('startTime written in UTC', () => {
  it('running-longer-than: 2h cancels the instance 3 hours old and keeps the one 30 minutes old, saying it measured from trigger times', async () => {
    const e = await gateway({ startTimeZone: 'utc' })
    const now = Date.now()
    e.addInstance('24-young', { triggerTime: now - 30 * MINUTE, startTime: now - 29 * MINUTE })
    e.addInstance('24-old', { triggerTime: now - 3 * HOUR, startTime: now - 3 * HOUR + MINUTE })
    const run = await runAction(cancelInputs(e, [], { 'flow-id': '24', 'running-longer-than': '2h' }))
    expect(run.code).toBe(0)
    expect(results(run)).toEqual([['24-old', 'cancelled', null]])
    expect(cancelled(e)).toEqual(['24-old'])
    expect(e.instanceStatus('24-young')).toBe(2)
    expect(run.stdout).toContain(
      "startTime reads earlier than their trigger time in the gateway's zone (GMT+8), so it was written in another zone: measured from their trigger time instead"
    )
  })
})

describe('a gateway clock that is off', () => {
  it.each([
    ['3 hours', 3 * HOUR],
    ['100 days', 100 * DAY]
  ])('%s ahead: the step is refused before anything is disabled or cancelled, naming both times', async (_, offset) => {
    const e = await gateway({ clockOffsetMs: offset })
    e.addInstance('24-a', { triggerTime: Date.now() - 10 * MINUTE })
    const run = await runAction(
      cancelInputs(e, [], { 'flow-id': '24', 'running-longer-than': '2h', 'disable-flow': 'true' })
    )
    expect(run.code).toBe(1)
    expect(run.outputs['error-code']).toBe('ClockDisagrees')
    expect(run.stdout).toMatch(/Get Current Time says \S+, more than 31 minutes from the runner's clock \(\S+\)/)
    expect(run.stdout).toContain('nothing was changed')
    expect(e.isDisabled(24)).toBe(false)
    expect(cancelled(e)).toEqual([])
  })
})

describe('Get Flow answering "Flow not found"', () => {
  it('disable-flow: the step fails naming flow-id (not flow-instance-id), and nothing is disabled or cancelled', async () => {
    const e = await gateway({})
    e.addInstance('24-a')
    e.injectFault({
      action: 'get',
      fault: { kind: 'error', status: 200, code: '62102', message: 'Flow not found' }
    })
    const run = await runAction(cancelInputs(e, [], { 'flow-id': '24', 'disable-flow': 'true' }))
    expect(run.code).toBe(1)
    expect(run.outputs['error-code']).toBe('62102')
    expect(run.stdout).toContain("GetFlow refused a parameter: check 'flow-id'")
    expect(run.stdout).not.toContain("check 'flow-instance-id'")
    expect(e.isDisabled(24)).toBe(false)
    expect(cancelled(e)).toEqual([])
  })
})
