/**
 * docs/local.md's walk-through: the region of docs/examples/region.json loaded into the
 * emulators, and each README workflow's inputs run by hand against it (only the inputs given, the
 * emulators' keys in place of the keyless role), with what the page says they do.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { EnosEmulator } from '../../emulators/enos-emulator.js'
import { EMULATOR_DEFAULT_ACCOUNT, FnfEmulator } from '../../emulators/fnf-emulator.js'
import { loadRegion } from '../../emulators/region-file.js'
import { cancelInputs } from '../../scripts/lib/emulator-inputs.js'
import { runAction } from '../helpers/run-action.js'
import { EXAMPLE_REGION, exampleRegion } from '../helpers/emulators.js'

let stops: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const stop of stops) await stop()
  stops = []
})

async function region() {
  const { fnf, enos } = await exampleRegion(stops)
  const keys = {
    endpoint: fnf.url,
    'access-key-id': EMULATOR_DEFAULT_ACCOUNT.accessKeyId,
    'access-key-secret': EMULATOR_DEFAULT_ACCOUNT.accessKeySecret
  }
  return { fnf, enos, keys }
}

const names = (results: string | undefined) =>
  (JSON.parse(results ?? '[]') as { name: string; status: string }[]).map((r) => `${r.name} ${r.status}`)

describe('docs/local.md against docs/examples/region.json', () => {
  it('the example region loads: 7 flows, a schedule, 2 executions, an EnOS flow with 3 instances', async () => {
    const fnf = await new FnfEmulator().start()
    const enos = await new EnosEmulator().start()
    stops.push(
      () => fnf.stop(),
      () => enos.stop()
    )
    expect(loadRegion(EXAMPLE_REGION, { fnf, enos })).toEqual({
      flows: 7,
      schedules: 1,
      executions: 2,
      enosFlows: 1,
      instances: 3
    })
    expect(fnf.schedulesOf('pr-42-api')).toEqual(['nightly'])
    expect(() => loadRegion('{"fnf":{"flows":[{"name":"9-bad"}]}}', { fnf })).toThrow(
      'region file: fnf.flows[0].name is not a flow name: "9-bad"'
    )
  })

  it("a pull request's teardown: the dry run shows both flows, the run removes them with their schedule and executions", async () => {
    const { fnf, keys } = await region()
    const inputs = {
      ...keys,
      operation: 'delete',
      'flow-name-pattern': 'pr-42-*',
      'delete-schedules': 'true',
      'stop-executions': 'true',
      'max-targets': '20'
    }
    const dryRun = await runAction({ ...inputs, 'dry-run': 'true' }, { byHand: true })
    expect(dryRun.code).toBe(0)
    expect(names(dryRun.outputs['results'])).toEqual(['pr-42-api dry-run', 'pr-42-worker dry-run'])
    const run = await runAction(inputs, { byHand: true })
    expect(run.code).toBe(0)
    expect(names(run.outputs['results'])).toEqual(['pr-42-api deleted', 'pr-42-worker deleted'])
    expect(fnf.flows.filter((f) => f.startsWith('pr-42-'))).toEqual([])
  })

  it('the nightly sweep’s dry run: pr-42-* and test-run-001 go, the rest is kept and the log says why', async () => {
    const { keys } = await region()
    const run = await runAction(
      {
        ...keys,
        operation: 'delete',
        'flow-name-pattern': 'pr-*\ntest-run-*',
        'older-than': '7d',
        'exclude-pattern': '*-keep\npr-release-*',
        'max-targets': '200',
        'dry-run': 'true'
      },
      { byHand: true }
    )
    expect(run.code).toBe(0)
    // pr-42-* were created 2026-11-20: older than 7 days from the day this runs (after 2026-11-27).
    expect(names(run.outputs['results'])).toEqual(
      expect.arrayContaining(['pr-42-api dry-run', 'pr-42-worker dry-run', 'test-run-001 dry-run'])
    )
    expect(names(run.outputs['results'])).not.toContain('test-run-003 dry-run')
    expect(run.stdout).toContain("kept excluded by '*-keep': test-run-002-keep")
    expect(run.stdout).toContain("kept excluded by 'pr-release-*': pr-release-7")
  })

  it('review, then apply, then restore: the flows come back with their schedule', async () => {
    const { fnf, keys } = await region()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-local-'))
    const plan = await runAction(
      {
        ...keys,
        operation: 'delete',
        'flow-name-pattern': 'pr-42-*',
        'delete-schedules': 'true',
        'stop-executions': 'true',
        'dry-run': 'true',
        'manifest-path': `${dir}/plan.jsonl`
      },
      { byHand: true }
    )
    expect(plan.code).toBe(0)
    const apply = await runAction(
      { ...keys, operation: 'delete', 'from-manifest': `${dir}/plan.jsonl`, 'manifest-path': `${dir}/teardown.jsonl` },
      { byHand: true }
    )
    expect(apply.code).toBe(0)
    expect(fnf.flows.filter((f) => f.startsWith('pr-42-'))).toEqual([])
    const restore = await runAction(
      { ...keys, operation: 'restore', 'from-manifest': `${dir}/teardown.jsonl` },
      { byHand: true }
    )
    expect(restore.code).toBe(0)
    expect(restore.outputs['status']).toBe('restored')
    expect(fnf.flows).toEqual(expect.arrayContaining(['pr-42-api', 'pr-42-worker']))
    expect(fnf.schedulesOf('pr-42-api')).toEqual(['nightly'])
  })

  it('the EnOS cancel: the running and the waiting instance of flow 2438, waited for', async () => {
    const { enos } = await region()
    const run = await runAction(cancelInputs(enos, [], { 'flow-id': '2438', 'lookback-hours': '48', wait: 'true' }), {
      byHand: true
    })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(names(run.outputs['results']).sort()).toEqual(['2438-201908081020 cancelled', '2438-201908081130 cancelled'])
    expect(enos.instanceStatus('2438-201908070900')).toBe(1)
  })
})
