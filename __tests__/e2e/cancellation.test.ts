/**
 * The runner cancelling the job mid-teardown, through dist/index.js: it sends SIGINT, then SIGTERM,
 * then kills the process about 7.5 s later. The action must stop starting targets, give what is in
 * flight a short grace, write outputs and the job summary for every target, say once that the run
 * was cancelled, and exit non-zero within 5 s of the first signal. Every flow the emulator deleted
 * must be reported deleted or unknown, never as not started.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FnfEmulator } from '../../emulators/fnf-emulator.js'
import { deleteInputs } from '../../scripts/lib/emulator-inputs.js'
import { runAction } from '../helpers/run-action.js'

const FLOWS = Array.from({ length: 200 }, (_, i) => `teardown-${String(i).padStart(3, '0')}`)

let emulator: FnfEmulator | undefined
afterEach(async () => {
  await emulator?.stop()
  emulator = undefined
})

interface Result {
  name: string
  status: string
}

async function cancelledRun(latencyMs: number, signals: { signal: NodeJS.Signals; afterMs: number }[]) {
  emulator = await new FnfEmulator({ flows: FLOWS, latencyMs }).start()
  const run = await runAction(deleteInputs(emulator, FLOWS), { signals, timeoutMs: 20_000 })
  // Requests that were in flight when the action exited are still carried out by the emulator.
  await new Promise((resolve) => setTimeout(resolve, latencyMs + 200))
  const results = JSON.parse(run.outputs['results'] ?? '[]') as Result[]
  const deletedByEmulator = FLOWS.filter((name) => emulator!.goneAt(name) !== undefined)
  const status = new Map(results.map((r) => [r.name, r.status]))
  const count = (s: string) => results.filter((r) => r.status === s).length
  process.stdout.write(
    `${signals[0]!.signal} after ${signals[0]!.afterMs} ms (latency ${latencyMs} ms): exit ${run.exitAfterSignalMs} ms after the signal; ${count('deleted')} deleted, ${count('unknown')} unknown, ${count('not-started')} not started\n`
  )
  return { run, results, deletedByEmulator, status, count }
}

describe('cancellation mid-teardown', () => {
  it('SIGTERM: in-flight deletes finish within the grace, the rest are reported not started', async () => {
    const { run, results, deletedByEmulator, status, count } = await cancelledRun(300, [
      { signal: 'SIGTERM', afterMs: 2000 }
    ])
    expect(run.code).toBe(1)
    expect(run.exitAfterSignalMs).toBeLessThan(5000)
    expect(run.outputs['status']).toBe('cancelled')
    expect(run.outputs['error-code']).toBe('RunCancelled')
    expect(results.map((r) => r.name)).toEqual(FLOWS)
    expect(deletedByEmulator.length).toBeGreaterThan(0)
    for (const name of deletedByEmulator) expect(['deleted', 'unknown']).toContain(status.get(name))
    expect(count('deleted')).toBe(deletedByEmulator.length)
    expect(count('not-started')).toBe(200 - deletedByEmulator.length - count('unknown'))
    expect(count('not-started')).toBeGreaterThan(0)
    // One error says the run was cancelled and how many targets are in which state.
    const cancelled = run.errors.filter((e) => e.startsWith('The run was cancelled'))
    expect(cancelled).toEqual([
      `The run was cancelled (SIGTERM) before every target was done: ${[
        `${count('deleted')} deleted`,
        ...(count('unknown') > 0 ? [`${count('unknown')} unknown (in flight, outcome not known)`] : []),
        `${count('not-started')} not started`
      ].join(', ')}. Targets not started were not touched: run the step again for them.`
    ])
    expect(run.errors).toHaveLength(1)
    expect(run.failedWith).toBe(cancelled[0])
    // The summary has a row for every target.
    expect(run.summary.match(/<tr>/g)).toHaveLength(201)
    expect(run.summary).toContain('not started (run cancelled)')
    expect(run.stdout).toContain('Received SIGTERM: the job is being cancelled.')
  })

  it('SIGINT then SIGTERM, as the runner sends them, with requests slower than the grace: those are unknown', async () => {
    // Sent at once, answered after 6 s: still in flight when the grace (1.5 s + 3 s) ends.
    const { run, results, deletedByEmulator, status, count } = await cancelledRun(6000, [
      { signal: 'SIGINT', afterMs: 1500 },
      { signal: 'SIGTERM', afterMs: 2500 }
    ])
    expect(run.code).toBe(1)
    expect(run.exitAfterSignalMs).toBeLessThan(5000)
    expect(run.outputs['status']).toBe('cancelled')
    expect(results).toHaveLength(200)
    // The first wave of 8 was in flight: the emulator deleted them after the action had gone.
    expect(count('unknown')).toBe(8)
    expect(deletedByEmulator).toHaveLength(8)
    for (const name of deletedByEmulator) expect(status.get(name)).toBe('unknown')
    expect(count('not-started')).toBe(192)
    expect(run.errors).toEqual([
      expect.stringMatching(/^The run was cancelled \(SIGINT\) before every target was done: 8 unknown/)
    ])
    expect(run.stdout.match(/Received SIG/g)).toHaveLength(1)
  })

  it('SIGTERM during a request that never answers: the request is aborted after the grace and the step ends within a second, with its summary', async () => {
    emulator = await new FnfEmulator({ flows: ['stuck-flow'] }).start()
    emulator.injectFault({ action: 'DeleteFlow', fault: { kind: 'hang' } })
    const run = await runAction(deleteInputs(emulator, ['stuck-flow'], { timeout: '120' }), {
      signals: [{ signal: 'SIGTERM', afterMs: 1500 }],
      timeoutMs: 20_000
    })
    process.stdout.write(`a hung DeleteFlow, SIGTERM: exit ${run.exitAfterSignalMs} ms after the signal\n`)
    expect(run.code).toBe(1)
    // 0.5 s of grace and the exit: well within a second on an idle machine (the line above says
    // how long); the bound is loose for a loaded one, and far below the request's 120 s timeout.
    expect(run.exitAfterSignalMs).toBeLessThan(5000)
    expect(run.outputs['status']).toBe('cancelled')
    const results = JSON.parse(run.outputs['results'] ?? '[]') as { name: string; status: string; message: string }[]
    expect(results).toEqual([
      expect.objectContaining({
        name: 'stuck-flow',
        status: 'unknown',
        message: 'DeleteFlow was in flight when the run was cancelled; whether it took effect is not known'
      })
    ])
    expect(run.summary).toContain('<code>stuck-flow</code>')
    expect(run.summary).toContain('The run was cancelled &#40;SIGTERM&#41;')
    expect(run.stdout).toContain('requests in flight get 0.5 s to finish before they are aborted')
  })

  it('SIGTERM mid-teardown, after one of a flow’s schedules was deleted: the flow is partly torn down, and results, summary and manifest say so', async () => {
    emulator = await new FnfEmulator({ flows: ['pr-7-api'] }).start()
    emulator.addSchedule('pr-7-api', 'nightly')
    emulator.addSchedule('pr-7-api', 'weekly')
    // The second DeleteSchedule never answers: the run is cancelled while it is in flight.
    emulator.injectFault({ action: 'DeleteSchedule', target: 'pr-7-api/weekly', fault: { kind: 'hang' } })
    const manifestPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-cut-')), 'manifest.jsonl')
    const run = await runAction(
      deleteInputs(emulator, ['pr-7-api'], {
        'delete-schedules': 'true',
        timeout: '120',
        'manifest-path': manifestPath
      }),
      { signals: [{ signal: 'SIGTERM', afterMs: 1500 }], timeoutMs: 20_000 }
    )
    expect(run.code).toBe(1)
    expect(emulator.schedulesOf('pr-7-api')).toEqual(['weekly'])
    expect(emulator.flows).toEqual(['pr-7-api'])
    const results = JSON.parse(run.outputs['results'] ?? '[]') as { name: string; status: string; message: string }[]
    expect(results).toEqual([
      expect.objectContaining({
        name: 'pr-7-api',
        status: 'partial',
        message:
          "the run was cancelled during DeleteSchedule after part of the flow's dependents were removed (1 of 2 schedules deleted); DeleteFlow was not sent"
      })
    ])
    expect(run.summary).toContain('partly torn down')
    expect(run.errors).toEqual([
      expect.stringMatching(/^The run was cancelled \(SIGTERM\) before every target was done: 1 partly torn down/)
    ])
    const manifest = fs.readFileSync(manifestPath, 'utf8')
    expect(manifest).toContain('{"type":"result","name":"pr-7-api","status":"partial"')
  })
})
