/**
 * The manifest through dist/index.js: written line by line, each target's line on disk before its
 * first change, never a credential in it, never over a file that is there already, and whole up
 * to the last line when the run is killed with SIGKILL in the middle of a teardown.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { EMULATOR_DEFAULT_ACCOUNT, FnfEmulator } from '../../emulators/fnf-emulator.js'
import { type ManifestRecord } from '../../src/report/manifest.js'
import { readManifest } from '../../src/report/manifest-read.js'
import { deleteInputs } from '../../scripts/lib/emulator-inputs.js'
import { runAction, secretForms } from '../helpers/run-action.js'

let emulator: FnfEmulator | undefined
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-manifest-'))
afterEach(async () => {
  await emulator?.stop()
  emulator = undefined
})

function manifestOf(file: string) {
  const read = readManifest(fs.readFileSync(file, 'utf8'))
  if ('problem' in read) throw new Error(read.problem)
  return read
}
const ofType = <T extends ManifestRecord['type' & keyof ManifestRecord]>(records: ManifestRecord[], type: string) =>
  records.filter((r) => 'type' in r && r.type === type) as (ManifestRecord & { type: T; name: string })[]

describe('the manifest of a delete', () => {
  it('a pattern teardown: the header, each flow as ListFlows described it before its first change, its dependents, every change, the results, the end', async () => {
    emulator = await new FnfEmulator().start()
    for (const name of ['pr-7-api', 'pr-7-web', 'keep-me']) emulator.addFlow(name)
    emulator.addSchedule('pr-7-api', 'nightly')
    emulator.addExecution('pr-7-api', 'run-1')
    const file = path.join(dir, 'teardown.jsonl')
    const run = await runAction(
      deleteInputs(emulator, [], {
        'flow-name-pattern': 'pr-7-*',
        'delete-schedules': 'true',
        'stop-executions': 'true',
        concurrency: '1',
        'manifest-path': file
      })
    )
    expect(run.code).toBe(0)
    expect(run.outputs['manifest']).toBe(file)
    const { header, records, cutShort } = manifestOf(file)
    expect(cutShort).toBe(false)
    expect(header).toMatchObject({
      operation: 'delete',
      provider: 'alibaba',
      location: new URL(emulator.url).host,
      selectors: { 'flow-name': [], 'flow-name-pattern': ['pr-7-*'] },
      dryRun: false,
      run: 'https://github.com/octo-org/teardown/actions/runs/4242'
    })
    const api = records.filter((r) => 'name' in r && r.name === 'pr-7-api').map((r) => ('type' in r ? r.type : ''))
    expect(api).toEqual(['target', 'dependents', 'change', 'dependents', 'change', 'change', 'result'])
    const target = records.find((r) => 'name' in r && r.name === 'pr-7-api' && r.type === 'target')
    expect(target).toMatchObject({ service: { Name: 'pr-7-api', Type: 'FDL', CreatedTime: expect.any(String) } })
    expect(records).toContainEqual({
      type: 'dependents',
      name: 'pr-7-api',
      kind: 'schedules',
      items: [expect.objectContaining({ ScheduleName: 'nightly', CronExpression: '0 0 * * * *' })]
    })
    expect(records).toContainEqual(
      expect.objectContaining({ type: 'change', name: 'pr-7-api', action: 'DeleteFlow', outcome: 'done' })
    )
    expect(ofType(records, 'result').map((r) => [r.name, (r as { status?: string }).status])).toEqual([
      ['pr-7-api', 'deleted'],
      ['pr-7-web', 'deleted']
    ])
    expect(records.at(-1)).toMatchObject({ type: 'end', status: 'deleted' })
    expect(records.some((r) => 'name' in r && r.name === 'keep-me')).toBe(false)
  })

  it('a dry run with a pattern: the plan, each flow as ListFlows described it and what would go with it, and no change', async () => {
    emulator = await new FnfEmulator().start()
    for (const name of ['pr-8-api', 'keep-me']) emulator.addFlow(name)
    emulator.addSchedule('pr-8-api', 'nightly')
    const file = path.join(dir, 'plan.jsonl')
    const run = await runAction(
      deleteInputs(emulator, [], {
        'flow-name-pattern': 'pr-8-*',
        'delete-schedules': 'true',
        'dry-run': 'true',
        'manifest-path': file
      })
    )
    expect(run.code).toBe(0)
    const { header, records } = manifestOf(file)
    expect(header.dryRun).toBe(true)
    expect(records.map((r) => ('type' in r ? r.type : ''))).toEqual(['target', 'dependents', 'result', 'end'])
    expect(records[0]).toMatchObject({
      name: 'pr-8-api',
      service: { Name: 'pr-8-api', Definition: expect.any(String) }
    })
    expect(records[2]).toMatchObject({ name: 'pr-8-api', status: 'dry-run' })
    expect(emulator.flows).toContain('pr-8-api')
  })

  it('never holds a credential, even one a service echoes in a flow’s description, in any form', async () => {
    emulator = await new FnfEmulator().start()
    const secret = EMULATOR_DEFAULT_ACCOUNT.accessKeySecret
    emulator.injectFault({
      action: 'ListFlows',
      fault: {
        kind: 'raw',
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          RequestId: 'R-1',
          Flows: [{ Name: 'pr-9-echo', Description: `made with ${secret} and ${encodeURIComponent(secret)}` }]
        })
      }
    })
    const file = path.join(dir, 'echo.jsonl')
    const run = await runAction(deleteInputs(emulator, [], { 'flow-name-pattern': 'pr-9-*', 'manifest-path': file }))
    expect(run.code).toBe(0)
    const text = fs.readFileSync(file, 'utf8')
    for (const value of [secret, EMULATOR_DEFAULT_ACCOUNT.accessKeyId])
      for (const form of secretForms(value)) expect(text).not.toContain(form)
    expect(text).toContain('made with *** and ***')
  })

  it('a manifest-path that names a file already there: refused before anything is sent, the file left as it was', async () => {
    emulator = await new FnfEmulator({ flows: ['flow-a'] }).start()
    const file = path.join(dir, 'mine.txt')
    fs.writeFileSync(file, 'my own notes\n')
    const run = await runAction(deleteInputs(emulator, ['flow-a'], { 'manifest-path': file }))
    expect(run.code).toBe(1)
    expect(run.outputs['error-code']).toBe('InvalidInput')
    expect(run.outputs['manifest']).toBe('')
    expect(run.failedWith).toContain("Input 'manifest-path' names a file that is there already")
    expect(emulator.requests).toEqual([])
    expect(fs.readFileSync(file, 'utf8')).toBe('my own notes\n')
  })

  it('SIGKILL in the middle of a 50-flow teardown: every flow that any change was sent for is in the manifest', async () => {
    const flows = Array.from({ length: 50 }, (_, i) => `pr-5-svc-${String(i).padStart(2, '0')}`)
    emulator = await new FnfEmulator({ flows, latencyMs: 60 }).start()
    for (const flow of flows) emulator.addSchedule(flow, 'nightly')
    const file = path.join(dir, 'killed.jsonl')
    const run = await runAction(
      deleteInputs(emulator, [], { 'flow-name-pattern': 'pr-5-*', 'delete-schedules': 'true', 'manifest-path': file }),
      { signals: [{ signal: 'SIGKILL', afterMs: 1200 }], timeoutMs: 20_000 }
    )
    expect(run.code).toBeNull() // killed, as the runner kills a step
    const touched = new Set(
      emulator.requests
        .filter((r) => ['DeleteSchedule', 'DeleteFlow'].includes(r.action))
        .map((r) => r.target.split('/')[0]!)
    )
    expect(touched.size).toBeGreaterThan(0)
    expect(touched.size).toBeLessThan(50)
    const { records, cutShort } = manifestOf(file)
    expect(cutShort).toBe(true)
    const recorded = new Set(ofType(records, 'target').map((r) => r.name))
    expect([...touched].filter((name) => !recorded.has(name))).toEqual([])
    // Each touched flow's schedules were on disk before they were deleted.
    const listed = new Set(ofType(records, 'dependents').map((r) => r.name))
    const schedulesDeleted = new Set(
      emulator.requests.filter((r) => r.action === 'DeleteSchedule').map((r) => r.target.split('/')[0]!)
    )
    expect([...schedulesDeleted].filter((name) => !listed.has(name))).toEqual([])
  })
})
