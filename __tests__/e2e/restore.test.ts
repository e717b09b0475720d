/**
 * operation: restore and reviewed plans through dist/index.js: a teardown undone from its manifest
 * (the emulator ends with the same definitions, schedules and enabled states), a restore run twice
 * (the second changes nothing, exit 0), a cancel's disabled flows enabled again, a plan applied
 * after one of its flows changed, and plans refused before anything is sent.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { EnosEmulator } from '../../emulators/enos-emulator.js'
import { EMULATOR_DEFAULT_ACCOUNT, FnfEmulator } from '../../emulators/fnf-emulator.js'
import { readManifest } from '../../src/report/manifest-read.js'
import { cancelInputs, deleteInputs, enosRestoreInputs, restoreInputs } from '../../scripts/lib/emulator-inputs.js'
import { runAction, secretForms } from '../helpers/run-action.js'

let fnf: FnfEmulator | undefined
let enos: EnosEmulator | undefined
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-restore-'))
let counter = 0
const newFile = (name: string) => path.join(dir, `${++counter}-${name}.jsonl`)
afterEach(async () => {
  await fnf?.stop()
  await enos?.stop()
  fnf = undefined
  enos = undefined
})

const results = (run: { outputs: Record<string, string> }) =>
  (JSON.parse(run.outputs['results'] ?? '[]') as { name: string; status: string; errorCode: string | null }[]).map(
    (r) => [r.name, r.status, r.errorCode]
  )

/** Two flows with every round-trip-safe field, their schedules, and one that must stay. */
function region(emulator: FnfEmulator): void {
  emulator.addFlow('pr-9-api', {
    Definition:
      'Type: StateMachine\nSpecVersion: v1\nName: pr-9-api\nStartAt: a\nStates:\n  - Type: Pass\n    Name: a\n    End: true',
    Description: 'the API of PR 9',
    Type: 'FDL',
    RoleArn: 'acs:ram::1234567890123456:role/fnf-runner',
    ExecutionMode: 'Express',
    Environment: { Variables: [{ Name: 'STAGE', Value: 'pr-9', Description: 'which stage' }] },
    ResourceGroupId: 'rg-acfm2pz25js****'
  })
  emulator.addFlow('pr-9-web', { Definition: 'version: v1\ntype: flow\nsteps: []', Description: '' })
  emulator.addFlow('main-api')
  emulator.addSchedule('pr-9-api', 'nightly', '0 0 2 * * *', {
    enable: true,
    payload: '{"full":true}',
    description: 'every night'
  })
  emulator.addSchedule('pr-9-api', 'paused', '0 30 * * * *', { enable: false })
  emulator.addSchedule('pr-9-web', 'hourly', '0 0 * * * *', { enable: true })
}

/** What a restore must bring back: each flow's round-trip-safe fields and its schedules. */
function snapshot(emulator: FnfEmulator, names: string[]) {
  return names.map((name) => {
    const { Id: _id, CreatedTime: _c, LastModifiedTime: _m, ...fields } = emulator.flowAsDescribed(name) ?? {}
    return { name, fields, schedules: emulator.schedulesIn(name) }
  })
}

describe('operation: restore of a delete', () => {
  it('a pattern teardown, then its restore: the same definitions, fields, schedules and enabled states; run again, nothing changes and the step succeeds', async () => {
    fnf = await new FnfEmulator().start()
    region(fnf)
    const before = snapshot(fnf, ['pr-9-api', 'pr-9-web'])
    const teardown = newFile('teardown')
    const deleted = await runAction(
      deleteInputs(fnf, [], {
        'flow-name-pattern': 'pr-9-*',
        'delete-schedules': 'true',
        backup: 'true',
        'manifest-path': teardown
      })
    )
    expect(deleted.code).toBe(0)
    expect(fnf.flows).toEqual(['main-api'])

    const restoreManifest = newFile('restore')
    const restored = await runAction(restoreInputs(fnf, teardown, { 'manifest-path': restoreManifest }))
    expect(restored.stderr).toBe('')
    expect(restored.code).toBe(0)
    expect(restored.outputs['status']).toBe('restored')
    expect(results(restored)).toEqual([
      ['pr-9-api', 'restored', null],
      ['pr-9-web', 'restored', null]
    ])
    expect(fnf.flows.sort()).toEqual(['main-api', 'pr-9-api', 'pr-9-web'])
    expect(snapshot(fnf, ['pr-9-api', 'pr-9-web'])).toEqual(before)
    expect(restored.summary).toContain('A restore cannot bring back')
    // Neither manifest holds the keys, in any form a line could carry them.
    for (const file of [teardown, restoreManifest]) {
      const text = fs.readFileSync(file, 'utf8')
      for (const form of secretForms(EMULATOR_DEFAULT_ACCOUNT.accessKeySecret)) expect(text).not.toContain(form)
    }
    expect(readManifest(fs.readFileSync(restoreManifest, 'utf8'))).toMatchObject({
      header: { operation: 'restore', provider: 'alibaba', selectors: { 'from-manifest': [teardown] } },
      cutShort: false
    })
    expect(restored.stdout).toContain('A restore cannot bring back')

    const creates = fnf.requests.filter((r) => r.action.startsWith('Create')).length
    const again = await runAction(restoreInputs(fnf, teardown, { 'manifest-path': newFile('again') }))
    expect(again.code).toBe(0)
    expect(again.outputs['status']).toBe('exists')
    expect(results(again)).toEqual([
      ['pr-9-api', 'exists', null],
      ['pr-9-web', 'exists', null]
    ])
    expect(snapshot(fnf, ['pr-9-api', 'pr-9-web'])).toEqual(before)
    // It asked, was told each name was taken, and read each flow: not the one deleted (the first
    // restore made it), so it was left alone with no schedule sent: 2 CreateFlow, none of which made anything.
    expect(fnf.requests.filter((r) => r.action.startsWith('Create')).length - creates).toBe(2)
  })

  it('flow-name narrows a restore to some of the manifest’s flows; a dry run sends nothing', async () => {
    fnf = await new FnfEmulator().start()
    region(fnf)
    const teardown = newFile('teardown')
    await runAction(
      deleteInputs(fnf, [], {
        'flow-name-pattern': 'pr-9-*',
        'delete-schedules': 'true',
        backup: 'true',
        'manifest-path': teardown
      })
    )
    const sent = fnf.requests.length
    const dry = await runAction(
      restoreInputs(fnf, teardown, { 'flow-name': 'pr-9-web', 'dry-run': 'true', 'manifest-path': newFile('dry') })
    )
    expect(dry.code).toBe(0)
    expect(results(dry)).toEqual([['pr-9-web', 'dry-run', null]])
    expect(dry.stdout).toContain('CreateSchedule for hourly (0 0 * * * *, enabled)')
    expect(fnf.requests.length).toBe(sent)

    const one = await runAction(
      restoreInputs(fnf, teardown, { 'flow-name': 'pr-9-web', 'manifest-path': newFile('one') })
    )
    expect(one.code).toBe(0)
    expect(fnf.flows.sort()).toEqual(['main-api', 'pr-9-web'])
  })

  it('a restore into another endpoint than the manifest’s says so in the log', async () => {
    fnf = await new FnfEmulator().start()
    region(fnf)
    const teardown = newFile('teardown')
    await runAction(deleteInputs(fnf, ['pr-9-web'], { backup: 'true', 'manifest-path': teardown }))
    const other = await new FnfEmulator().start()
    try {
      const run = await runAction(restoreInputs(other, teardown, { 'manifest-path': newFile('other') }))
      expect(run.code).toBe(0)
      expect(run.stdout).toContain(
        `restored in ${new URL(other.url).host} (${new URL(other.url).origin}), not where the manifest's run deleted them (${new URL(fnf.url).host}`
      )
      expect(other.flows).toEqual(['pr-9-web'])
    } finally {
      await other.stop()
    }
  })

  it('bad manifests: a clear input error naming the file, exit 1, nothing sent', async () => {
    fnf = await new FnfEmulator().start()
    const notJson = newFile('not-json')
    fs.writeFileSync(notJson, 'hello\n')
    const future = newFile('future')
    fs.writeFileSync(future, `${JSON.stringify({ format: 'flow-ops manifest', version: 9 })}\n`)
    const badName = newFile('bad-name')
    fs.writeFileSync(
      badName,
      [
        {
          format: 'flow-ops manifest',
          version: 1,
          operation: 'delete',
          provider: 'alibaba',
          location: 'x',
          endpoint: fnf.url,
          selectors: {},
          dryRun: false,
          startedAt: 'now'
        },
        { type: 'target', name: 'no good/../name', service: { Definition: 'x' } }
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n'
    )
    const cases: [string, string][] = [
      [path.join(dir, 'missing.jsonl'), 'names no file'],
      [notJson, 'line 1 is not JSON'],
      [future, 'it is version 9; this flow-ops reads version 1'],
      [badName, 'names a flow that is not a valid flow name']
    ]
    for (const [file, problem] of cases) {
      const run = await runAction(restoreInputs(fnf, file))
      expect(run.code).toBe(1)
      expect(run.stdout).toContain(`::error::Input 'from-manifest'`)
      expect(run.stdout).toContain(problem)
      expect(run.outputs['error-code']).toBe('InvalidInput')
    }
    expect(fnf.requests).toEqual([])
  })

  it('a manifest cut short by SIGKILL is used up to its last whole record, with a warning', async () => {
    fnf = await new FnfEmulator().start()
    region(fnf)
    const teardown = newFile('teardown')
    await runAction(
      deleteInputs(fnf, ['pr-9-api', 'pr-9-web'], { backup: 'true', concurrency: '1', 'manifest-path': teardown })
    )
    const text = fs.readFileSync(teardown, 'utf8')
    // Keep pr-9-api's records and half of the next line: what a run killed mid-write leaves.
    const lines = text.split('\n')
    const lastOfApi = lines.reduce(
      (last, line, index) => (line.includes('"name":"pr-9-api"') && line.includes('"type":"change"') ? index : last),
      -1
    )
    const cut = newFile('cut')
    fs.writeFileSync(cut, `${lines.slice(0, lastOfApi + 1).join('\n')}\n${lines[lastOfApi + 1]!.slice(0, 20)}`)
    expect(readManifest(fs.readFileSync(cut, 'utf8'))).toMatchObject({ cutShort: true })
    const run = await runAction(restoreInputs(fnf, cut, { 'manifest-path': newFile('restore') }))
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/::warning::from-manifest .* was cut short/)
    expect(results(run)).toEqual([['pr-9-api', 'restored', null]])
  })
})

describe('undo from several manifests', () => {
  it('a teardown cut short, finished by a re-run of the same inputs, is undone from both manifests (a folder): every flow and schedule comes back', async () => {
    fnf = await new FnfEmulator().start()
    region(fnf)
    const before = snapshot(fnf, ['pr-9-api', 'pr-9-web'])
    const folder = fs.mkdtempSync(path.join(dir, 'artifact-'))
    const teardown = (file: string) =>
      deleteInputs(fnf!, ['pr-9-api', 'pr-9-web'], {
        'delete-schedules': 'true',
        backup: 'true',
        'ignore-not-found': 'true',
        concurrency: '1',
        'manifest-path': path.join(folder, file)
      })
    // The first run deletes pr-9-web's schedule, then its DeleteFlow is refused: the step fails.
    fnf.injectFault({
      action: 'DeleteFlow',
      target: 'pr-9-web',
      fault: { kind: 'error', status: 500, code: 'InternalServerError' },
      times: 3
    })
    const first = await runAction(teardown('1-teardown.jsonl'))
    expect(first.code).toBe(1)
    expect(fnf.schedulesOf('pr-9-web')).toEqual([])
    // Re-run with the same inputs: pr-9-api is gone already, pr-9-web goes.
    const again = await runAction(teardown('2-teardown.jsonl'))
    expect(again.code).toBe(0)
    expect(fnf.flows).toEqual(['main-api'])
    const restored = await runAction(restoreInputs(fnf, folder, { 'manifest-path': newFile('restore') }))
    expect(restored.code).toBe(0)
    expect(results(restored)).toEqual([
      ['pr-9-api', 'restored', null],
      ['pr-9-web', 'restored', null]
    ])
    // pr-9-web's schedule is only in the first manifest: the union brings it back.
    expect(snapshot(fnf, ['pr-9-api', 'pr-9-web'])).toEqual(before)
    expect(restored.stdout).toContain('that the deletes of')
  })
})

describe('operation: restore of a cancel', () => {
  it('enables again the flows disable-flow disabled that were active before; a paused one stays paused; the log says cancelled instances cannot come back', async () => {
    enos = await new EnosEmulator().start()
    enos.addFlow(3377)
    enos.addFlow(3378, { active: false })
    enos.addInstance('3377-20261203100000', { status: 2 })
    const cancel = newFile('cancel')
    const cancelled = await runAction(
      cancelInputs(enos, [], { 'flow-id': '3377\n3378', 'disable-flow': 'true', 'manifest-path': cancel })
    )
    expect(cancelled.code).toBe(0)
    expect(enos.isDisabled(3377)).toBe(true)
    const run = await runAction(enosRestoreInputs(enos, cancel, { 'manifest-path': newFile('restore') }))
    expect(run.code).toBe(0)
    expect(results(run)).toEqual([['3377', 'restored', null]])
    expect(enos.isDisabled(3377)).toBe(false)
    expect(enos.isDisabled(3378)).toBe(true)
    expect(run.stdout).toContain('Left paused, as they were before that run: flow 3378')
    expect(run.stdout).toContain('1 cancelled flow instance cannot be restored')
    const again = await runAction(enosRestoreInputs(enos, cancel, { 'manifest-path': newFile('again') }))
    expect(again.code).toBe(0)
    expect(results(again)).toEqual([['3377', 'exists', null]])
  })
})

describe('operation: delete from a reviewed plan', () => {
  async function plan(emulator: FnfEmulator): Promise<string> {
    const file = newFile('plan')
    const run = await runAction(
      deleteInputs(emulator, [], { 'flow-name-pattern': 'pr-9-*', 'dry-run': 'true', 'manifest-path': file })
    )
    expect(run.code).toBe(0)
    return file
  }

  it('deletes exactly the plan’s flows; one changed since the plan is left alone and fails the step; one gone is not-found', async () => {
    fnf = await new FnfEmulator().start()
    region(fnf)
    fnf.addFlow('pr-9-worker')
    const file = await plan(fnf)
    // After the review: one flow changed, one deleted by someone, one new flow that matches the pattern.
    fnf.modifyFlow('pr-9-web', { Definition: 'version: v1\ntype: flow\nsteps: [changed]' })
    fnf.removeFlow('pr-9-worker')
    fnf.addFlow('pr-9-late')
    const listed = fnf.requests.filter((r) => r.action === 'ListFlows').length
    // The plan was made at the emulator, which is no region: the workflow names it again.
    const { region: _region, ...keys } = deleteInputs(fnf, [])
    const run = await runAction({ ...keys, 'flow-name': '', 'from-manifest': file, 'manifest-path': newFile('apply') })
    expect(run.code).toBe(1)
    expect(results(run)).toEqual([
      ['pr-9-api', 'deleted', null],
      ['pr-9-web', 'changed', 'ChangedSincePlan'],
      ['pr-9-worker', 'not-found', 'FlowNotExists']
    ])
    expect(fnf.flows.sort()).toEqual(['main-api', 'pr-9-late', 'pr-9-web'])
    expect(fnf.requests.filter((r) => r.action === 'ListFlows').length).toBe(listed)
    expect(run.stdout).toMatch(
      /::error title=Changed since the plan%3A pr-9-web::'pr-9-web' .* changed since the plan, seen with DescribeFlow: ChangedSincePlan: it was modified at .* after the plan/
    )
    expect(run.stdout).toContain(
      '::error::1 of 3 flows changed since the plan and were left alone; look at them again: pr-9-web'
    )
    expect(run.summary).toContain('changed since the plan')
  })

  it('refuses, before anything is sent: a plan beside a selector, a plan for another endpoint, a manifest that is not a dry run of a delete', async () => {
    fnf = await new FnfEmulator().start()
    region(fnf)
    const file = await plan(fnf)
    const teardown = newFile('teardown')
    await runAction(deleteInputs(fnf, ['main-api'], { 'manifest-path': teardown }))
    const other = await new FnfEmulator().start()
    const sent = fnf.requests.length
    try {
      const { region: _r, endpoint: _e, ...keys } = deleteInputs(fnf, [])
      const cases: [Record<string, string>, string][] = [
        [
          { ...keys, 'flow-name': '', 'flow-name-pattern': 'pr-*', 'from-manifest': file },
          "Input 'flow-name-pattern' cannot be given with from-manifest"
        ],
        [{ ...keys, 'flow-name': '', endpoint: other.url, 'from-manifest': file }, 'is a plan for'],
        [{ ...keys, 'flow-name': '', 'from-manifest': teardown }, "to undo that run, use operation 'restore'"]
      ]
      for (const [inputs, problem] of cases) {
        const run = await runAction(inputs)
        expect(run.code).toBe(1)
        expect(run.stdout).toContain(problem)
      }
      expect(fnf.requests.length).toBe(sent)
      expect(other.requests).toEqual([])
    } finally {
      await other.stop()
    }
  })
})
