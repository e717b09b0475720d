/**
 * npm run bench, section 8: a nightly sweep's dry run (flow-name-pattern '*' with older-than 7d,
 * 1 flow in 100 old enough) over whole regions of 10,000 and 50,000 flows, with and without the
 * service's documented budget (10 burst, 2 calls a second), 50 ms latency: wall time, calls and
 * dist/index.js's peak RSS (GNU time). Then 30,000 flows with 10 KiB definitions, the memory case.
 * Then a 500-flow region with older-than, unchanged-for and exclude-pattern in play: the summary.
 */
import fs from 'node:fs'
import { FnfEmulator } from '../../emulators/fnf-emulator.js'
import { deleteInputs } from './emulator-inputs.js'
import { runAction } from './run-action.js'
import { FNF_BUDGET, LATENCY_MS } from './budget.js'

const DAY = 86_400_000
const TIME = '/usr/bin/time'

interface Region {
  flows: number
  definitionBytes?: number
  budget: boolean
}

async function sweepRegion({ flows, definitionBytes, budget }: Region, node: string) {
  const emulator = await new FnfEmulator({ latencyMs: LATENCY_MS }).start()
  const definition = definitionBytes ? `version: v1\ntype: flow\n# ${'d'.repeat(definitionBytes)}` : undefined
  const old = Date.now() - 30 * DAY
  for (let i = 0; i < flows; i++) {
    emulator.addFlow(
      `flow-${String(i).padStart(5, '0')}`,
      definition ? { Definition: definition } : undefined,
      i % 100 === 0 ? { created: old } : {}
    )
  }
  if (budget) emulator.limiter = FNF_BUDGET
  try {
    const time = fs.existsSync(TIME) ? [TIME, '-f', '%M'] : []
    const run = await runAction(
      deleteInputs(emulator, [], {
        'flow-name-pattern': '*',
        'older-than': '7d',
        'dry-run': 'true',
        'max-targets': '1000'
      }),
      { node, prefix: time, timeoutMs: 600_000 }
    )
    if (run.code !== 0) throw new Error(`sweep bench: the run failed:\n${run.stdout}`)
    const accepted = emulator.requests.filter((r) => !r.faulted)
    return {
      wall: run.durationMs,
      calls: accepted.length,
      pages: accepted.filter((r) => r.action === 'ListFlows').length,
      targets: (JSON.parse(run.outputs['results']!) as unknown[]).length,
      peakMiB: time.length > 0 ? Number(run.stderr.trim().split('\n').pop()) / 1024 : NaN
    }
  } finally {
    await emulator.stop()
  }
}

/** The 500-flow region of the closing note: 300 preview flows of mixed ages, 20 kept by name, 180 others. */
async function fiveHundred(node: string) {
  const emulator = await new FnfEmulator({ latencyMs: LATENCY_MS }).start()
  const now = Date.now()
  for (let i = 0; i < 300; i++) {
    const created = now - (i % 3 === 0 ? 2 : 20) * DAY
    const modified = i % 5 === 0 ? now - DAY : created
    emulator.addFlow(`pr-${String(i).padStart(3, '0')}`, undefined, { created, modified })
  }
  for (let i = 0; i < 20; i++) emulator.addFlow(`pr-release-${i}`, undefined, { created: now - 90 * DAY })
  emulator.addFlow('pr-undated', undefined, { created: null })
  for (let i = 0; i < 179; i++) emulator.addFlow(`prod-${i}`, undefined, { created: now - 400 * DAY })
  emulator.limiter = FNF_BUDGET
  try {
    const run = await runAction(
      deleteInputs(emulator, [], {
        'flow-name-pattern': 'pr-*',
        'older-than': '7d',
        'unchanged-for': '3d',
        'exclude-pattern': 'pr-release-*',
        'dry-run': 'true',
        'max-targets': '1000'
      }),
      { node, timeoutMs: 120_000 }
    )
    if (run.code !== 0) throw new Error(`sweep bench: the 500-flow run failed:\n${run.stdout}`)
    const lines = run.stdout.split('\n').filter((l) => /^(ListFlows|Ages|flow-name-pattern|kept|Every listed)/.test(l))
    return {
      lines,
      calls: emulator.requests.length,
      wall: run.durationMs,
      targets: (JSON.parse(run.outputs['results']!) as unknown[]).length
    }
  } finally {
    await emulator.stop()
  }
}

export async function sweepCosts(node: string): Promise<void> {
  console.log(
    `\n## 8. Sweeps over whole regions\n\n(a) dry run of flow-name-pattern '*' with older-than 7d (1 flow in 100 old enough), dist/index.js, ${LATENCY_MS} ms latency, one run each:\n`
  )
  console.log('| region | budget | ListFlows pages | calls | targets | time (s) | peak RSS (MiB) |')
  console.log('|---|---|---:|---:|---:|---:|---:|')
  const regions: Region[] = [
    { flows: 10_000, budget: false },
    { flows: 10_000, budget: true },
    { flows: 50_000, budget: false },
    { flows: 50_000, budget: true },
    { flows: 30_000, definitionBytes: 10 * 1024, budget: false },
    { flows: 30_000, definitionBytes: 10 * 1024, budget: true }
  ]
  for (const region of regions) {
    const s = await sweepRegion(region, node)
    const what = `${region.flows.toLocaleString('en')} flows${region.definitionBytes ? `, ${region.definitionBytes / 1024} KiB definitions` : ''}`
    console.log(
      `| ${what} | ${region.budget ? '10 burst, 2/s' : 'none'} | ${s.pages} | ${s.calls} | ${s.targets} | ${(s.wall / 1000).toFixed(1)} | ${s.peakMiB.toFixed(0)} |`
    )
  }
  const five = await fiveHundred(node)
  console.log(
    `\n(b) a 500-flow region, older-than 7d, unchanged-for 3d and exclude-pattern 'pr-release-*' in play, dry run under the budget: ${five.calls} calls, ${five.targets} targets, ${(five.wall / 1000).toFixed(1)} s. The log's account:\n`
  )
  console.log('```')
  for (const line of five.lines) console.log(line)
  console.log('```')
}
