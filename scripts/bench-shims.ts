/**
 * npm run bench:shims: what each start-up shim (tsconfig.json's paths → src/shims/) saves today.
 * The bundle is built once as it ships and once without each shim, in a scratch copy of the
 * sources; each variant's dist/index.js size and the time of a dry run (whole process, no network:
 * start-up, inputs, signing, report) are compared, interleaved, medians of BENCH_RUNS (default 21).
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { median } from './lib/median.js'
import { ROOT, runAction } from './lib/run-action.js'

const RUNS = Number(process.env['BENCH_RUNS'] ?? 21)
const NODE = process.env['BENCH_NODE'] ?? process.execPath

interface Variant {
  name: string
  dist: string
}

/** Builds the bundle in a scratch copy whose tsconfig.json has `paths` as given. */
function build(name: string, paths: Record<string, string[]>, scratch: string): Variant {
  const dir = path.join(scratch, name.replace(/[^a-z0-9]+/gi, '-'))
  fs.mkdirSync(dir, { recursive: true })
  fs.cpSync(path.join(ROOT, 'src'), path.join(dir, 'src'), { recursive: true })
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'))
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'))
  const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'))
  tsconfig.compilerOptions.paths = paths
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig))
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', 'src/index.ts', '-o', 'dist', '-m', '-q'],
    { cwd: dir, stdio: 'ignore' }
  )
  return { name, dist: path.join(dir, 'dist', 'index.js') }
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-shims-'))
try {
  const all: Record<string, string[]> = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'))
    .compilerOptions.paths
  const variants = [build('as shipped (every shim)', all, scratch)]
  for (const specifier of Object.keys(all)) {
    const { [specifier]: _left, ...rest } = all
    variants.push(build(`without the ${specifier} shim`, rest, scratch))
  }
  const inputs = {
    operation: 'delete',
    'flow-name': 'bench',
    region: 'cn-hangzhou',
    'access-key-id': 'bench-id',
    'access-key-secret': 'bench-secret',
    'dry-run': 'true'
  }
  const samples = new Map(variants.map((v) => [v.name, [] as number[]]))
  for (let i = 0; i <= RUNS; i++) {
    for (const variant of variants) {
      const run = await runAction(inputs, { node: NODE, entrypoint: variant.dist })
      if (run.code !== 0) throw new Error(`${variant.name} failed:\n${run.stdout}`)
      if (i > 0) samples.get(variant.name)!.push(run.durationMs)
    }
  }
  const base = variants[0]!
  const baseMs = median(samples.get(base.name)!)
  const baseKiB = fs.statSync(base.dist).size / 1024
  console.log(`\nWhat each start-up shim saves: dry run, whole process, median of ${RUNS} interleaved runs\n`)
  console.log('| bundle | dist/index.js (KiB) | dry run (ms) | the shim saves |')
  console.log('|---|---:|---:|---|')
  for (const variant of variants) {
    const ms = median(samples.get(variant.name)!)
    const kib = fs.statSync(variant.dist).size / 1024
    const saves = variant === base ? '' : `${(kib - baseKiB).toFixed(0)} KiB, ${(ms - baseMs).toFixed(0)} ms`
    console.log(`| ${variant.name} | ${kib.toFixed(0)} | ${ms.toFixed(0)} | ${saves} |`)
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true })
}
