/**
 * Which files of dist/ a run loads: the run goes through the runner's harness with a module hook
 * (node:module register, through --import) that writes down every file: URL the loader loads. The
 * bench reports the bytes one delete loads beside what dist/ holds.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runAction, type ActionRun, type RunOptions } from './run-action.js'

export async function loadedFiles(
  inputs: Record<string, string>,
  options: RunOptions = {}
): Promise<{ run: ActionRun; files: string[] }> {
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-loaded-')), 'loaded.txt')
  const hooks = `import fs from 'node:fs'; export async function load(url, context, next) { if (url.startsWith('file:')) fs.appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context) }`
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)})`
  const run = await runAction(inputs, {
    ...options,
    env: { ...options.env, NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(register)}` }
  })
  const files = fs.existsSync(log)
    ? [...new Set(fs.readFileSync(log, 'utf8').trim().split('\n'))].map((url) => fileURLToPath(url))
    : []
  return { run, files }
}
