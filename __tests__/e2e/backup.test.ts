/**
 * backup, on by default, through dist/index.js: a named flow's definition and schedules are in the
 * manifest before it is deleted; one whose backup cannot be read is left alone and fails the step.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FnfEmulator } from '../../emulators/fnf-emulator.js'
import { readManifest } from '../../src/report/manifest-read.js'
import { deleteInputs } from '../../scripts/lib/emulator-inputs.js'
import { runAction } from '../helpers/run-action.js'

let emulator: FnfEmulator | undefined
afterEach(async () => {
  await emulator?.stop()
  emulator = undefined
})

/** The inputs as a workflow gives them: backup left at its default. */
function defaults(e: FnfEmulator, flows: string[]): Record<string, string> {
  const { backup: _backup, ...inputs } = deleteInputs(e, flows, { concurrency: '1' })
  return inputs
}

describe('backup (the default)', () => {
  it('a named flow’s definition and schedules are in the manifest before its DeleteFlow', async () => {
    emulator = await new FnfEmulator().start()
    emulator.addFlow('orders-pipeline')
    emulator.addSchedule('orders-pipeline', 'hourly', '0 0 * * * *')
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-backup-')), 'manifest.jsonl')
    const run = await runAction({ ...defaults(emulator, ['orders-pipeline']), 'manifest-path': file })
    expect(run.code).toBe(0)
    expect(run.outputs['manifest']).toBe(file)
    expect(emulator.requests.map((r) => r.action)).toEqual(['DescribeFlow', 'ListSchedules', 'DeleteFlow'])
    const read = readManifest(fs.readFileSync(run.outputs['manifest']!, 'utf8'))
    if ('problem' in read) throw new Error(read.problem)
    expect(read.records.slice(0, 3)).toEqual([
      {
        type: 'target',
        name: 'orders-pipeline',
        service: expect.objectContaining({ Name: 'orders-pipeline', Definition: expect.stringContaining('type: flow') })
      },
      {
        type: 'dependents',
        name: 'orders-pipeline',
        kind: 'schedules',
        items: [expect.objectContaining({ ScheduleName: 'hourly', CronExpression: '0 0 * * * *' })]
      },
      expect.objectContaining({ type: 'change', action: 'DeleteFlow', outcome: 'done' })
    ])
  })

  it('a backup that cannot be read: that flow is left alone (BackupFailed), the others deleted, exit 1', async () => {
    emulator = await new FnfEmulator({ flows: ['flow-a', 'flow-b'] }).start()
    // A policy without fnf:ListFlows: the named flows' backups are read with DescribeFlow, the first refused.
    emulator.injectFault({ action: 'ListFlows', fault: { kind: 'error', status: 403, code: 'AccessDenied' } })
    emulator.injectFault({ action: 'DescribeFlow', fault: { kind: 'error', status: 403, code: 'AccessDenied' } })
    const run = await runAction(defaults(emulator, ['flow-a', 'flow-b']))
    expect(run.code).toBe(1)
    expect(run.outputs['error-code']).toBe('BackupFailed')
    expect(emulator.flows).toEqual(['flow-a'])
    expect(run.failedWith).toBe('1 of 2 flows failed: flow-a')
    expect(run.summary).toContain('fnf:DescribeFlow')
  })
})

describe('backup at two calls a flow, under the documented budget (10 burst, 2 a second)', () => {
  it('12 named flows with a schedule each: one ListFlows page, then ListSchedules and DeleteFlow each; no DescribeFlow', async () => {
    emulator = await new FnfEmulator().start()
    emulator.limiter = { kind: 'token-bucket', burst: 10, perSecond: 2 }
    const names = Array.from({ length: 12 }, (_, i) => `pr-12-f${i}`)
    for (const name of names) {
      emulator.addFlow(name)
      emulator.addSchedule(name, 'nightly')
    }
    emulator.addFlow('main-api')
    const run = await runAction({ ...defaults(emulator, names), concurrency: '8' })
    expect(run.code).toBe(0)
    expect(emulator.flows).toEqual(['main-api'])
    const actions = emulator.requests.filter((r) => !r.faulted).map((r) => r.action)
    expect(actions.filter((a) => a === 'ListFlows')).toHaveLength(1)
    expect(actions.filter((a) => a === 'DescribeFlow')).toHaveLength(0)
    // At most 2 calls a flow plus the listing's page (throttled answers aside).
    expect(actions).toHaveLength(1 + 2 * names.length)
  })

  it('40 named flows already gone, ignore-not-found: one ListFlows for all of them, exit 0', async () => {
    emulator = await new FnfEmulator().start()
    emulator.limiter = { kind: 'token-bucket', burst: 10, perSecond: 2 }
    emulator.addFlow('main-api')
    const names = Array.from({ length: 40 }, (_, i) => `pr-40-gone${i}`)
    const run = await runAction({ ...defaults(emulator, names), 'ignore-not-found': 'true', concurrency: '8' })
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('not-found')
    expect(emulator.requests.map((r) => r.action)).toEqual(['ListFlows'])
  })
})
