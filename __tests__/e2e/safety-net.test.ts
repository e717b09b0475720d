/**
 * The safety net through dist/index.js, tried as an attacker and as a new user would: an edited
 * manifest or plan never decides where signed requests or credentials go; a restore never writes
 * back a redaction, waits out a pending delete and leaves someone else's flow alone; a plan
 * removes nothing its reviewer did not see; a FIFO named as a manifest is refused at once; a wrong
 * secret is reported as itself.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { EnosEmulator } from '../../emulators/enos-emulator.js'
import { EMULATOR_DEFAULT_ACCOUNT, FnfEmulator } from '../../emulators/fnf-emulator.js'
import { cancelInputs, deleteInputs, enosRestoreInputs, restoreInputs } from '../../scripts/lib/emulator-inputs.js'
import { runAction, type ActionRun } from '../helpers/run-action.js'

const started: { stop(): Promise<void> }[] = []
async function start<T extends { start(): Promise<T>; stop(): Promise<void> }>(emulator: T): Promise<T> {
  started.push(emulator)
  return emulator.start()
}
afterEach(async () => {
  for (const emulator of started.splice(0)) await emulator.stop()
})

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-safety-'))
let counter = 0
const newFile = (name: string) => path.join(dir, `${++counter}-${name}.jsonl`)

const results = (run: ActionRun) =>
  (JSON.parse(run.outputs['results'] ?? '[]') as { name: string; status: string; errorCode: string | null }[]).map(
    (r) => [r.name, r.status, r.errorCode]
  )

/** A manifest's header line replaced by the same header with `changes`: what an attacker's job could upload. */
function edited(file: string, changes: Record<string, unknown>): string {
  const [first, ...rest] = fs.readFileSync(file, 'utf8').split('\n')
  const target = newFile('edited')
  fs.writeFileSync(target, [JSON.stringify({ ...JSON.parse(first!), ...changes }), ...rest].join('\n'))
  return target
}

/** A real teardown of pr-7-api (and its schedule) at `fnf`, with backup: its manifest. */
async function teardown(fnf: FnfEmulator, extra: Record<string, string> = {}): Promise<string> {
  const file = newFile('teardown')
  const run = await runAction(
    deleteInputs(fnf, [], {
      'flow-name-pattern': 'pr-7-*',
      'delete-schedules': 'true',
      backup: 'true',
      'manifest-path': file,
      ...extra
    })
  )
  expect(run.code).toBe(0)
  return file
}

function pr7(fnf: FnfEmulator): void {
  fnf.addFlow('pr-7-api', { Definition: 'version: v1\ntype: flow\nsteps: []', Description: 'api' })
  fnf.addSchedule('pr-7-api', 'nightly', '0 0 2 * * *', { enable: true })
}

describe('an edited manifest never decides where signed requests go', () => {
  it.each([
    ['plain http to a host that is not loopback', '10.0.0.5:8080', 'http://10.0.0.5:8080/'],
    ['https to a host that is not Alibaba’s', 'fnf.attacker.example', 'https://fnf.attacker.example/'],
    ['a region beside another host', 'cn-hangzhou', 'https://fnf.attacker.example/']
  ])(
    '%s: refused before anything is sent, naming from-manifest, the endpoint and what to set',
    async (_, location, endpoint) => {
      const fnf = await start(new FnfEmulator())
      pr7(fnf)
      const file = edited(await teardown(fnf), { location, endpoint })
      const sent = fnf.requests.length
      const { endpoint: _own, ...withoutEndpoint } = restoreInputs(fnf, file)
      const run = await runAction(withoutEndpoint)
      expect(run.code).toBe(1)
      expect(run.outputs['error-code']).toBe('InvalidInput')
      expect(run.failedWith).toContain(
        `Input 'from-manifest' records the endpoint ${JSON.stringify(endpoint)} (${JSON.stringify(file)}), and a manifest never decides where signed requests go`
      )
      expect(run.failedWith).toContain("set 'endpoint' in the workflow to")
      expect(fnf.requests.length).toBe(sent)
    }
  )

  it('a loopback host of the attacker’s: it receives nothing unless the workflow’s endpoint names it', async () => {
    const fnf = await start(new FnfEmulator())
    const attacker = await start(new FnfEmulator())
    pr7(fnf)
    const file = edited(await teardown(fnf), { location: new URL(attacker.url).host, endpoint: `${attacker.url}/` })
    const { endpoint: _own, ...withoutEndpoint } = restoreInputs(fnf, file)
    const refused = await runAction(withoutEndpoint)
    expect(refused.code).toBe(1)
    expect(attacker.requests).toEqual([])
    // The workflow's own endpoint decides: the flows come back where the workflow says, and the log names both.
    const restored = await runAction(restoreInputs(fnf, file, { 'manifest-path': newFile('restore') }))
    expect(restored.code).toBe(0)
    expect(results(restored)).toEqual([['pr-7-api', 'restored', null]])
    expect(restored.stdout).toContain(`not where the manifest's run deleted them (${new URL(attacker.url).host}`)
    expect(attacker.requests).toEqual([])
  })

  it('a plan edited to another place is refused even when the workflow names that place', async () => {
    const fnf = await start(new FnfEmulator())
    pr7(fnf)
    const plan = newFile('plan')
    expect(
      (
        await runAction(
          deleteInputs(fnf, [], { 'flow-name-pattern': 'pr-7-*', 'dry-run': 'true', 'manifest-path': plan })
        )
      ).code
    ).toBe(0)
    const moved = edited(plan, { location: 'fnf.attacker.example', endpoint: 'https://fnf.attacker.example/' })
    const sent = fnf.requests.length
    const { region: _r, endpoint: _e, ...keys } = deleteInputs(fnf, [])
    const unnamed = await runAction({ ...keys, 'flow-name': '', 'from-manifest': moved })
    expect(unnamed.code).toBe(1)
    expect(unnamed.failedWith).toContain('a manifest never decides where signed requests go')
    const elsewhere = await runAction({ ...keys, 'flow-name': '', endpoint: fnf.url, 'from-manifest': moved })
    expect(elsewhere.code).toBe(1)
    expect(elsewhere.failedWith).toContain('a plan is applied where it was made')
    expect(fnf.requests.length).toBe(sent)
    expect(fnf.flows).toEqual(['pr-7-api'])
  })

  it('EnOS: a restore without the workflow’s own apigw-url is refused, and the gateway the manifest names gets no token request', async () => {
    const enos = await start(new EnosEmulator())
    const attacker = await start(new EnosEmulator())
    enos.addFlow(3377)
    enos.addInstance('3377-20261203100000', { status: 2 })
    const cancel = newFile('cancel')
    const cancelled = await runAction(
      cancelInputs(enos, [], { 'flow-id': '3377', 'disable-flow': 'true', 'manifest-path': cancel })
    )
    expect(cancelled.code).toBe(0)
    const file = edited(cancel, { location: new URL(attacker.url).host, endpoint: `${attacker.url}/` })
    const { 'apigw-url': _own, ...withoutGateway } = enosRestoreInputs(enos, file)
    const run = await runAction(withoutGateway)
    expect(run.code).toBe(1)
    expect(run.failedWith).toContain(
      `Input 'from-manifest' records the gateway ${JSON.stringify(`${attacker.url}/`)} (${JSON.stringify(file)}), and a manifest never decides where the app's key and secret go. Set 'apigw-url'`
    )
    expect(attacker.requests).toEqual([])
    expect(enos.isDisabled(3377)).toBe(true)
  })
})

describe('a restore never writes back a redaction', () => {
  it('a flow whose definition holds the run’s access key id: the teardown leaves it alone (BackupRedacted); with backup: false it goes, and its restore refuses it (RedactedInManifest)', async () => {
    const fnf = await start(new FnfEmulator())
    const leaky = `version: v1\ntype: flow\nenv:\n  KEY: ${EMULATOR_DEFAULT_ACCOUNT.accessKeyId}`
    fnf.addFlow('pr-7-leaky', { Definition: leaky })
    pr7(fnf)
    const kept = await runAction(deleteInputs(fnf, ['pr-7-leaky', 'pr-7-api'], { backup: 'true' }))
    expect(kept.code).toBe(1)
    expect(results(kept)).toEqual([
      ['pr-7-leaky', 'failed', 'BackupRedacted'],
      ['pr-7-api', 'deleted', null]
    ])
    expect(kept.stdout).toContain("a credential of this run appears in the flow's Definition")
    expect(fnf.flows).toContain('pr-7-leaky')

    const file = newFile('teardown')
    const gone = await runAction(deleteInputs(fnf, ['pr-7-leaky'], { backup: 'false', 'manifest-path': file }))
    expect(gone.code).toBe(0)
    expect(fs.readFileSync(file, 'utf8')).not.toContain(EMULATOR_DEFAULT_ACCOUNT.accessKeyId)

    const patterned = newFile('patterned')
    fnf.addFlow('pr-7-leaky2', { Definition: leaky })
    await runAction(deleteInputs(fnf, [], { 'flow-name-pattern': 'pr-7-leaky2', 'manifest-path': patterned }))
    const restore = await runAction(restoreInputs(fnf, patterned))
    expect(restore.code).toBe(1)
    expect(results(restore)).toEqual([['pr-7-leaky2', 'failed', 'RedactedInManifest']])
    expect(restore.stdout).toContain(
      'the manifest holds *** where a credential of the run that deleted it was, in its Definition'
    )
    expect(fnf.flows).not.toContain('pr-7-leaky2')
    expect(fnf.requests.filter((r) => r.action === 'CreateFlow')).toEqual([])
  })
})

describe('a restore and the asynchronous delete', () => {
  it('right after the teardown: the old flow is waited out, then created with its schedule', async () => {
    const fnf = await start(new FnfEmulator())
    fnf.deletionDelayMs = 2_000
    pr7(fnf)
    const file = await teardown(fnf)
    const run = await runAction(restoreInputs(fnf, file, { 'wait-timeout': '30', 'manifest-path': newFile('restore') }))
    expect(run.code).toBe(0)
    expect(results(run)).toEqual([['pr-7-api', 'restored', null]])
    expect(run.stdout).toContain("Flow 'pr-7-api' is still being deleted (DeleteFlow is asynchronous")
    expect(fnf.schedulesOf('pr-7-api')).toEqual(['nightly'])
  })

  it('beside someone else’s flow of the same name: left alone at once, status exists, no schedule put on it', async () => {
    const fnf = await start(new FnfEmulator())
    pr7(fnf)
    const file = await teardown(fnf)
    fnf.addFlow('pr-7-api', { Definition: 'theirs' })
    const run = await runAction(restoreInputs(fnf, file, { 'manifest-path': newFile('restore') }))
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('exists')
    expect(results(run)).toEqual([['pr-7-api', 'exists', null]])
    expect(fnf.flowAsDescribed('pr-7-api')).toMatchObject({ Definition: 'theirs' })
    expect(fnf.schedulesOf('pr-7-api')).toEqual([])
  })
})

describe('a plan removes nothing its reviewer did not see', () => {
  async function plan(fnf: FnfEmulator, extra: Record<string, string> = {}): Promise<string> {
    const file = newFile('plan')
    const run = await runAction(
      deleteInputs(fnf, [], { 'flow-name-pattern': 'pr-7-*', 'dry-run': 'true', 'manifest-path': file, ...extra })
    )
    expect(run.code).toBe(0)
    return file
  }
  const apply = (fnf: FnfEmulator, file: string, extra: Record<string, string> = {}) => {
    const { region: _r, ...keys } = deleteInputs(fnf, [])
    return runAction({ ...keys, 'flow-name': '', 'from-manifest': file, ...extra })
  }

  it('applied with delete-schedules: true when made without: refused, naming the input; nothing sent', async () => {
    const fnf = await start(new FnfEmulator())
    pr7(fnf)
    const file = await plan(fnf)
    const sent = fnf.requests.length
    const run = await apply(fnf, file, { 'delete-schedules': 'true' })
    expect(run.code).toBe(1)
    expect(run.failedWith).toContain("Input 'delete-schedules' is true, but the plan")
    expect(fnf.requests.length).toBe(sent)
  })

  it('made with delete-schedules, applied with it left out: the plan’s value applies and the log says so', async () => {
    const fnf = await start(new FnfEmulator())
    pr7(fnf)
    const file = await plan(fnf, { 'delete-schedules': 'true' })
    const run = await apply(fnf, file)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('with delete-schedules: true and stop-executions: false as the plan was made')
    expect(fnf.flows).toEqual([])
  })

  it('a schedule added after the plan: its flow is left alone and the step fails naming it', async () => {
    const fnf = await start(new FnfEmulator())
    pr7(fnf)
    const file = await plan(fnf, { 'delete-schedules': 'true' })
    fnf.addSchedule('pr-7-api', 'added-later')
    const run = await apply(fnf, file)
    expect(run.code).toBe(1)
    expect(results(run)).toEqual([['pr-7-api', 'changed', 'ChangedSincePlan']])
    expect(run.stdout).toContain("1 schedule 'added-later' is not in the plan (added since it was made)")
    expect(fnf.schedulesOf('pr-7-api').sort()).toEqual(['added-later', 'nightly'])
    expect(fnf.requests.filter((r) => r.action.startsWith('Delete'))).toEqual([])
  })

  it('a plan that holds no flows says so in the log and the summary, and succeeds', async () => {
    const fnf = await start(new FnfEmulator())
    const file = await plan(fnf)
    const run = await apply(fnf, file)
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('not-found')
    expect(results(run)).toEqual([])
    expect(run.stdout).toContain('holds no flows: there is nothing to delete')
    expect(run.summary).toContain('holds no flows: there is nothing to delete')
  })
})

describe('files and credentials', () => {
  it('a FIFO named as from-manifest is an input error at once; nothing is sent', async () => {
    const fnf = await start(new FnfEmulator())
    const fifo = path.join(dir, 'manifest.fifo')
    execFileSync('mkfifo', [fifo])
    const run = await runAction(restoreInputs(fnf, fifo))
    expect(run.code).toBe(1)
    expect(run.failedWith).toContain(
      `Input 'from-manifest' cannot be read (${JSON.stringify(fifo)}): it is a named pipe (FIFO), not a regular file`
    )
    expect(fnf.requests).toEqual([])
  })

  it('manifest-path under /proc: the folder cannot be made, an input error at once (a recursive mkdir loops there on Node 20)', async () => {
    const fnf = await start(new FnfEmulator())
    pr7(fnf)
    const run = await runAction(deleteInputs(fnf, ['pr-7-api'], { 'manifest-path': '/proc/flow-ops-test/m.jsonl' }))
    expect(run.code).toBe(1)
    expect(run.failedWith).toContain("Input 'manifest-path' cannot be written")
    expect(fnf.requests).toEqual([])
  })

  it('a wrong secret on a flow given by name: SignatureNotMatch with its own hint, not BackupFailed', async () => {
    const fnf = await start(new FnfEmulator())
    pr7(fnf)
    const run = await runAction(
      deleteInputs(fnf, ['pr-7-api'], { backup: 'true', 'access-key-secret': 'not-the-right-secret' })
    )
    expect(run.code).toBe(1)
    expect(run.outputs['error-code']).toBe('SignatureNotMatch')
    expect(run.stdout).not.toContain('BackupFailed')
    expect(run.stdout).toContain("Check that 'access-key-secret' belongs to 'access-key-id'")
    expect(fnf.flows).toEqual(['pr-7-api'])
  })
})
