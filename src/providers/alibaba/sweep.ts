/**
 * A sweep's rules over each flow a pattern matched, as ListFlows described it: exclude-pattern,
 * resource-group, older-than and unchanged-for, ages measured on the service's clock (or, said
 * plainly, the runner's); and the flows the rules kept, by rule, for the log, the summary and the
 * manifest.
 */
import { cutoffOf, describeAge, formatTime, parseRfc3339 } from '../../config/ages.js'
import type { Recorder } from '../../report/manifest.js'
import { namesWithMore } from '../../report/wording.js'
import { GlobMatcher } from './glob.js'
import type { SweepRules } from './target-inputs.js'

/** A dry run names every kept flow with its reason, up to this many lines (the manifest has them all). */
const DRY_RUN_KEPT_LINES = 200

/** Why a matched flow is kept, in the words the log uses, or undefined: it is a target. */
type Verdict = string | undefined

/**
 * The sweep's rules over one flow as ListFlows described it, on the service's clock: the time of
 * the listing's first answer. Exclusion first (a protection wins over everything), then the
 * resource group, then the ages; a flow is kept by the first rule that keeps it.
 */
export class FlowSweep {
  private readonly excluded: GlobMatcher | undefined
  private created: number | undefined
  private modified: number | undefined
  /** The time the ages were measured against. */
  measuredAt: number | undefined
  /** Whether that time is the service's (its answer's Date header) or the runner's. */
  private onServiceClock = false

  constructor(private readonly rules: SweepRules) {
    this.excluded = rules.excludePatterns.length > 0 ? new GlobMatcher(rules.excludePatterns) : undefined
  }

  get measuresAge(): boolean {
    return this.rules.olderThan !== undefined || this.rules.unchangedFor !== undefined
  }

  /**
   * Sets the clock the ages are measured on: once, from the first answer: its Date header, or,
   * when it carried none that reads as a date, the runner's clock (as corrected by any skew the
   * service reported), which the log then names as such.
   */
  measureAt(serviceTime: number | undefined, runnerNow: number): void {
    if (this.measuredAt !== undefined) return
    this.onServiceClock = serviceTime !== undefined
    const now = serviceTime ?? runnerNow
    this.measuredAt = now
    if (this.rules.olderThan) this.created = cutoffOf(this.rules.olderThan, now)
    if (this.rules.unchangedFor) this.modified = cutoffOf(this.rules.unchangedFor, now)
  }

  judge(name: string, flow: Record<string, unknown>): Verdict {
    const exclusion = this.excluded?.matching(name)[0]
    if (exclusion !== undefined) return `excluded by '${exclusion}'`
    const { resourceGroup, olderThan, unchangedFor } = this.rules
    if (resourceGroup !== undefined) {
      const group = flow['ResourceGroupId']
      if (typeof group !== 'string' || group === '') return 'with no ResourceGroupId'
      if (group !== resourceGroup) return 'in another resource group'
    }
    if (olderThan) {
      const verdict = ageVerdict(
        flow,
        'CreatedTime',
        this.created!,
        olderThan.kind === 'time' ? `created after ${formatTime(olderThan.at)}` : `newer than ${olderThan.text}`
      )
      if (verdict) return verdict
    }
    if (unchangedFor) {
      const verdict = ageVerdict(
        flow,
        'LastModifiedTime',
        this.modified!,
        unchangedFor.kind === 'time'
          ? `changed after ${formatTime(unchangedFor.at)}`
          : `changed within ${unchangedFor.text}`
      )
      if (verdict) return verdict
    }
    return undefined
  }

  /** The log's lines on the clock and the cut-offs, once the listing has answered. */
  clockNotes(): string[] {
    if (this.measuredAt === undefined || !this.measuresAge) return []
    const cutoffs = [
      ...(this.rules.olderThan
        ? [`older-than ${describeAge(this.rules.olderThan)}: created before ${formatTime(this.created!)}`]
        : []),
      ...(this.rules.unchangedFor
        ? [`unchanged-for ${describeAge(this.rules.unchangedFor)}: last changed before ${formatTime(this.modified!)}`]
        : [])
    ]
    const clock = this.onServiceClock
      ? `the service's clock, ${formatTime(this.measuredAt)} when ListFlows answered`
      : `the runner's clock, ${formatTime(this.measuredAt)} when ListFlows answered (its answer carried no Date header that reads as a time, so the service's clock could not be read)`
    return [`Ages are measured on ${clock}: ${cutoffs.join('; ')}`]
  }
}

/** Kept, and why, when the time is missing, unreadable or not before the cut-off. */
function ageVerdict(flow: Record<string, unknown>, field: string, cutoff: number, tooRecent: string): Verdict {
  const raw = flow[field]
  if (raw === undefined || raw === null || raw === '') return `with no ${field}`
  const at = typeof raw === 'string' ? parseRfc3339(raw) : undefined
  if (at === undefined) return `with an unreadable ${field}`
  return at < cutoff ? undefined : tooRecent
}

/** The flows each rule kept, in the order they were read. */
export class KeptFlows {
  readonly byRule = new Map<string, string[]>()
  count = 0

  add(rule: string, name: string): void {
    let names = this.byRule.get(rule)
    if (!names) this.byRule.set(rule, (names = []))
    names.push(name)
    this.count++
  }

  /** Rules by how many they kept, most first. */
  private ordered(): [string, string[]][] {
    return [...this.byRule].sort((a, b) => b[1].length - a[1].length)
  }

  /** "kept 14: 9 newer than 7d, 4 excluded by 'prod-*', 1 with no CreatedTime", then the first few of each. */
  notes(dryRun: boolean): string[] {
    if (this.count === 0) return []
    const rules = this.ordered()
    const lines = [`kept ${this.count}: ${rules.map(([rule, names]) => `${names.length} ${rule}`).join(', ')}`]
    for (const [rule, names] of rules) lines.push(`kept ${rule}: ${namesWithMore(names)}`)
    if (!dryRun) return lines
    // A dry run is the plan a reviewer reads: each kept flow with its reason.
    let shown = 0
    for (const [rule, names] of rules) {
      for (const name of names) {
        if (shown++ < DRY_RUN_KEPT_LINES) lines.push(`Dry run: would keep '${name}' (${rule})`)
      }
    }
    if (shown > DRY_RUN_KEPT_LINES) {
      lines.push(
        `Dry run: and ${shown - DRY_RUN_KEPT_LINES} more kept flows (the manifest names every one, with its reason)`
      )
    }
    return lines
  }

  record(recorder: Recorder): void {
    for (const [rule, names] of this.ordered()) recorder.kept(rule, names)
  }
}
