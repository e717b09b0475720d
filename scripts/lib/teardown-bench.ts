/**
 * npm run bench, section 5: teardown by selector against the fnf emulator limited as the service
 * documents (10 burst, 2 calls a second per account), with 50 ms of latency: a 130-flow region
 * swept by one pattern (whole pages, and pages the service cuts to 40), and one flow with 3
 * schedules and 2 running executions. Whole runs of dist/index.js, medians.
 */
import { FnfEmulator } from '../../emulators/fnf-emulator.js'
import { deleteInputs } from './emulator-inputs.js'
import { median } from './median.js'
import { runAction } from './run-action.js'
import { FNF_BUDGET, LATENCY_MS } from './budget.js'

interface Sweep {
  wall: number
  pages: number
  calls: number
  throttled: number
  deleted: number
  order: string[]
}

async function sweep(setup: (e: FnfEmulator) => void, inputs: Record<string, string>, node: string): Promise<Sweep> {
  const emulator = await new FnfEmulator({ latencyMs: LATENCY_MS }).start()
  setup(emulator)
  const before = emulator.flows.length
  emulator.limiter = FNF_BUDGET
  try {
    const run = await runAction(deleteInputs(emulator, [], inputs), { node, timeoutMs: 180_000 })
    if (run.code !== 0) throw new Error(`teardown bench: the run failed:\n${run.stdout}`)
    const accepted = emulator.requests.filter((r) => !r.faulted)
    return {
      wall: run.durationMs,
      pages: accepted.filter((r) => r.action === 'ListFlows').length,
      calls: accepted.length,
      throttled: emulator.throttledCount,
      deleted: before - emulator.flows.length,
      order: accepted.map((r) => `${r.action} ${r.target}`.trim())
    }
  } finally {
    await emulator.stop()
  }
}

/** A region of 130 flows, 13 of them named pr-42-…. */
function region(e: FnfEmulator): void {
  for (let i = 0; i < 130; i++) e.addFlow(i % 10 === 0 ? `pr-42-svc${i}` : `prod-${i}`)
}

/** One flow with 3 schedules and 2 running executions (and one that has ended). */
function loadedFlow(e: FnfEmulator): void {
  e.addFlow('pr-42-api')
  for (const s of ['nightly', 'hourly', 'weekly']) e.addSchedule('pr-42-api', s)
  e.addExecution('pr-42-api', 'run-1')
  e.addExecution('pr-42-api', 'run-2')
  e.addExecution('pr-42-api', 'run-0', 'Succeeded')
}

export async function teardowns(runs: number, node: string): Promise<void> {
  console.log(
    `\n5. Teardown by selector against fnf's documented budget (token bucket: 10 burst, 2 a second), ${LATENCY_MS} ms latency, median of ${runs}:\n`
  )
  console.log('| work | ListFlows pages | calls accepted | throttled answers | deleted | time (ms) | ideal (ms) |')
  console.log('|---|---:|---:|---:|---:|---:|---:|')
  // The ideal: the budget's bound (calls beyond the burst at 2 a second, then one latency), or
  // the chain of calls that must follow one another (pages; a flow's dependents), whichever is longer.
  const budget = (calls: number) => Math.max(0, calls - 10) * 500 + LATENCY_MS
  const rows: [string, (e: FnfEmulator) => void, Record<string, string>, (s: Sweep) => number][] = [
    [
      '130-flow region, `flow-name-pattern: pr-42-*` (13 match)',
      region,
      { 'flow-name-pattern': 'pr-42-*' },
      (s) => Math.max(budget(s.calls), (s.pages + 1) * LATENCY_MS)
    ],
    [
      'the same, the service answering at most 40 flows a page',
      (e) => (region(e), (e.maxPageSize = 40)),
      { 'flow-name-pattern': 'pr-42-*' },
      (s) => Math.max(budget(s.calls), (s.pages + 1) * LATENCY_MS)
    ],
    [
      'one flow with 3 schedules and 2 running executions (`delete-schedules`, `stop-executions`)',
      loadedFlow,
      { 'flow-name-pattern': 'pr-42-*', 'delete-schedules': 'true', 'stop-executions': 'true' },
      (s) => Math.max(budget(s.calls), s.calls * LATENCY_MS)
    ]
  ]
  let lastOrder: string[] = []
  for (const [label, setup, inputs, idealOf] of rows) {
    const samples: Sweep[] = []
    for (let i = 0; i < runs; i++) samples.push(await sweep(setup, inputs, node))
    const calls = median(samples.map((s) => s.calls))
    const ideal = idealOf(samples[0]!)
    console.log(
      `| ${label} | ${median(samples.map((s) => s.pages))} | ${calls} | ${median(samples.map((s) => s.throttled))} | ${median(samples.map((s) => s.deleted))} | ${median(samples.map((s) => s.wall)).toFixed(0)} | ${ideal} |`
    )
    lastOrder = samples[0]!.order
  }
  console.log(`\nThe calls of the last row, in the order the emulator accepted them: ${lastOrder.join(' → ')}`)
  console.log('Times are whole runs, start-up (about 80 ms) included; the ideal leaves it out.')
}
