// npm run build: the bundle (ncc, minified) from src/index.ts into dist/, with tsconfig.json's
// paths pointing some packages at the start-up shims (src/shims/); its chunks minified too and its
// module factories marked for eager compilation (finish-bundle.mjs); then dist/licenses.txt from the
// bundle's stats, and the check that every shim still covers what it stands in for. (Type checks use
// tsconfig.check.json and tsconfig.test.json, which drop those paths and see the real packages.)
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeActionModules } from './action-defaults.mjs'
import { finishBundle } from './finish-bundle.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const run = (command, args, cwd = root) => execFileSync(command, args, { cwd, stdio: 'inherit' })

// action.yml's defaults, built in (src/action-defaults.ts), and its descriptions for the command's --help.
await writeActionModules()
fs.mkdirSync(path.join(root, 'build'), { recursive: true })
// ncc adds to dist/ and never removes: a chunk an earlier build wrote would stay beside the new ones.
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true })
run(process.execPath, [
  path.join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
  'build',
  path.join(root, 'src/index.ts'),
  '-o',
  path.join(root, 'dist'),
  '-m',
  '--stats-out',
  path.join(root, 'build/ncc-stats.json')
])
// The command (package.json bin): a bundle of its own in dist/cli/, so that the action never loads it.
run(process.execPath, [
  path.join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
  'build',
  path.join(root, 'src/cli.ts'),
  '-o',
  path.join(root, 'dist', 'cli'),
  '-m',
  '-q'
])
await finishBundle(path.join(root, 'dist'))
await finishBundle(path.join(root, 'dist', 'cli'))
const command = path.join(root, 'dist', 'cli', 'index.js')
const text = fs.readFileSync(command, 'utf8')
if (!text.startsWith('#!')) fs.writeFileSync(command, `#!/usr/bin/env node\n${text}`)
fs.chmodSync(command, 0o755)
run(process.execPath, ['scripts/licenses.mjs', 'build/ncc-stats.json', 'dist/licenses.txt'])
run(process.execPath, ['scripts/check-shims.mjs'])
