/**
 * The action under GitHub's own local runner for actions, @github/local-action
 * (https://github.com/github/local-action): it loads src/main.ts with its own stand-ins for
 * @actions/core and @actions/github, which have no core.ExitCode and whose setFailed does not set
 * the process's exit code. A run must still say what happened, and a failure must end with the
 * one-line account, never "failed unexpectedly".
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { EMULATOR_DEFAULT_ACCOUNT, FnfEmulator } from '../../emulators/fnf-emulator.js'
import { ROOT } from '../helpers/run-action.js'

let fnf: FnfEmulator
let dir: string
beforeAll(async () => {
  fnf = await new FnfEmulator({ flows: ['orders-pipeline'] }).start()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-local-action-'))
})
afterAll(async () => {
  await fnf.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** `npx local-action run . src/main.ts <env file>`, as CONTRIBUTING.md says, with `inputs` in the env file. */
async function localAction(inputs: Record<string, string>): Promise<{ stdout: string; summary: string }> {
  const summaryFile = path.join(dir, `summary-${Object.keys(inputs).length}-${Date.now()}`)
  fs.writeFileSync(summaryFile, '')
  const envFile = path.join(dir, 'env')
  fs.writeFileSync(
    envFile,
    [
      ...Object.entries(inputs).map(([name, value]) => `INPUT_${name.toUpperCase()}=${value}`),
      `GITHUB_STEP_SUMMARY=${summaryFile}`
    ].join('\n')
  )
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/@github/local-action/bin/local-action.js'), 'run', '.', 'src/main.ts', envFile],
    { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', HOME: dir, NO_COLOR: '1', NODE_OPTIONS: '' } }
  )
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  const timer = setTimeout(() => child.kill('SIGKILL'), 50_000)
  await new Promise((resolve) => child.on('close', resolve))
  clearTimeout(timer)
  return { stdout, summary: fs.readFileSync(summaryFile, 'utf8') }
}

const deleteInputs = (flow: string) => ({
  operation: 'delete',
  'flow-name': flow,
  region: 'cn-hangzhou',
  endpoint: fnf.url,
  'access-key-id': EMULATOR_DEFAULT_ACCOUNT.accessKeyId,
  'access-key-secret': EMULATOR_DEFAULT_ACCOUNT.accessKeySecret
})

describe('under @github/local-action', () => {
  it('deletes a flow: outputs set, summary written, action.yml defaults applied', async () => {
    const { stdout, summary } = await localAction(deleteInputs('orders-pipeline'))
    expect(stdout).toContain('::set-output name=status::deleted')
    expect(stdout).toMatch(/::set-output name=request-id::[0-9A-F-]{36}/)
    expect(stdout).not.toContain('::error')
    expect(summary).toMatch(/^<h3>flow-ops delete: ✅ deleted<\/h3>/)
    expect(fnf.flows).not.toContain('orders-pipeline')
  }, 60_000)

  it('fails a missing flow with its annotation and the one-line account, and nothing "unexpected"', async () => {
    const { stdout, summary } = await localAction(deleteInputs('no-such-flow'))
    expect(stdout).toContain('::set-output name=status::failed')
    expect(stdout).toContain('::set-output name=error-code::FlowNotExists')
    // The backup's read (on by default) shows the flow gone: nothing is sent to delete it.
    expect(stdout).toContain("::error title=DescribeFlow failed: no-such-flow::DescribeFlow 'no-such-flow'")
    expect(stdout).toContain('::error::1 of 1 flow failed: no-such-flow')
    expect(stdout).not.toContain('unexpectedly')
    expect(summary).toContain('<h3>flow-ops delete: ❌ failed</h3>')
  }, 60_000)
})
