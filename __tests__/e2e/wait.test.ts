/** wait through dist/index.js: polling until the emulators report the work done, or the deadline. */
import { afterEach, describe, expect, it } from '@jest/globals'
import { EnosEmulator } from '../../emulators/enos-emulator.js'
import { FnfEmulator } from '../../emulators/fnf-emulator.js'
import { cancelInputs, deleteInputs } from '../../scripts/lib/emulator-inputs.js'
import { runAction } from '../helpers/run-action.js'

const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!()
})

async function fnf(deletionDelayMs: number) {
  const emulator = await new FnfEmulator({ flows: ['slow-flow'], deletionDelayMs }).start()
  stops.push(() => emulator.stop())
  return emulator
}

describe('wait', () => {
  it('delete: polls DescribeFlow until FlowNotExists, then says gone', async () => {
    const emulator = await fnf(1500)
    const run = await runAction(deleteInputs(emulator, ['slow-flow'], { wait: 'true' }))
    expect(run.code).toBe(0)
    expect(run.outputs['final-state']).toBe('gone')
    expect(run.stdout).toContain(`Flow 'slow-flow' (${new URL(emulator.url).host}) is gone`)
    // Each round that found the flow still there says so at the normal level, not only in debug.
    expect(run.stdout.match(/^slow-flow still exists after \d+ s; next check in \d+ s$/gm)).toHaveLength(2)
    // Polls at 0 s, 1 s and 3 s: the flow went away at 1.5 s.
    expect(emulator.requests.map((r) => `${r.action}:${r.status}`)).toEqual([
      'DeleteFlow:200',
      'DescribeFlow:200',
      'DescribeFlow:200',
      'DescribeFlow:404'
    ])
    expect(run.durationMs).toBeGreaterThanOrEqual(3000)
    expect(run.summary).toContain('<td>✅ deleted</td><td>gone</td>')
  })

  it('delete: fails with the state last seen when wait-timeout runs out', async () => {
    const emulator = await fnf(60_000)
    const run = await runAction(deleteInputs(emulator, ['slow-flow'], { wait: 'true', 'wait-timeout': '2' }))
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({ status: 'failed', 'error-code': 'WaitTimeout', 'final-state': 'exists' })
    expect(run.errors).toHaveLength(2)
    expect(run.failedWith).toBe('1 of 1 flow failed: slow-flow')
    expect(run.errors[0]).toMatch(
      /^DeleteFlow 'slow-flow' \(127\.0\.0\.1:\d+\) failed after 1 attempt: WaitTimeout: DeleteFlow was accepted, but 'slow-flow' had not finished when wait-timeout \(2 s\) ran out; last seen: exists — DeleteFlow is asynchronous and the flow was still there: raise 'wait-timeout'/
    )
    // The flow would take 60 s to go: the run ends with wait-timeout, not with the flow.
    expect(run.durationMs).toBeGreaterThanOrEqual(2000)
    expect(run.durationMs).toBeLessThan(20_000)
  })

  it('cancel: polls Get Flow Instance until CANCEL, and outputs it', async () => {
    const emulator = await new EnosEmulator({ instances: ['2438-201908081020'], cancelDelayMs: 800 }).start()
    stops.push(() => emulator.stop())
    const run = await runAction(cancelInputs(emulator, ['2438-201908081020'], { wait: 'true' }))
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ status: 'cancelled', 'final-state': 'CANCEL' })
    expect(run.stdout).toMatch(/Flow instance '2438-201908081020' \(127\.0\.0\.1:\d+\) reached CANCEL/)
    expect(emulator.requests.map((r) => r.action)).toEqual(['token', 'cancel', 'get', 'get'])
    expect(JSON.parse(run.outputs['results']!)[0].finalState).toBe('CANCEL')
  })
})
