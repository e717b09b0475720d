// npm run demo / bench / emulator: runs build/scripts/<name>.js, compiling the tools first
// (tsc -p tsconfig.tools.json) only when a source is newer than the last compile, so that a
// second start takes no rebuild.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const stamp = path.join(root, 'build', '.tools-compiled')
const SOURCES = ['src', 'emulators', 'scripts', 'tsconfig.json', 'tsconfig.tools.json', 'package.json']

/** The newest modification time among the tools' sources. */
function newestSource(entry) {
  const stats = fs.statSync(entry)
  if (!stats.isDirectory()) return stats.mtimeMs
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newestSource(path.join(entry, name))))
}

const [name, ...args] = process.argv.slice(2)
if (!name) {
  console.error('usage: node scripts/tools.mjs <script in scripts/> [arguments]')
  process.exit(2)
}
const compiledAt = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0
if (Math.max(...SOURCES.map((s) => newestSource(path.join(root, s)))) >= compiledAt) {
  const started = Date.now()
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.tools.json'], {
    cwd: root,
    stdio: 'inherit'
  })
  fs.writeFileSync(stamp, '')
  console.error(`tools compiled in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
const result = spawnSync(process.execPath, [path.join(root, 'build', 'scripts', `${name}.js`), ...args], {
  stdio: 'inherit'
})
process.exit(result.status ?? 1)
