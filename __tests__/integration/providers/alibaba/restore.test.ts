/**
 * operation: restore over real HTTP against the fnf emulator: CreateFlow with the saved fields
 * (Environment as one JSON field), each saved schedule with its enabled state; nothing overwritten;
 * a create whose answer was lost and whose retry meets what it made counts as made; a refused
 * schedule fails its flow and says what was done.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { FnfEmulator } from '../../../../emulators/fnf-emulator.js'
import type { SavedFlow } from '../../../../src/providers/alibaba/restore.js'
import { ManifestWriter, type ManifestRecord } from '../../../../src/report/manifest.js'
import { runRestore } from '../../../helpers/operations.js'

let emulator: FnfEmulator
beforeEach(async () => {
  emulator = await new FnfEmulator().start()
})
afterEach(async () => {
  await emulator.stop()
})

const saved: SavedFlow = {
  name: 'pr-5-api',
  service: {
    Name: 'pr-5-api',
    Id: 'old-id',
    Definition: 'version: v1\ntype: flow\nsteps: []',
    Description: 'api',
    Type: 'FDL',
    ExecutionMode: 'Express',
    Environment: { Variables: [{ Name: 'K', Value: 'v', Description: 'd' }] },
    CreatedTime: '2026-01-01T01:01:01.001Z'
  },
  schedules: [
    { ScheduleName: 'on', CronExpression: '0 0 * * * *', Enable: true, Payload: '{"a":1}' },
    { ScheduleName: 'off', CronExpression: '0 30 * * * *', Enable: false }
  ]
}
const calls = () => emulator.requests.map((r) => `${r.action} ${r.target} ${r.status}`)

async function withManifest(flows: SavedFlow[], overrides = {}) {
  const records: ManifestRecord[] = []
  const manifest = new ManifestWriter(
    (line) => void records.push(JSON.parse(line) as ManifestRecord),
    (t) => t
  )
  const run = await runRestore(emulator, flows, overrides, { manifest })
  return { ...run, records }
}

describe('restore', () => {
  it('creates the flow with its saved fields, then its schedules with their enabled states; the manifest records each change', async () => {
    const { results, records } = await withManifest([saved])
    expect(results[0]).toMatchObject({ name: 'pr-5-api', status: 'done', action: 'CreateFlow', requests: 3 })
    expect(results[0]!.details).toEqual([expect.objectContaining({ key: 'schedules', items: ['on', 'off'], done: 2 })])
    expect(emulator.flowAsDescribed('pr-5-api')).toMatchObject({
      Definition: saved.service!['Definition'],
      Description: 'api',
      ExecutionMode: 'Express',
      Environment: saved.service!['Environment']
    })
    expect(emulator.flowAsDescribed('pr-5-api')!['Id']).not.toBe('old-id')
    expect(emulator.schedulesIn('pr-5-api')).toEqual([
      { ScheduleName: 'on', CronExpression: '0 0 * * * *', Enable: true, Payload: '{"a":1}' },
      { ScheduleName: 'off', CronExpression: '0 30 * * * *', Enable: false }
    ])
    expect(
      records
        .filter((r) => 'type' in r && r.type === 'change')
        .map((r) => [(r as { action: string }).action, (r as { outcome: string }).outcome])
    ).toEqual([
      ['CreateFlow', 'done'],
      ['CreateSchedule', 'done'],
      ['CreateSchedule', 'done']
    ])
  })

  it('a flow there already is left as it is (exists); only its missing schedules are created', async () => {
    emulator.addFlow('pr-5-api', { Definition: 'someone else’s', Description: 'theirs' })
    emulator.addSchedule('pr-5-api', 'on', '0 0 12 * * *')
    const { results, records } = await withManifest([saved])
    expect(results[0]).toMatchObject({
      status: 'exists',
      message: 'a flow of this name is there already: it was left as it is'
    })
    expect(results[0]!.details![0]).toMatchObject({ done: 1 })
    expect(emulator.flowAsDescribed('pr-5-api')).toMatchObject({ Definition: 'someone else’s' })
    expect(emulator.schedulesIn('pr-5-api').map((s) => [s['ScheduleName'], s['CronExpression']])).toEqual([
      ['on', '0 0 12 * * *'],
      ['off', '0 30 * * * *']
    ])
    expect(
      records.filter((r) => 'type' in r && r.type === 'change').map((r) => (r as { outcome: string }).outcome)
    ).toEqual(['present', 'present', 'done'])
  })

  it('a CreateFlow whose answer was lost: its retry meets the flow it made, which counts as restored, not as there already', async () => {
    emulator.injectFault({ action: 'CreateFlow', fault: { kind: 'apply-then-reset' } })
    emulator.injectFault({ action: 'CreateSchedule', fault: { kind: 'apply-then-reset' } })
    const { results } = await runRestore(emulator, [saved])
    expect(results[0]).toMatchObject({ status: 'done', message: 'created by an earlier attempt whose answer was lost' })
    expect(results[0]!.details![0]).toMatchObject({ done: 2 })
    expect(emulator.schedulesIn('pr-5-api')).toHaveLength(2)
  })

  it('a refused CreateSchedule fails the flow, saying which schedule and that the flow was created; the schedules after it are not sent', async () => {
    emulator.injectFault({
      action: 'CreateSchedule',
      fault: { kind: 'error', status: 403, code: 'AccessDenied', message: "The resources doesn't belong to you." }
    })
    const { results } = await runRestore(emulator, [saved])
    expect(results[0]).toMatchObject({
      status: 'failed',
      action: 'CreateSchedule',
      errorCode: 'AccessDenied',
      message: "schedule 'on': The resources doesn't belong to you. (the flow was created)"
    })
    expect(results[0]!.hint).toContain('fnf:CreateSchedule')
    expect(calls()).toEqual(['CreateFlow pr-5-api 200', 'CreateSchedule pr-5-api/on 403'])
  })

  it('a flow the manifest holds no definition of fails NoBackup and sends nothing', async () => {
    const { results } = await runRestore(emulator, [{ name: 'pr-5-web', schedules: [] }])
    expect(results[0]).toMatchObject({ status: 'failed', errorCode: 'NoBackup', attempts: 0 })
    expect(emulator.requests).toEqual([])
  })
})
