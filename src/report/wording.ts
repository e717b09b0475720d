/** How counts, lists of names and statuses are worded in log lines, notes and reports, by every layer alike. */
import type { TargetStatus } from './results.js'

/** "1 flow", "3 flows". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

/** Names given in a line before "and N more". */
export const NAMES_IN_LINE = 10

/**
 * The first `count` names, each as `show` renders it, and then the rest: counted ("a, b and 2
 * more") or elided ("a, b, …").
 */
export function firstNames(
  names: readonly string[],
  count: number,
  rest: 'counted' | 'elided' = 'counted',
  show: (name: string) => string = (name) => name
): string {
  const shown = names.slice(0, count).map(show).join(', ')
  if (names.length <= count) return shown
  return rest === 'counted' ? `${shown} and ${names.length - count} more` : `${shown}, …`
}

/** "a, b, … j and 2 more": the first NAMES_IN_LINE names, and how many more there are. */
export function namesWithMore(names: readonly string[]): string {
  return firstNames(names, NAMES_IN_LINE)
}

/** How a status other than done is said: in a count ("2 not found"), and in the summary's Result column. */
const STATUS_TEXT: Readonly<Record<Exclude<TargetStatus, 'done'>, { counted: string; label: string }>> = {
  'not-found': { counted: 'not found', label: '➖ not found (ignored)' },
  exists: { counted: 'already there', label: '➖ already there (left as it was)' },
  failed: { counted: 'failed', label: '❌ failed' },
  changed: { counted: 'changed since the plan', label: '⚠️ changed since the plan (left alone: review it again)' },
  'dry-run': { counted: 'dry run', label: '🔍 dry run: nothing changed' },
  'not-started': { counted: 'not started', label: '⏹️ not started (run cancelled)' },
  partial: {
    counted: 'partly torn down (what hung off it removed, itself not)',
    label: '◐ partly torn down (run cancelled: some of what hung off it was removed, it was not)'
  },
  unknown: {
    counted: 'unknown (in flight, outcome not known)',
    label: '❔ unknown (in flight when the run was cancelled)'
  }
}

/**
 * Every way a target's status is said, in one place: the word `status` and `results` give (done
 * in the provider's word: deleted, cancelled), the words of a count, and the summary's label.
 */
export function statusText(status: TargetStatus, doneStatus: string): { word: string; counted: string; label: string } {
  if (status === 'done') return { word: doneStatus, counted: doneStatus, label: `✅ ${doneStatus}` }
  return { word: status, ...STATUS_TEXT[status] }
}
