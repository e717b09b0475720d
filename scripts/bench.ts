/**
 * npm run bench: whole-process wall time and peak RSS of one DeleteFlow with the built action
 * (dist/index.js), side by side in the same run with the floor (scripts/floor-delete.ts: the same
 * signed request from a script that loads only Node's http and crypto) and an empty Node process.
 * Runs are interleaved against one emulator on 127.0.0.1; medians are reported.
 * BENCH_RUNS sets the number of runs per subject (default 21); BENCH_NODE another node binary.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { FnfEmulator } from '../emulators/fnf-emulator.js'
import { ROOT, runAction } from './lib/run-action.js'

const ACCOUNT = { accessKeyId: 'bench-access-key-id', accessKeySecret: 'bench-access-key-secret' }
const RUNS = Number(process.env['BENCH_RUNS'] ?? 21)
const NODE = process.env['BENCH_NODE'] ?? process.execPath
const TIME = '/usr/bin/time'

interface Sample {
  wallMs: number
  rssKiB: number
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

async function main(): Promise<void> {
  if (!fs.existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed to read peak RSS: apt-get install time`)
  const emulator = await new FnfEmulator({ accounts: [ACCOUNT] }).start()
  const emptyScript = path.join(ROOT, 'build', 'scripts', 'empty.js')
  fs.writeFileSync(emptyScript, '')
  const subjects: Record<string, string> = {
    'empty node process': emptyScript,
    'floor (node:http script)': path.join(ROOT, 'build', 'scripts', 'floor-delete.js'),
    'flow-ops (dist/index.js)': path.join(ROOT, 'dist', 'index.js')
  }
  const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(subjects).map((name) => [name, []]))
  const nodeVersion = execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim()
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      for (const [name, entrypoint] of Object.entries(subjects)) {
        emulator.addFlow('bench-flow')
        const run = await runAction(
          {
            operation: 'delete',
            'flow-name': 'bench-flow',
            region: 'cn-hangzhou',
            endpoint: emulator.url,
            'access-key-id': ACCOUNT.accessKeyId,
            'access-key-secret': ACCOUNT.accessKeySecret
          },
          { node: NODE, entrypoint, prefix: [TIME, '-f', '%M'] }
        )
        if (run.code !== 0) throw new Error(`${name} failed (exit ${run.code}):\n${run.stdout}\n${run.stderr}`)
        if (i === 0) continue // warm-up: file cache, JIT of the emulator
        const rssKiB = Number(run.stderr.trim().split('\n').pop())
        samples[name]!.push({ wallMs: run.durationMs, rssKiB })
      }
    }
  } finally {
    await emulator.stop()
  }

  const floor = samples['floor (node:http script)']!
  const floorWall = median(floor.map((s) => s.wallMs))
  const floorRss = median(floor.map((s) => s.rssKiB))
  const bundleBytes = fs
    .readdirSync(path.join(ROOT, 'dist'))
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + fs.statSync(path.join(ROOT, 'dist', f)).size, 0)

  console.log(`\nOne DeleteFlow, whole process, median of ${RUNS} interleaved runs (node ${nodeVersion}):\n`)
  console.log('| subject | wall time (ms) | × floor | peak RSS (MiB) | × floor |')
  console.log('|---|---:|---:|---:|---:|')
  for (const [name, list] of Object.entries(samples)) {
    const wall = median(list.map((s) => s.wallMs))
    const rss = median(list.map((s) => s.rssKiB))
    console.log(
      `| ${name} | ${wall.toFixed(0)} | ${(wall / floorWall).toFixed(2)} | ${(rss / 1024).toFixed(1)} | ${(rss / floorRss).toFixed(2)} |`
    )
  }
  console.log(`\nBundle: dist/*.js = ${(bundleBytes / 1024).toFixed(0)} KiB`)
  await batches()
}

/** Whole-process runs of the action over 200 flows: at 50 ms latency, and against a 40 requests/s limit. */
async function batches(): Promise<void> {
  const flows = Array.from({ length: 200 }, (_, i) => `batch-${String(i).padStart(3, '0')}`)
  const runs = Math.max(1, Math.min(RUNS, Number(process.env['BENCH_BATCH_RUNS'] ?? 5)))
  const scenarios: { name: string; setup: (e: FnfEmulator) => void; ideal: string }[] = [
    {
      name: '200 flows, 50 ms latency',
      setup: (e) => (e.latencyMs = 50),
      ideal: `ceil(200 / 8) × 50 ms = ${Math.ceil(200 / 8) * 50} ms`
    },
    {
      name: '200 flows, throttled above 40/s',
      setup: (e) => (e.rateLimitPerSecond = 40),
      ideal: '(200 - 40 burst) / 40 per s = 4000 ms'
    }
  ]
  console.log(`\nBatches at the default concurrency (8), whole process, median of ${runs} runs:\n`)
  console.log('| scenario | wall time (ms) | ideal | throttled answers | all deleted |')
  console.log('|---|---:|---|---:|---|')
  for (const scenario of scenarios) {
    const walls: number[] = []
    const throttled: number[] = []
    let allDeleted = true
    for (let i = 0; i < runs; i++) {
      const emulator = await new FnfEmulator({ accounts: [ACCOUNT], flows }).start()
      scenario.setup(emulator)
      try {
        const run = await runAction(
          {
            operation: 'delete',
            'flow-name': flows.join('\n'),
            region: 'cn-hangzhou',
            endpoint: emulator.url,
            'access-key-id': ACCOUNT.accessKeyId,
            'access-key-secret': ACCOUNT.accessKeySecret
          },
          { node: NODE, timeoutMs: 120_000 }
        )
        walls.push(run.durationMs)
        throttled.push(emulator.throttledCount)
        allDeleted &&= run.code === 0 && emulator.flows.length === 0
      } finally {
        await emulator.stop()
      }
    }
    console.log(
      `| ${scenario.name} | ${median(walls).toFixed(0)} | ${scenario.ideal} | ${median(throttled)} | ${allDeleted ? 'yes' : 'NO'} |`
    )
  }
}

await main()
