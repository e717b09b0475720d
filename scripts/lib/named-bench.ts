/**
 * npm run bench, section 9: teardowns of flows given by name, against the fnf emulator limited as
 * the service documents (10 burst, 2 calls a second per account, every API but StartExecution and
 * DescribeExecution), 50 ms of latency: 50 and 500 named flows with a schedule each in a region of
 * 600, `backup` on (the default) and off; and 40 named flows already gone. Calls and time against
 * the budget's ideal for the calls made. One whole run of dist/index.js each (at 2 a second they
 * take minutes; the pacer's spread between runs was 1.00-1.04 of the ideal in section 3).
 */
import { FnfEmulator } from '../../emulators/fnf-emulator.js'
import { deleteInputs } from './emulator-inputs.js'
import { runAction } from './run-action.js'
import { FNF_BUDGET, LATENCY_MS } from './budget.js'

interface Named {
  flows: number
  gone: boolean
  backup: boolean
}

async function namedRun({ flows, gone, backup }: Named, node: string) {
  const emulator = await new FnfEmulator({ latencyMs: LATENCY_MS }).start()
  const names = Array.from({ length: flows }, (_, i) => `pr-${String(i).padStart(4, '0')}`)
  for (let i = 0; i < 600 - (gone ? 0 : flows); i++) emulator.addFlow(`prod-${String(i).padStart(4, '0')}`)
  if (!gone) {
    for (const name of names) {
      emulator.addFlow(name)
      emulator.addSchedule(name, 'nightly')
    }
  }
  emulator.limiter = FNF_BUDGET
  try {
    const run = await runAction(
      deleteInputs(emulator, names, { backup: String(backup), ...(gone ? { 'ignore-not-found': 'true' } : {}) }),
      { node, timeoutMs: 1_200_000 }
    )
    if (run.code !== 0) throw new Error(`named bench: the run failed:\n${run.stdout.slice(-2000)}`)
    const accepted = emulator.requests.filter((r) => !r.faulted)
    const count = (action: string) => accepted.filter((r) => r.action === action).length
    return {
      wall: run.durationMs,
      calls: accepted.length,
      pages: count('ListFlows'),
      describes: count('DescribeFlow'),
      throttled: emulator.throttledCount
    }
  } finally {
    await emulator.stop()
  }
}

export async function namedCosts(node: string, sizes: readonly number[] = [50, 500]): Promise<void> {
  console.log(
    `\n9. Teardowns by name against fnf's documented budget (10 burst, 2 a second), ${LATENCY_MS} ms latency, a region of 600 flows, one run each:\n`
  )
  console.log(
    '| named flows (a schedule each) | backup | calls | of which ListFlows / DescribeFlow | calls a flow | time (s) | ideal for those calls (s) | × ideal |'
  )
  console.log('|---|---|---:|---:|---:|---:|---:|---:|')
  // The budget's bound: calls beyond the burst at 2 a second, then one latency.
  const ideal = (calls: number) => Math.max(0, calls - 10) / 2 + LATENCY_MS / 1000
  const rows: Named[] = [
    ...sizes.flatMap((flows) => [
      { flows, gone: false, backup: true },
      { flows, gone: false, backup: false }
    ]),
    { flows: 40, gone: true, backup: true }
  ]
  for (const row of rows) {
    const r = await namedRun(row, node)
    const seconds = r.wall / 1000
    console.log(
      `| ${row.flows}${row.gone ? ' already gone (ignore-not-found)' : ''} | ${row.backup ? 'on' : 'off'} | ${r.calls} | ${r.pages} / ${r.describes} | ${(r.calls / row.flows).toFixed(2)} | ${seconds.toFixed(1)} | ${ideal(r.calls).toFixed(1)} | ${(seconds / ideal(r.calls)).toFixed(2)} |`
    )
  }
}
