/**
 * Pacing to the service's limits, through dist/index.js: what the log says about throttling (once
 * when it starts, once at the end), `max-rate` as a hard cap, and the polls of `wait` drawing on
 * the same budget as the deletes. How fast each limiter shape is torn down is a figure, measured
 * by `npm run bench` (BENCHMARKS.md), not asserted here.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { FnfEmulator, type RecordedRequest } from '../../emulators/fnf-emulator.js'
import { deleteInputs } from '../../scripts/lib/emulator-inputs.js'
import { runAction } from '../helpers/run-action.js'

let emulator: FnfEmulator | undefined
afterEach(async () => {
  await emulator?.stop()
  emulator = undefined
})

const names = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`)

/** The most requests that reached the service within any `windowMs`. */
function busiestWindow(requests: RecordedRequest[], windowMs: number): number {
  const times = requests.map((r) => r.at).sort((a, b) => a - b)
  return Math.max(...times.map((t, i) => times.slice(i).filter((u) => u < t + windowMs).length))
}

describe('rate limits', () => {
  it('the documented budget (10 burst, 2 a second): says once that throttling began, and at the end how much and at what rate', async () => {
    const flows = names(16, 'budget')
    emulator = await new FnfEmulator({ flows }).start()
    emulator.limiter = { kind: 'token-bucket', burst: 10, perSecond: 2 }
    const run = await runAction(deleteInputs(emulator, flows))
    expect(run.code).toBe(0)
    expect(emulator.flows).toEqual([])
    const started = run.stdout.split('\n').filter((l) => l.includes('is throttling requests'))
    expect(started).toEqual([
      'Serverless Workflow is throttling requests: flow-ops slows down to the rate it accepts (throttled calls are retried and do not use up max-attempts)'
    ])
    const throttled = emulator.throttledCount
    expect(throttled).toBeGreaterThan(0)
    expect(run.stdout).toMatch(
      new RegExp(
        `^Serverless Workflow throttling: ${throttled} of ${emulator.requests.length} answers were throttled; settled at \\d+\\.\\d requests a second$`,
        'm'
      )
    )
    // Throttled retries are not failures: no "attempt n of 3 failed" lines, and results are unchanged.
    expect(run.stdout).not.toMatch(/attempt \d+ of \d+ failed/)
    const results = JSON.parse(run.outputs['results']!) as Record<string, unknown>[]
    expect(results.every((r) => r['status'] === 'deleted' && r['errorCode'] === null)).toBe(true)
  }, 30_000)

  it('says nothing about throttling when there was none', async () => {
    emulator = await new FnfEmulator({ flows: ['calm'] }).start()
    const run = await runAction(deleteInputs(emulator, ['calm']))
    expect(run.code).toBe(0)
    expect(run.stdout).not.toMatch(/throttl/i)
  })

  it('max-rate caps the rate from the first request, with no burst', async () => {
    const flows = names(12, 'capped')
    emulator = await new FnfEmulator({ flows }).start()
    const run = await runAction(deleteInputs(emulator, flows, { 'max-rate': '4' }))
    expect(run.code).toBe(0)
    expect(emulator.flows).toEqual([])
    // 12 requests at most 4 a second: 11 gaps of 250 ms. (A little slack for arrival jitter.)
    expect(busiestWindow(emulator.requests, 950)).toBeLessThanOrEqual(4)
    const times = emulator.requests.map((r) => r.at)
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(2700)
  })

  it('the polls of wait draw on the same budget as the deletes', async () => {
    const flows = names(3, 'waited')
    emulator = await new FnfEmulator({ flows, deletionDelayMs: 1500 }).start()
    const run = await runAction(deleteInputs(emulator, flows, { 'max-rate': '2', wait: 'true' }))
    expect(run.code).toBe(0)
    expect(run.outputs['final-state']).toBe('gone')
    const polls = emulator.requests.filter((r) => r.action === 'DescribeFlow')
    expect(polls.length).toBeGreaterThanOrEqual(3)
    expect(busiestWindow(emulator.requests, 950)).toBeLessThanOrEqual(2)
  })
})
