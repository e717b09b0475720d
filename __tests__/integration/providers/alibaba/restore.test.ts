/**
 * operation: restore over real HTTP against the fnf emulator: CreateFlow with the saved fields
 * (Environment as one JSON field), each saved schedule with its enabled state; nothing overwritten;
 * a create whose answer was lost and whose retry meets what it made counts as made; a refused
 * schedule fails its flow and says what was done.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { FnfEmulator } from '../../../../emulators/fnf-emulator.js'
import type { SavedFlow } from '../../../../src/providers/alibaba/restore.js'
import { recordedManifest } from '../../../helpers/manifest.js'
import { runDelete, runRestore } from '../../../helpers/operations.js'

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
  ],
  id: 'old-id',
  maybeDeleted: true
}
const calls = () => emulator.requests.map((r) => `${r.action} ${r.target} ${r.status}`)

async function withManifest(flows: SavedFlow[], overrides = {}) {
  const { records, manifest } = recordedManifest()
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

  it('someone else’s flow of the same name (another Id): left as it is at once, status exists, and no schedule goes on it', async () => {
    emulator.addFlow('pr-5-api', { Definition: 'someone else’s', Description: 'theirs' })
    emulator.addSchedule('pr-5-api', 'on', '0 0 12 * * *')
    const theirs = String(emulator.flowAsDescribed('pr-5-api')!['Id'])
    const { results, records, sleeps } = await withManifest([saved])
    expect(results[0]).toMatchObject({
      status: 'exists',
      message: `a flow of this name is there that is not the one deleted (its Id is "${theirs}", the manifest's "old-id"; made since, by an earlier restore or by someone else): it was left as it is, and no schedule was created on it`
    })
    expect(results[0]!.details![0]).toMatchObject({ done: 0 })
    expect(emulator.flowAsDescribed('pr-5-api')).toMatchObject({ Definition: 'someone else’s' })
    expect(emulator.schedulesIn('pr-5-api').map((s) => [s['ScheduleName'], s['CronExpression']])).toEqual([
      ['on', '0 0 12 * * *']
    ])
    expect(calls()).toEqual(['CreateFlow pr-5-api 409', 'DescribeFlow pr-5-api 200'])
    expect(sleeps).toEqual([])
    expect(
      records.filter((r) => 'type' in r && r.type === 'change').map((r) => (r as { outcome: string }).outcome)
    ).toEqual(['present'])
  })

  it('the flow itself, never deleted (same Id, its DeleteFlow did not land): left as it is; its missing schedules are created on it', async () => {
    emulator.addFlow('pr-5-api', { Definition: 'v1' })
    emulator.addSchedule('pr-5-api', 'on', '0 0 12 * * *')
    const id = String(emulator.flowAsDescribed('pr-5-api')!['Id'])
    const { results } = await withManifest([{ ...saved, id, maybeDeleted: false }])
    expect(results[0]).toMatchObject({
      status: 'exists',
      message:
        'the flow itself was never deleted (its DeleteFlow did not land): it was left as it is, and its missing schedules were created'
    })
    expect(emulator.schedulesIn('pr-5-api').map((s) => s['ScheduleName'])).toEqual(['on', 'off'])
  })

  it('no Id in the manifest: whose flow it is cannot be told, so it is left alone with no schedule', async () => {
    emulator.addFlow('pr-5-api')
    const { id: _id, ...withoutId } = saved
    const { results } = await withManifest([withoutId])
    expect(results[0]).toMatchObject({ status: 'exists', message: expect.stringContaining('holds no Id') })
    expect(emulator.schedulesIn('pr-5-api')).toEqual([])
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
    const { results } = await runRestore(emulator, [{ name: 'pr-5-web', schedules: [], maybeDeleted: true }])
    expect(results[0]).toMatchObject({ status: 'failed', errorCode: 'NoBackup', attempts: 0 })
    expect(emulator.requests).toEqual([])
  })
})

/** Real sleeps: the emulator's asynchronous delete takes real time. */
const realSleep = { sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) }

describe('a restore right after the teardown meets the asynchronous delete', () => {
  async function deleted(delayMs: number): Promise<string> {
    emulator.deletionDelayMs = delayMs
    emulator.addFlow('pr-5-api', { Definition: saved.service!['Definition'] })
    emulator.addSchedule('pr-5-api', 'on')
    const id = String(emulator.flowAsDescribed('pr-5-api')!['Id'])
    const teardown = await runDelete(emulator, { flowNames: ['pr-5-api'], deleteSchedules: true })
    expect(teardown.results[0]).toMatchObject({ status: 'done' })
    emulator.requests.length = 0
    return id
  }

  it('the old flow (the manifest’s Id) is waited out, then created; its schedules go on the new flow', async () => {
    const id = await deleted(1_500)
    const { results } = await runRestore(emulator, [{ ...saved, id }], { waitTimeoutMs: 20_000 }, realSleep)
    expect(results[0]).toMatchObject({
      status: 'done',
      message: "created once the deleted flow's asynchronous delete had finished"
    })
    expect(results[0]!.details![0]).toMatchObject({ done: 2 })
    const now = emulator.flowAsDescribed('pr-5-api')!
    expect(now['Id']).not.toBe(id)
    expect(emulator.schedulesOf('pr-5-api')).toEqual(['on', 'off'])
    const sent = calls()
    expect(sent.slice(0, 2)).toEqual(['CreateFlow pr-5-api 409', 'DescribeFlow pr-5-api 200'])
    // No schedule was sent before the flow was made anew.
    const made = sent.indexOf('CreateFlow pr-5-api 200')
    expect(made).toBeGreaterThan(1)
    expect(sent.findIndex((c) => c.startsWith('CreateSchedule'))).toBeGreaterThan(made)
  })

  it('still being deleted when wait-timeout runs out: nothing is created, StillBeingDeleted, and no schedule is sent', async () => {
    const id = await deleted(60_000)
    const { results } = await runRestore(emulator, [{ ...saved, id }], { waitTimeoutMs: 1_200 }, realSleep)
    expect(results[0]).toMatchObject({ status: 'failed', errorCode: 'StillBeingDeleted' })
    expect(results[0]!.message).toContain(
      'was still being deleted when wait-timeout (1.2 s) ran out: nothing was created'
    )
    expect(calls().some((c) => c.startsWith('CreateSchedule'))).toBe(false)
    expect(emulator.flows).toEqual(['pr-5-api'])
  })
})

describe('nothing written back wrong', () => {
  it('a flow whose saved fields hold a redaction fails, naming the flow and the field, and sends nothing; the rest are restored', async () => {
    const redacted: SavedFlow = {
      ...saved,
      name: 'pr-5-leaky',
      service: { ...saved.service, Name: 'pr-5-leaky', Definition: 'key: ***' },
      redacted: ['Definition', "schedule 'on' Payload"]
    }
    const { results } = await runRestore(emulator, [redacted, saved], { concurrency: 1 })
    expect(results.map((r) => [r.name, r.status, r.errorCode])).toEqual([
      ['pr-5-leaky', 'failed', 'RedactedInManifest'],
      ['pr-5-api', 'done', undefined]
    ])
    expect(results[0]!.message).toBe(
      "the manifest holds *** where a credential of the run that deleted it was, in its Definition, schedule 'on' Payload: the flow is not created, since it would not be the flow that was deleted"
    )
    expect(emulator.requests.map((r) => r.target)).not.toContain('pr-5-leaky')
    expect(emulator.flows).toEqual(['pr-5-api'])
  })
})

describe('a CreateFlow larger than the service accepts', () => {
  it('fails that flow before it is sent, naming its size; nothing else is held back', async () => {
    const huge: SavedFlow = {
      ...saved,
      name: 'pr-5-huge',
      service: { ...saved.service, Name: 'pr-5-huge', Definition: `steps: "${'x'.repeat(1100 * 1024)}"` }
    }
    const { results } = await runRestore(emulator, [huge, saved], { concurrency: 1 })
    expect(results.map((r) => [r.name, r.status, r.errorCode])).toEqual([
      ['pr-5-huge', 'failed', 'RequestTooLarge'],
      ['pr-5-api', 'done', undefined]
    ])
    expect(results[0]!.message).toMatch(
      /^CreateFlow for this flow would be a request of \d+ bytes \(its definition 1126409\), more than the 1,024 KiB the service accepts: it was not sent, and nothing was created$/
    )
    expect(emulator.requests.map((r) => r.target)).not.toContain('pr-5-huge')
  })
})
