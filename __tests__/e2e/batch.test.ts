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
    // 16 flows at 8 at a time and 200 ms each: two waves, not sixteen.
    expect(run.durationMs).toBeGreaterThanOrEqual(400)
    expect(run.durationMs).toBeLessThan(1600)
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
    const run = await runAction(deleteInputs(emulator, flows), { timeoutMs: 60_000 })
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('deleted')
    const results = JSON.parse(run.outputs['results']!) as { status: string }[]
    expect(results.filter((r) => r.status === 'deleted')).toHaveLength(200)
    expect(emulator.flows).toEqual([])
    expect(emulator.throttledCount).toBeGreaterThan(0)
    // The rate limit alone needs (200 - 40 burst) / 40 = 4 s; the run must stay close to it.
    expect(run.durationMs).toBeLessThan(10_000)
    process.stdout.write(
      `throttled batch: 200 flows in ${run.durationMs} ms, ${emulator.throttledCount} throttled answers, ${emulator.requests.length} requests\n`
    )
  }, 60_000)

  it('cancels 30 instances against a gateway that throttles above 10 requests a second, all of them', async () => {
    const ids = names(30, '77')
    const emulator = await new EnosEmulator({ instances: ids }).start()
    stops.push(() => emulator.stop())
    emulator.rateLimitPerSecond = 10
    const run = await runAction(cancelInputs(emulator, ids), { timeoutMs: 60_000 })
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('cancelled')
    expect(ids.every((id) => emulator.instanceStatus(id) === 8)).toBe(true)
    expect(emulator.throttledCount).toBeGreaterThan(0)
    expect(emulator.tokenRequests).toBe(1)
  }, 60_000)
})
