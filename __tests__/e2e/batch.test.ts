/**
 * Batches through dist/index.js: concurrency, order, duplicates, and a throttling service that the
 * whole run slows down for.
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

async function fnf(flows: string[], setup: (e: FnfEmulator) => void = () => {}) {
  const emulator = await new FnfEmulator({ flows }).start()
  setup(emulator)
  stops.push(() => emulator.stop())
  return emulator
}

/** The answers each emulator's rate limit gives, as faults a test can make happen. */
const THROTTLED_FNF = {
  kind: 'error',
  status: 429,
  code: 'ResourceThrottled',
  message: 'The request is throttled. Please try again later.'
} as const
const THROTTLED_GATEWAY = { kind: 'error', status: 429, code: 'gateway', message: 'API rate limit exceeded' } as const

const names = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`)

describe('batches', () => {
  it('handles up to `concurrency` flows at a time, reporting in input order', async () => {
    const flows = names(16, 'wave')
    const emulator = await fnf(flows, (e) => (e.latencyMs = 200))
    const run = await runAction(deleteInputs(emulator, flows))
    expect(run.code).toBe(0)
    const results = JSON.parse(run.outputs['results']!) as { name: string; status: string }[]
    expect(results.map((r) => r.name)).toEqual(flows)
    expect(results.every((r) => r.status === 'deleted')).toBe(true)
    // 16 flows at 8 at a time and 200 ms each: two waves, never more than 8 in flight. (How long
    // it takes is the bench's to say; a loaded machine only spreads the waves out.)
    expect(run.durationMs).toBeGreaterThanOrEqual(400)
    const arrivals = emulator.requests.map((r) => r.at)
    const inFlight = (t: number) => arrivals.filter((a) => a <= t && t < a + 200).length
    expect(Math.max(...arrivals.map(inFlight))).toBeLessThanOrEqual(8)
    expect(Math.max(...arrivals.map(inFlight))).toBeGreaterThan(1)
  })

  it('runs one at a time with concurrency 1', async () => {
    const flows = names(4, 'serial')
    const emulator = await fnf(flows, (e) => (e.latencyMs = 150))
    const run = await runAction(deleteInputs(emulator, flows, { concurrency: '1' }))
    expect(run.code).toBe(0)
    expect(run.durationMs).toBeGreaterThanOrEqual(600)
  })

  it('deletes a duplicated flow once, with a warning', async () => {
    const emulator = await fnf(['dup', 'other'])
    const run = await runAction(deleteInputs(emulator, ['dup', 'other', 'dup']))
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('::warning::flow-name lists "dup" more than once; each is handled once')
    expect(JSON.parse(run.outputs['results']!)).toHaveLength(2)
    expect(emulator.requests.filter((r) => r.target === 'dup')).toHaveLength(1)
  })

  it('deletes 200 flows against a service that throttles above 40 requests a second, all of them', async () => {
    const flows = names(200, 'throttled')
    const emulator = await fnf(flows, (e) => (e.rateLimitPerSecond = 40))
    // Throttled answers for certain, however slowly a loaded machine sends: the first five
    // DeleteFlows are answered as the limit answers.
    emulator.injectFault({ action: 'DeleteFlow', fault: THROTTLED_FNF, times: 5 })
    const run = await runAction(deleteInputs(emulator, flows), { timeoutMs: 60_000 })
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('deleted')
    const results = JSON.parse(run.outputs['results']!) as { status: string }[]
    expect(results.filter((r) => r.status === 'deleted')).toHaveLength(200)
    expect(emulator.flows).toEqual([])
    expect(emulator.requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(5)
    expect(run.stdout).toContain('Serverless Workflow is throttling requests')
    // How close to the limit's own time (4 s) it stays is BENCHMARKS.md's (sections 2 and 3).
    process.stdout.write(
      `throttled batch: 200 flows in ${run.durationMs} ms, ${emulator.throttledCount} throttled answers, ${emulator.requests.length} requests\n`
    )
  }, 60_000)

  it('cancels 30 instances against a gateway that throttles above 10 requests a second, all of them', async () => {
    const ids = names(30, '77')
    const emulator = await new EnosEmulator({ instances: ids }).start()
    stops.push(() => emulator.stop())
    emulator.rateLimitPerSecond = 10
    emulator.injectFault({ action: 'cancel', fault: THROTTLED_GATEWAY, times: 3 })
    const run = await runAction(cancelInputs(emulator, ids), { timeoutMs: 60_000 })
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('cancelled')
    expect(ids.every((id) => emulator.instanceStatus(id) === 8)).toBe(true)
    expect(emulator.requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(3)
    expect(emulator.tokenRequests).toBe(1)
  }, 60_000)
})
