/**
 * The `flow-ops` command as committed (dist/cli/index.js), spawned as a terminal would run it,
 * against the emulators: a pattern teardown's dry run and the real one, a restore from its
 * manifest, an EnOS cancel, a misspelt flag, --help and --json; and the command and the action
 * ending alike on the same inputs.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ENOS_EMULATOR_APP, ENOS_EMULATOR_USER } from '../../emulators/enos-emulator.js'
import { EMULATOR_DEFAULT_ACCOUNT } from '../../emulators/fnf-emulator.js'
import YAML from 'yaml'
import { ROOT, runAction } from '../helpers/run-action.js'
import { exampleRegion } from '../helpers/emulators.js'

const actionInputs = () =>
  (
    YAML.parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { description: string }>
    }
  ).inputs

const COMMAND = path.join(ROOT, 'dist', 'cli', 'index.js')
const FNF_KEYS = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: EMULATOR_DEFAULT_ACCOUNT.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: EMULATOR_DEFAULT_ACCOUNT.accessKeySecret
}

interface CommandRun {
  code: number | null
  stdout: string
  stderr: string
  /** The folder it ran in (its manifests are written there). */
  cwd: string
}

/** Runs the command in a fresh folder with `env` (and PATH alone besides). */
function command(args: string[], env: Record<string, string> = {}): Promise<CommandRun> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-cli-'))
  const child = spawn(process.env['ACTION_NODE'] ?? process.execPath, [COMMAND, ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: cwd, ...env }
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr, cwd })
    })
  )
}

let stops: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const stop of stops) await stop()
  stops = []
})

const region = () => exampleRegion(stops)

/** Results without what differs from run to run. */
const comparable = (json: string) =>
  (JSON.parse(json) as Record<string, unknown>[]).map(({ requestId, durationMs, ...rest }) => ({
    ...rest,
    requestId: typeof requestId,
    durationMs: typeof durationMs
  }))

describe('the flow-ops command (dist/cli/index.js)', () => {
  it('a pattern teardown: the dry run shows the plan and changes nothing, the run removes the flows; plain text, secrets nowhere', async () => {
    const { fnf } = await region()
    const args = [
      'delete',
      '--endpoint',
      fnf.url,
      '--flow-name-pattern',
      'pr-42-*',
      '--delete-schedules',
      '--stop-executions'
    ]
    const dryRun = await command([...args, '--dry-run'], FNF_KEYS)
    expect(dryRun.stderr).toBe('')
    expect(dryRun.code).toBe(0)
    expect(dryRun.stdout).toContain("flow-name-pattern 'pr-42-*' matched 2 flows: pr-42-api, pr-42-worker")
    expect(dryRun.stdout).toMatch(/^Dry run: delete, 2 flows: 2 dry run/m)
    expect(fnf.flows).toContain('pr-42-api')
    const run = await command(args, FNF_KEYS)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^ {2}pr-42-api {5}deleted$/m)
    expect(fnf.flows.filter((f) => f.startsWith('pr-42-'))).toEqual([])
    for (const out of [dryRun, run]) {
      expect(out.stdout).not.toMatch(/^::/m)
      expect(out.stdout).not.toContain(EMULATOR_DEFAULT_ACCOUNT.accessKeySecret)
      expect(out.stdout).not.toContain(EMULATOR_DEFAULT_ACCOUNT.accessKeyId)
    }
    // Its manifest is a new file in the folder it ran in, and it says where.
    const manifest = /^Manifest: (.*)$/m.exec(run.stdout)![1]!
    expect(path.dirname(manifest)).toBe(fs.realpathSync(run.cwd))
    expect(path.basename(manifest)).toMatch(/^flow-ops-manifest-delete-\d{8}T\d{6}\.\d{3}Z\.jsonl$/)
    expect(fs.readFileSync(manifest, 'utf8')).toContain('"type":"end"')
  })

  it('a restore from the teardown’s manifest brings the flows back', async () => {
    const { fnf } = await region()
    const run = await command(
      ['delete', '--endpoint', fnf.url, '--flow-name-pattern', 'pr-42-*', '--delete-schedules'],
      FNF_KEYS
    )
    expect(run.code).toBe(0)
    const manifest = /^Manifest: (.*)$/m.exec(run.stdout)![1]!
    const restore = await command(['restore', '--endpoint', fnf.url, '--from-manifest', manifest], FNF_KEYS)
    expect(restore.stderr).toBe('')
    expect(restore.code).toBe(0)
    expect(restore.stdout).toMatch(/^restore, 2 flows: 2 restored/m)
    expect(fnf.schedulesOf('pr-42-api')).toEqual(['nightly'])
  })

  it('an EnOS cancel with the gateway, org and user from the environment; --json puts results on stdout and the log on stderr', async () => {
    const { enos } = await region()
    const run = await command(['cancel', '--flow-id', '2438', '--lookback-hours', '48', '--json'], {
      ENOS_APP_KEY: ENOS_EMULATOR_APP.appKey,
      ENOS_APP_SECRET: ENOS_EMULATOR_APP.appSecret,
      ENOS_APIGW_URL: enos.url,
      ENOS_ORG_ID: ENOS_EMULATOR_USER.orgId,
      ENOS_USER_ID: ENOS_EMULATOR_USER.userId
    })
    expect(run.code).toBe(0)
    const results = JSON.parse(run.stdout) as { name: string; status: string }[]
    expect(results.map((r) => `${r.name} ${r.status}`).sort()).toEqual([
      '2438-201908081020 cancelled',
      '2438-201908081130 cancelled'
    ])
    expect(run.stderr).toMatch(/^cancel, 2 flow instances: 2 cancelled/m)
    expect(run.stderr).not.toContain(ENOS_EMULATOR_APP.appSecret)
  })

  it('a misspelt flag: exit 1, naming the flag and the nearest real one, nothing sent', async () => {
    const { fnf } = await region()
    fnf.requests.length = 0
    const run = await command(['delete', '--endpoint', fnf.url, '--flow-name-patern', 'pr-*'], FNF_KEYS)
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      "flow-ops: Unknown flag '--flow-name-patern'. Did you mean '--flow-name-pattern'? (flow-ops --help lists them)\n"
    )
    expect(fnf.requests).toHaveLength(0)
  })

  it('credentials given as flags work, with a warning that they are in the shell history', async () => {
    const { fnf } = await region()
    const run = await command([
      'delete',
      '--endpoint',
      fnf.url,
      '--flow-name',
      'test-run-001',
      '--dry-run',
      '--access-key-id',
      EMULATOR_DEFAULT_ACCOUNT.accessKeyId,
      '--access-key-secret',
      EMULATOR_DEFAULT_ACCOUNT.accessKeySecret
    ])
    expect(run.code).toBe(0)
    const warned = run.stdout.match(/^Warning: --[a-z-]+ is in your shell's history now/gm) ?? []
    expect(warned.map((w) => w.split(' ')[1])).toEqual(['--access-key-id', '--access-key-secret'])
  })

  it('keyless flags: exit 1, saying why a terminal cannot, nothing sent', async () => {
    const run = await command([
      'delete',
      '--flow-name',
      'x',
      '--region',
      'cn-hangzhou',
      '--role-arn',
      'acs:ram::1:role/r'
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain("keyless authentication exchanges a GitHub Actions job's OIDC token")
  })

  it('--help lists the operations and every input with its default and description, from action.yml', async () => {
    const run = await command(['--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Usage: flow-ops <operation> [--input value]… [--json]')
    expect(run.stdout).toContain('Operations: delete, cancel, restore.')
    expect(run.stdout).toContain('  --max-targets (default: 100)')
    expect(run.stdout).toContain('  --stop-executions (default: false)')
    expect(run.stdout).toContain('a flag ends up in your shell history')
    const described = run.stdout.replace(/\s+/g, ' ')
    for (const [name, input] of Object.entries(actionInputs())) {
      if (name === 'operation') continue
      expect(run.stdout).toContain(`  --${name}`)
      // Every word of its description, in order (wrapped to the terminal's width).
      expect(described).toContain(String(input.description).replace(/\s+/g, ' ').trim())
    }
  })

  it('ends as the action does on the same inputs: exit code, status of each target, and results', async () => {
    const cases: { inputs: Record<string, string>; args: string[] }[] = [
      {
        inputs: { 'flow-name-pattern': 'pr-42-*', 'dry-run': 'true' },
        args: ['--flow-name-pattern', 'pr-42-*', '--dry-run']
      },
      { inputs: { 'flow-name': 'missing-flow' }, args: ['--flow-name', 'missing-flow'] },
      { inputs: { 'flow-name': 'test-run-001', backup: 'false' }, args: ['--flow-name', 'test-run-001', '--no-backup'] }
    ]
    for (const { inputs, args } of cases) {
      const viaAction = await region()
      const action = await runAction(
        {
          operation: 'delete',
          endpoint: viaAction.fnf.url,
          'access-key-id': EMULATOR_DEFAULT_ACCOUNT.accessKeyId,
          'access-key-secret': EMULATOR_DEFAULT_ACCOUNT.accessKeySecret,
          ...inputs
        },
        { byHand: true }
      )
      const viaCommand = await region()
      const run = await command(['delete', '--endpoint', viaCommand.fnf.url, ...args, '--json'], FNF_KEYS)
      expect({ args, code: run.code }).toEqual({ args, code: action.code })
      expect(comparable(run.stdout)).toEqual(comparable(action.outputs['results']!))
      expect(viaCommand.fnf.flows).toEqual(viaAction.fnf.flows)
    }
  })
})
