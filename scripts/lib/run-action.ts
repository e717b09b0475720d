/**
 * Runs the built action (dist/index.js) as a child process exactly as the runner does: inputs as
 * INPUT_<NAME> variables (hyphens kept) with action.yml's defaults merged in, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY as files that exist, and a clean environment.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import YAML from 'yaml'

/** The repository root, from scripts/lib/ in the sources or build/scripts/lib/ once compiled. */
export const ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (!fs.existsSync(path.join(dir, 'action.yml'))) dir = path.dirname(dir)
  return dir
})()
export const ENTRYPOINT = path.join(ROOT, 'dist', 'index.js')

/** The `default:` of every input in action.yml (the runner merges them in before the step runs). */
export function actionDefaults(): Record<string, string> {
  const action = YAML.parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: unknown }>
  }
  const defaults: Record<string, string> = {}
  for (const [name, input] of Object.entries(action.inputs)) {
    if (input.default !== undefined) defaults[name] = String(input.default)
  }
  return defaults
}

/**
 * What the runner makes of an input's value: the `github` context expressions action.yml's
 * defaults use, evaluated (an unknown one fails, so that a new default is not passed as written).
 */
export function evaluateExpressions(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
    if (expression === 'github.run_id') return env['GITHUB_RUN_ID'] ?? ''
    throw new Error(`the harness cannot evaluate \${{ ${expression} }}`)
  })
}

/** Reads `name<<ghadelimiter_…` records from a GITHUB_OUTPUT file. */
export function parseFileCommands(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  for (const match of text.matchAll(/^([^<\n]+)<<(ghadelimiter_[0-9a-f-]+)\n([\s\S]*?)\n\2$/gm)) {
    outputs[match[1]!] = match[3]!
  }
  return outputs
}

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  outputFile: string
  summary: string
  /** Values the action asked the runner to mask. */
  masks: string[]
  /** ::error:: lines, unescaped. */
  errors: string[]
  /** The last ::error:: without a title: core.setFailed's line, the one-line account a failed step ends with. */
  failedWith?: string
  durationMs: number
  /** With `signals`: from the first signal sent to the process's exit. */
  exitAfterSignalMs?: number
}

export interface RunOptions {
  env?: Record<string, string>
  /** The node binary; ACTION_NODE picks another (the runner's Node 24, say). */
  node?: string
  /** A command to run node under, such as ['/usr/bin/time', '-f', '%M'] (the bench). */
  prefix?: string[]
  /** The script to run instead of dist/index.js (the bench's floor). */
  entrypoint?: string
  timeoutMs?: number
  /** Signals to send the process, each this long after it starts (the runner cancelling the job). */
  signals?: { signal: NodeJS.Signals; afterMs: number }[]
  /** As someone runs `node dist/index.js` by hand: only the inputs given, none of action.yml's defaults. */
  byHand?: boolean
}

/** A workflow command's data as the runner reads it (%0D, %0A and %25 unescaped). */
export function unescapeCommand(value: string): string {
  return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function failedWith(stdout: string): { failedWith?: string } {
  const untitled = [...stdout.matchAll(/^::error::(.*)$/gm)].at(-1)
  return untitled ? { failedWith: unescapeCommand(untitled[1]!) } : {}
}

export async function runAction(inputs: Record<string, string>, options: RunOptions = {}): Promise<ActionRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-e2e-'))
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    GITHUB_ENV: path.join(dir, 'env'),
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_PATH: path.join(dir, 'path')
  }
  for (const file of Object.values(files)) fs.writeFileSync(file, '')
  // By hand there is no run: no run id, repository or event (the file commands stay, to read what it wrote).
  const run: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: dir,
    GITHUB_REPOSITORY: 'octo-org/teardown',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKFLOW: 'teardown',
    GITHUB_EVENT_NAME: 'workflow_dispatch'
  }
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    TMPDIR: dir,
    ...(options.byHand ? {} : run),
    ...files,
    ...options.env
  }
  // The runner fills in every input a workflow leaves out; a run by hand (`byHand`) passes only those given.
  const defaults = options.byHand
    ? []
    : Object.entries(actionDefaults()).map(([name, value]) => [name, evaluateExpressions(value, env)] as const)
  for (const [name, value] of Object.entries({ ...Object.fromEntries(defaults), ...inputs })) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  const node = options.node ?? process.env['ACTION_NODE'] ?? process.execPath
  const started = Date.now()
  const [command, ...args] = [...(options.prefix ?? []), node, options.entrypoint ?? ENTRYPOINT]
  const child = spawn(command!, args, { env, cwd: dir })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000)
  let firstSignalAt: number | undefined
  const signalTimers = (options.signals ?? []).map(({ signal, afterMs }) =>
    setTimeout(() => {
      firstSignalAt ??= Date.now()
      child.kill(signal)
    }, afterMs)
  )
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  const exitedAt = Date.now()
  clearTimeout(timer)
  for (const signalTimer of signalTimers) clearTimeout(signalTimer)
  const outputFile = fs.readFileSync(files.GITHUB_OUTPUT, 'utf8')
  const summary = fs.readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')
  fs.rmSync(dir, { recursive: true, force: true })
  return {
    code,
    stdout,
    stderr,
    outputs: parseFileCommands(outputFile),
    outputFile,
    summary,
    masks: [...stdout.matchAll(/^::add-mask::(.*)$/gm)].map((m) => m[1]!),
    errors: [...stdout.matchAll(/^::error(?: [^:]*)?::(.*)$/gm)].map((m) => unescapeCommand(m[1]!)),
    ...failedWith(stdout),
    durationMs: exitedAt - started,
    ...(firstSignalAt !== undefined ? { exitAfterSignalMs: exitedAt - firstSignalAt } : {})
  }
}
