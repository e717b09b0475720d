/**
 * npm run bench: what the action costs next to the network, all against the project's emulators on
 * 127.0.0.1, whole-process runs, medians.
 * 1. One delete and one cancel: the built action (dist/index.js) beside the floor (the same signed
 *    request from a script that loads only Node's http and crypto, bundled into one file as dist is),
 *    a second delete floor that sends it with the design's packages (node-fetch, @actions/core),
 *    Alibaba's own SDK (@alicloud/openapi-client, V3) and an empty Node process: wall time and peak RSS.
 * 2. 200 flows at 50 ms latency: the action at its default concurrency, the SDK in a sequential
 *    loop, and the ideal ceil(200 / 8) × 50 ms.
 * 3. Rate limits: whole runs against each limiter shape (token bucket, fixed and sliding windows,
 *    a few early 429s, none), time against the ideal the limit allows and throttled answers.
 * 4. wait: from the moment the emulator reports the flow gone (the instance cancelled) to the
 *    moment the action returns, and the poll interval in force then.
 * 5. Teardown by selector: a 130-flow region swept by one pattern, and one flow with its schedules
 *    and running executions, against fnf's documented budget (scripts/lib/teardown-bench.ts).
 * 6. Listings read to their end (an EnOS flow's 8 instances, count read either way) and
 *    flow-name-pattern at its worst (scripts/lib/listing-bench.ts).
 * BENCH_RUNS (default 21) sets the runs per subject in 1; BENCH_BATCH_RUNS (default 5) in 2 (at most 3 in 4);
 * BENCH_RATE_RUNS (default and least 3) in 3 and 5 and 6; BENCH_ONLY=rates runs only section 3, =teardown only 5,
 * =listings only 6, =manifest only 7, =sweeps only 8, =named only 9 (teardowns by name under the budget);
 * BENCH_NODE another node binary (the runner's Node 24).
 */
import { sweepCosts } from './lib/sweep-bench.js'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { EnosEmulator } from '../emulators/enos-emulator.js'
import { FnfEmulator } from '../emulators/fnf-emulator.js'
import type { LimiterShape } from '../emulators/loopback-emulator.js'
import { cancelInputs, deleteInputs } from './lib/emulator-inputs.js'
import { median } from './lib/median.js'
import { ROOT, runAction } from './lib/run-action.js'
import { listingCosts } from './lib/listing-bench.js'
import { loadedFiles } from './lib/loaded-files.js'
import { manifestCosts } from './lib/manifest-bench.js'
import { teardowns } from './lib/teardown-bench.js'
import { namedCosts } from './lib/named-bench.js'

const RUNS = Number(process.env['BENCH_RUNS'] ?? 21)
const BATCH_RUNS = Number(process.env['BENCH_BATCH_RUNS'] ?? 5)
const RATE_RUNS = Number(process.env['BENCH_RATE_RUNS'] ?? 3)
const NODE = process.env['BENCH_NODE'] ?? process.execPath
const TIME = '/usr/bin/time'
const ACTION = path.join(ROOT, 'dist', 'index.js')
const script = (name: string) => path.join(ROOT, 'build', 'scripts', `${name}.js`)

/**
 * A floor bundled into one file the way dist/ is (ncc, minified), so that both load one module:
 * run from build/scripts/ a floor loads three, which on Node 24 alone costs some 40 ms and made
 * the action look cheaper there than it is.
 */
function bundledFloor(name: string): string {
  const out = path.join(ROOT, 'build', 'floors', name)
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
      'build',
      path.join(ROOT, 'scripts', `${name}.ts`),
      '-o',
      out,
      '-m',
      '-q'
    ],
    { cwd: ROOT, stdio: 'inherit' }
  )
  return path.join(out, 'index.js')
}

const PACKAGES_FLOOR = "delete: floor with the design's packages (node-fetch, @actions/core)"

/** The action sending the floor's one call (DeleteFlow, no backup). */
const ACTION_ONE_CALL = 'delete: flow-ops (dist/index.js), backup: false (DeleteFlow alone)'
const ACTION_WITH_BACKUP =
  'delete: flow-ops (dist/index.js), backup: true (the default: DescribeFlow, ListSchedules, DeleteFlow)'
const BACKUP_FLOOR = 'delete with backup: the same three calls from a node:http script'

/** 1. One call each, interleaved so that load on the machine falls on every subject alike. */
async function oneCall(): Promise<void> {
  const fnf = await new FnfEmulator().start()
  const enos = await new EnosEmulator().start()
  const empty = script('empty')
  fs.writeFileSync(empty, '')
  const floors = {
    delete: bundledFloor('floor-delete'),
    deleteWithPackages: bundledFloor('floor-delete-packages'),
    deleteWithBackup: bundledFloor('floor-delete-backup'),
    cancel: bundledFloor('floor-cancel')
  }
  const subjects: { name: string; floor: string; run: () => ReturnType<typeof runAction> }[] = [
    { name: 'empty node process', floor: '', run: () => runAction({}, measured(empty)) },
    {
      name: 'delete: floor (node:http script)',
      floor: 'delete',
      run: () => (fnf.addFlow('bench'), runAction(deleteInputs(fnf, ['bench']), measured(floors.delete)))
    },
    {
      name: PACKAGES_FLOOR,
      floor: 'delete',
      run: () => (fnf.addFlow('bench'), runAction(deleteInputs(fnf, ['bench']), measured(floors.deleteWithPackages)))
    },
    {
      name: "delete: Alibaba's SDK (openapi-client, V3)",
      floor: 'delete',
      run: () => (fnf.addFlow('bench'), runAction(deleteInputs(fnf, ['bench']), measured(script('sdk-delete'))))
    },
    {
      name: BACKUP_FLOOR,
      floor: 'delete',
      run: () => (fnf.addFlow('bench'), runAction(deleteInputs(fnf, ['bench']), measured(floors.deleteWithBackup)))
    },
    {
      name: ACTION_WITH_BACKUP,
      floor: 'delete',
      run: () => (fnf.addFlow('bench'), runAction(deleteInputs(fnf, ['bench'], { backup: 'true' }), measured(ACTION)))
    },
    {
      name: ACTION_ONE_CALL,
      floor: 'delete',
      run: () => (fnf.addFlow('bench'), runAction(deleteInputs(fnf, ['bench']), measured(ACTION)))
    },
    {
      name: 'cancel: floor (node:http script)',
      floor: 'cancel',
      run: () => (enos.addInstance('1-1'), runAction(cancelInputs(enos, ['1-1']), measured(floors.cancel)))
    },
    {
      name: 'cancel: flow-ops (dist/index.js)',
      floor: 'cancel',
      run: () => (enos.addInstance('1-1'), runAction(cancelInputs(enos, ['1-1']), measured(ACTION)))
    }
  ]
  const samples = new Map(subjects.map((s) => [s.name, { wall: [] as number[], rss: [] as number[] }]))
  let bundle: string
  try {
    for (let i = 0; i <= RUNS; i++) {
      for (const subject of subjects) {
        const run = await subject.run()
        if (run.code !== 0) throw new Error(`${subject.name} failed (exit ${run.code}):\n${run.stdout}\n${run.stderr}`)
        if (i === 0) continue // warm-up: file cache, the emulators' JIT
        samples.get(subject.name)!.wall.push(run.durationMs)
        if (HAVE_TIME) samples.get(subject.name)!.rss.push(Number(run.stderr.trim().split('\n').pop()))
      }
    }
    bundle = await bundleLoads(fnf, enos)
  } finally {
    await fnf.stop()
    await enos.stop()
  }
  const floorOf = (kind: string) => samples.get(`${kind}: floor (node:http script)`)!
  console.log(`\n1. One call, whole process, median of ${RUNS} interleaved runs:\n`)
  console.log('| subject | wall time (ms) | × floor | peak RSS (MiB) | × floor |')
  console.log('|---|---:|---:|---:|---:|')
  for (const subject of subjects) {
    const { wall, rss } = samples.get(subject.name)!
    const floor = subject.floor ? floorOf(subject.floor) : undefined
    const ratio = (a: number[], b?: number[]) => (b && a.length > 0 ? (median(a) / median(b)).toFixed(2) : '')
    const rssMiB = rss.length > 0 ? (median(rss) / 1024).toFixed(1) : 'n/a (no GNU time)'
    console.log(
      `| ${subject.name} | ${median(wall).toFixed(0)} | ${ratio(wall, floor?.wall)} | ${rssMiB} | ${ratio(rss, floor?.rss)} |`
    )
  }
  const backupFloor = samples.get(BACKUP_FLOOR)!.wall
  console.log(
    `\nflow-ops' delete with backup over the same three calls from a node:http script: ${(median(samples.get(ACTION_WITH_BACKUP)!.wall) / median(backupFloor)).toFixed(2)}×`
  )
  const action = samples.get(ACTION_ONE_CALL)!.wall
  const packagesFloor = samples.get(PACKAGES_FLOOR)!.wall
  console.log(
    `\nflow-ops' delete over the floor with the design's packages: ${(median(action) / median(packagesFloor)).toFixed(2)}× (its own code's share)`
  )
  console.log(bundle)
}

/** What a run loads of dist/ (each operation's code is a chunk of its own), beside all dist/ holds. */
async function bundleLoads(fnf: FnfEmulator, enos: EnosEmulator): Promise<string> {
  const dist = path.join(ROOT, 'dist')
  const kib = (files: string[]) => (files.reduce((n, f) => n + fs.statSync(f).size, 0) / 1024).toFixed(0)
  const described = async (what: string, inputs: Record<string, string>) => {
    const { run, files } = await loadedFiles(inputs, { node: NODE })
    if (run.code !== 0) throw new Error(`${what} failed (exit ${run.code}):\n${run.stdout}\n${run.stderr}`)
    const own = files.filter((f) => path.dirname(f) === dist)
    return `${what} loads ${own.map((f) => path.basename(f)).join(' + ')}: ${kib(own)} KiB`
  }
  fnf.addFlow('bench')
  enos.addInstance('1-1')
  const lines = [
    await described('one delete by name with the defaults', deleteInputs(fnf, ['bench'], { backup: 'true' })),
    await described('one cancel', cancelInputs(enos, ['1-1']))
  ]
  const all = fs.readdirSync(dist).filter((f) => f.endsWith('.js'))
  return `\nBundle: ${lines.join('; ')}; dist/*.js ${kib(all.map((f) => path.join(dist, f)))} KiB in all (${all.length} files)`
}

/** Peak RSS comes from GNU time; without it the bench still runs and says RSS is unknown. */
const HAVE_TIME = fs.existsSync(TIME)

function measured(entrypoint: string) {
  return { node: NODE, entrypoint, prefix: HAVE_TIME ? [TIME, '-f', '%M'] : [] }
}

const FLOWS = Array.from({ length: 200 }, (_, i) => `batch-${String(i).padStart(3, '0')}`)

/** Runs `run` against a fresh fnf emulator holding the 200 flows, BATCH_RUNS times (or `runs`). */
async function onFreshFnf(
  setup: (e: FnfEmulator) => void,
  run: (e: FnfEmulator) => ReturnType<typeof runAction>,
  runs = BATCH_RUNS
): Promise<{ wall: number; throttled: number; allDeleted: boolean }> {
  const walls: number[] = []
  const throttled: number[] = []
  let allDeleted = true
  for (let i = 0; i < runs; i++) {
    const emulator = await new FnfEmulator({ flows: FLOWS }).start()
    setup(emulator)
    try {
      const result = await run(emulator)
      walls.push(result.durationMs)
      throttled.push(emulator.throttledCount)
      allDeleted &&= result.code === 0 && emulator.flows.length === 0
    } finally {
      await emulator.stop()
    }
  }
  return { wall: median(walls), throttled: median(throttled), allDeleted }
}

/** 2 and 3. */
async function batches(): Promise<void> {
  const ideal = Math.ceil(200 / 8) * 50
  const slow = (e: FnfEmulator) => (e.latencyMs = 50)
  const action = await onFreshFnf(slow, (e) => runAction(deleteInputs(e, FLOWS), { node: NODE, timeoutMs: 120_000 }))
  const sdk = await onFreshFnf(
    slow,
    (e) => runAction(deleteInputs(e, FLOWS), { node: NODE, entrypoint: script('sdk-delete'), timeoutMs: 120_000 }),
    1
  )
  console.log(`\n2. 200 flows at 50 ms latency, whole process (flow-ops: median of ${BATCH_RUNS}; SDK loop: 1 run):\n`)
  console.log('| subject | wall time (ms) | × ideal | all deleted |')
  console.log('|---|---:|---:|---|')
  console.log(`| ideal: ceil(200 / 8) × 50 ms | ${ideal} | 1.00 | |`)
  console.log(
    `| flow-ops, concurrency 8 | ${action.wall.toFixed(0)} | ${(action.wall / ideal).toFixed(2)} | ${action.allDeleted ? 'yes' : 'NO'} |`
  )
  console.log(
    `| Alibaba's SDK, sequential loop | ${sdk.wall.toFixed(0)} | ${(sdk.wall / ideal).toFixed(2)} | ${sdk.allDeleted ? 'yes' : 'NO'} |`
  )
  console.log(`\nflow-ops is ${(sdk.wall / action.wall).toFixed(1)}× faster than the sequential SDK loop.`)
}

/** A rate-limit shape of the emulator, and the work the action does against it. */
interface RateRow {
  shape: string
  flows: number
  limiter?: LimiterShape
  latencyMs: number
  inputs: Record<string, string>
  /** The time the limit alone imposes, in ms (or the run it is compared with). */
  ideal: number | 'baseline'
  timeTarget: number
  throttleTarget?: number
}

const RATE_ROWS: RateRow[] = [
  {
    shape: 'token bucket, 10 burst, 2 a second (the documented default)',
    flows: 40,
    limiter: { kind: 'token-bucket', burst: 10, perSecond: 2 },
    latencyMs: 0,
    inputs: {},
    ideal: 15_000,
    timeTarget: 1.15,
    throttleTarget: 0.3
  },
  {
    shape: 'fixed one-second window, 40 a second',
    flows: 200,
    limiter: { kind: 'fixed-window', limit: 40 },
    latencyMs: 0,
    inputs: {},
    ideal: 5_000,
    timeTarget: 1.3,
    throttleTarget: 0.15
  },
  {
    shape: 'sliding one-second window, 20 a second',
    flows: 200,
    limiter: { kind: 'sliding-window', limit: 20 },
    latencyMs: 0,
    inputs: {},
    ideal: 10_000,
    timeTarget: 1.3,
    throttleTarget: 0.15
  },
  {
    shape: 'five 429s at the start, then none, 200 ms latency (concurrency 32)',
    flows: 1000,
    limiter: { kind: 'scripted', throttle: [true, true, true, true, true] },
    latencyMs: 200,
    inputs: { concurrency: '32' },
    ideal: 'baseline',
    timeTarget: 1.3
  },
  {
    shape: 'no limit, 50 ms latency',
    flows: 200,
    latencyMs: 50,
    inputs: {},
    ideal: Math.ceil(200 / 8) * 50,
    timeTarget: 1.3,
    throttleTarget: 0
  }
]

/** One whole run against a fresh emulator: wall time, throttled answers, requests, all deleted? */
async function rateRun(row: Pick<RateRow, 'flows' | 'limiter' | 'latencyMs' | 'inputs'>) {
  const flows = Array.from({ length: row.flows }, (_, i) => `rate-${String(i).padStart(4, '0')}`)
  const emulator = await new FnfEmulator({ flows, latencyMs: row.latencyMs }).start()
  emulator.limiter = row.limiter
  try {
    const run = await runAction(deleteInputs(emulator, flows, row.inputs), { node: NODE, timeoutMs: 180_000 })
    return {
      wall: run.durationMs,
      throttled: emulator.throttledCount,
      requests: emulator.requests.length,
      allDeleted: run.code === 0 && emulator.flows.length === 0
    }
  } finally {
    await emulator.stop()
  }
}

/** 3. */
async function rateLimits(): Promise<void> {
  const runs = Math.max(3, RATE_RUNS)
  console.log(`\n3. Rate limits: whole runs against each limiter shape of the emulator, median of ${runs}:\n`)
  console.log(
    '| shape | work | time (ms) | ideal (ms) | × ideal (target) | throttled answers | share of requests (target) | all deleted |'
  )
  console.log('|---|---|---:|---:|---:|---:|---:|---|')
  for (const row of RATE_ROWS) {
    const samples = []
    for (let i = 0; i < runs; i++) samples.push(await rateRun(row))
    let ideal = row.ideal
    if (ideal === 'baseline') {
      const baseline = []
      for (let i = 0; i < runs; i++) baseline.push((await rateRun({ ...row, limiter: undefined })).wall)
      ideal = median(baseline)
    }
    const wall = median(samples.map((s) => s.wall))
    const throttled = median(samples.map((s) => s.throttled))
    const share = median(samples.map((s) => s.throttled / s.requests))
    const idealLabel = row.ideal === 'baseline' ? `${ideal.toFixed(0)} (the same run without the 429s)` : String(ideal)
    const throttleTarget = row.throttleTarget === undefined ? '' : ` (≤ ${(row.throttleTarget * 100).toFixed(0)} %)`
    console.log(
      `| ${row.shape} | ${row.flows} flows | ${wall.toFixed(0)} | ${idealLabel} | ${(wall / ideal).toFixed(2)} (≤ ${row.timeTarget}) | ${throttled} | ${(share * 100).toFixed(1)} %${throttleTarget} | ${samples.every((s) => s.allDeleted) ? 'yes' : 'NO'} |`
    )
  }
}

/** The poll interval in force after `ms` of waiting: polls at 0, 1, 3, 7, 15 s, then every 15 s. */
function pollIntervalAt(ms: number): number {
  let at = 0
  for (let interval = 1000; ; interval = Math.min(15_000, interval * 2)) {
    if (ms < at + interval) return interval
    at += interval
  }
}

/** 4. */
async function waits(): Promise<void> {
  const delays = [500, 2500, 5500]
  const runs = Math.min(BATCH_RUNS, 3)
  console.log(`\n4. wait: from the work being done to the action returning, median of ${runs}:\n`)
  console.log('| operation | done after (ms) | noticed after (ms) | poll interval then (ms) | within one interval |')
  console.log('|---|---:|---:|---:|---|')
  for (const delay of delays) {
    const lag: number[] = []
    for (let i = 0; i < runs; i++) {
      const emulator = await new FnfEmulator({ flows: ['waited'], deletionDelayMs: delay }).start()
      try {
        const run = await runAction(deleteInputs(emulator, ['waited'], { wait: 'true' }), { node: NODE })
        if (run.code !== 0) throw new Error(`wait run failed:\n${run.stdout}`)
        lag.push(Date.now() - emulator.goneAt('waited')!)
      } finally {
        await emulator.stop()
      }
    }
    const interval = pollIntervalAt(delay)
    console.log(
      `| delete (DescribeFlow) | ${delay} | ${median(lag).toFixed(0)} | ${interval} | ${median(lag) <= interval ? 'yes' : 'NO'} |`
    )
  }
  for (const delay of delays) {
    const lag: number[] = []
    for (let i = 0; i < runs; i++) {
      const emulator = await new EnosEmulator({ instances: ['1-1'], cancelDelayMs: delay }).start()
      try {
        const run = await runAction(cancelInputs(emulator, ['1-1'], { wait: 'true' }), { node: NODE })
        if (run.code !== 0) throw new Error(`wait run failed:\n${run.stdout}`)
        lag.push(Date.now() - emulator.cancelledAt('1-1')!)
      } finally {
        await emulator.stop()
      }
    }
    const interval = pollIntervalAt(delay)
    console.log(
      `| cancel (Get Flow Instance) | ${delay} | ${median(lag).toFixed(0)} | ${interval} | ${median(lag) <= interval ? 'yes' : 'NO'} |`
    )
  }
}

if (!HAVE_TIME) console.log(`${TIME} (GNU time) is missing, so peak RSS is not measured: apt-get install time`)
console.log(`node ${execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim()}`)
// BENCH_ONLY=1 runs only section 1 (the start-up comparison), to measure a change quickly; =rates only 3;
// =teardown only 5; =listings only 6; =manifest only 7; =sweeps only 8.
if (process.env['BENCH_ONLY'] === 'rates') await rateLimits()
else if (process.env['BENCH_ONLY'] === 'teardown') await teardowns(Math.max(3, RATE_RUNS), NODE)
else if (process.env['BENCH_ONLY'] === 'listings') await listingCosts(Math.max(3, RATE_RUNS), NODE)
else if (process.env['BENCH_ONLY'] === 'manifest') await manifestCosts()
else if (process.env['BENCH_ONLY'] === 'sweeps') await sweepCosts(NODE)
else if (process.env['BENCH_ONLY'] === 'named') await namedCosts(NODE)
else await oneCall()
if (process.env['BENCH_ONLY'] === undefined) {
  await batches()
  await rateLimits()
  await waits()
  await teardowns(Math.max(3, RATE_RUNS), NODE)
  await listingCosts(Math.max(3, RATE_RUNS), NODE)
  await manifestCosts()
  await sweepCosts(NODE)
  await namedCosts(NODE)
}
