/**
 * npm run bench, section 6: what reading listings to their end costs, and flow-name-pattern at its
 * worst. (a) operation: cancel of one EnOS flow with 8 active instances, with the gateway's
 * `count` read either way and pages capped at 3: the calls each run makes, by kind, and its time
 * (whole runs of dist/index.js, 50 ms latency, medians). (b) flow-name-pattern: 1000 patterns of
 * 128 characters against 20,000 names, built to miss, matched in-process: time and steps.
 */
import { EnosEmulator } from '../../emulators/enos-emulator.js'
import { GlobMatcher } from '../../src/providers/alibaba/glob.js'
import { cancelInputs } from './emulator-inputs.js'
import { median } from './median.js'
import { runAction } from './run-action.js'
import { LATENCY_MS } from './budget.js'

const FLOW_ID = 3377

interface CancelRow {
  label: string
  countReading: 'total' | 'page'
  maxPageSize: number
}

async function cancelFlow(row: CancelRow, node: string) {
  const emulator = await new EnosEmulator({ latencyMs: LATENCY_MS }).start()
  emulator.countReading = row.countReading
  emulator.maxPageSize = row.maxPageSize
  const ids = Array.from({ length: 8 }, (_, i) => `${FLOW_ID}-2026120308${String(i).padStart(2, '0')}`)
  for (const id of ids) emulator.addInstance(id, { type: 1 })
  try {
    const run = await runAction(cancelInputs(emulator, [], { 'flow-instance-id': '', 'flow-id': String(FLOW_ID) }), {
      node,
      timeoutMs: 60_000
    })
    if (run.code !== 0) throw new Error(`listing bench: the run failed:\n${run.stdout}`)
    const count = (action: string) => emulator.requests.filter((r) => r.action === action).length
    return {
      wall: run.durationMs,
      token: count('token'),
      searches: count('search'),
      cancels: count('cancel'),
      stillRunning: ids.filter((id) => emulator.instanceStatus(id) !== 8).length
    }
  } finally {
    await emulator.stop()
  }
}

/** Names and patterns built so that every pattern's runs almost match every name. */
function globWorstCases(): [string, string[], string[]][] {
  const letters = (i: number) => String.fromCharCode(98 + (i % 20))
  const names = (make: (i: number) => string) => Array.from({ length: 20_000 }, (_, i) => make(i).slice(0, 128))
  let seed = 7
  const random = (alphabet: string, n: number) =>
    Array.from({ length: n }, () => alphabet[(seed = (seed * 48271) % 2147483647) % alphabet.length]).join('')
  return [
    [
      'stars between single letters (`*a*a*…*a*b`) against `aaa…a-<n>`',
      Array.from({ length: 1000 }, (_, i) => `*${'a*'.repeat(62)}${letters(i)}`),
      names((i) => `${'a'.repeat(120)}-${i}`)
    ],
    [
      'one long run that almost matches everywhere (`*aaa…ab*`) against `aaa…a`',
      Array.from({ length: 1000 }, (_, i) => `*${'a'.repeat(120)}${letters(i)}*`),
      names(() => 'a'.repeat(128))
    ],
    [
      'random patterns over `ab*?-` against random names over `ab-`',
      Array.from({ length: 1000 }, () => random('ab*?-', 128)),
      names(() => random('ab-', 128))
    ]
  ]
}

export async function listingCosts(runs: number, node: string): Promise<void> {
  console.log(
    `\n## 6. Listings read to their end, and flow-name-pattern at its worst\n\n` +
      `(a) cancel of one flow with 8 active instances (all periodic), dist/index.js, ${LATENCY_MS} ms latency, median of ${runs}:\n`
  )
  console.log('| gateway | token | searches | cancels | left running | time (ms) |')
  console.log('|---|---:|---:|---:|---:|---:|')
  const rows: CancelRow[] = [
    { label: '`count` = every match, pages of 100', countReading: 'total', maxPageSize: Number.POSITIVE_INFINITY },
    { label: '`count` = this page’s elements, pages capped at 3', countReading: 'page', maxPageSize: 3 }
  ]
  for (const row of rows) {
    const samples = []
    for (let i = 0; i < runs; i++) samples.push(await cancelFlow(row, node))
    const first = samples[0]!
    console.log(
      `| ${row.label} | ${first.token} | ${first.searches} | ${first.cancels} | ${first.stillRunning} | ${median(samples.map((s) => s.wall)).toFixed(0)} |`
    )
  }
  console.log(
    `\n(b) flow-name-pattern: 1000 patterns of 128 characters against 20,000 names, in-process, median of 3:\n`
  )
  console.log('| patterns and names | pairs | steps | time (ms) |')
  console.log('|---|---:|---:|---:|')
  for (const [label, patterns, names] of globWorstCases()) {
    const times: number[] = []
    let steps = 0
    for (let i = 0; i < 3; i++) {
      const started = performance.now()
      const matcher = new GlobMatcher(patterns)
      for (const name of names) matcher.matching(name)
      times.push(performance.now() - started)
      steps = matcher.cost.steps
    }
    console.log(
      `| ${label} | ${(patterns.length * names.length).toLocaleString('en')} | ${steps.toLocaleString('en')} | ${median(times).toFixed(0)} |`
    )
  }
}
