/**
 * The manifest: what a run found and did, target by target, in JSON Lines (one JSON object a
 * line), so that each record is appended as it happens and a run killed at any moment (SIGKILL
 * included) leaves every whole line it wrote. The first line is the header; then, for each target,
 * what it was (written before its first change), each change made to it or its dependents, and its
 * result; the last line ends the run. Writing costs the size of what is written, never the size of
 * the file so far. Every line passes the run's redaction first: no credential reaches the file.
 * The format is documented in the README ("The manifest") and versioned by `version`.
 */

import type { AttemptResult, CallOutcome } from '../http/attempt.js'

export const MANIFEST_FORMAT = 'flow-ops manifest'
export const MANIFEST_VERSION = 1
/**
 * The largest manifest a run reads (from-manifest): far above a teardown of 1,000 flows with
 * 100 KiB definitions (about 200 MiB), far below what would exhaust a runner's memory.
 */
export const MAX_MANIFEST_BYTES = 512 * 1024 * 1024

/** The first line: which run wrote the manifest, against what, selecting what. */
export interface ManifestHeader {
  format: typeof MANIFEST_FORMAT
  version: typeof MANIFEST_VERSION
  operation: string
  provider: string
  /** Where the targets are (the region, or the endpoint's host) and the service's URL. */
  location: string
  endpoint: string
  /** The inputs that chose the targets, as given. */
  selectors: Record<string, string[]>
  /** The inputs that say what else goes with each target, as they applied (absent in manifests before 0.2). */
  removes?: Record<string, boolean>
  dryRun: boolean
  startedAt: string
  /** The workflow run that wrote it, when the runner says so. */
  run?: string
}

/** What a target was when the run found it: the service's own fields, kept as it sent them. */
export interface TargetFound {
  type: 'target'
  name: string
  /** The service's description of the target (a flow's ListFlows fields); absent when none was read. */
  service?: Record<string, unknown>
  /** The target was read and was not there (a plan's flow already gone). */
  gone?: true
  /**
   * The fields of `service` in which a credential of the run was found and written as ***: the
   * manifest does not hold them as they were, so they can never be written back.
   */
  redacted?: string[]
}

/** One item of a dependents record with fields that hold *** for a credential of the run. */
export interface RedactedItem {
  /** Its place in `items`. */
  index: number
  fields: string[]
}

/** What hangs off a target, as listed just before any of it was changed, each as the service sent it. */
export interface DependentsFound {
  type: 'dependents'
  name: string
  /** Which kind of dependent, as the provider names it. */
  kind: string
  items: Record<string, unknown>[]
  /** Items with fields written as *** (a credential of the run was in them). */
  redacted?: RedactedItem[]
}

/** One change sent for a target or one of its dependents, and how it ended. */
export interface TargetChange {
  type: 'change'
  name: string
  /** The API action (DeleteSchedule, StopExecution, DeleteFlow, Disable Flow, …). */
  action: string
  /** What it was about, when not the target itself: "schedule 'nightly'". */
  subject?: string
  /**
   * done; gone (already gone or finished: counted as done); present (what was to be made was there
   * already, and was left as it was); failed; unknown (it may have taken effect).
   */
  outcome: 'done' | 'gone' | 'present' | 'failed' | 'unknown'
  errorCode?: string
  requestId?: string
}

/** How a target ended, as the `results` output says it. */
export interface TargetEnded {
  type: 'result'
  name: string
  status: string
  errorCode?: string
  requestId?: string
}

/**
 * Flows a selector matched and a rule kept (a sweep's older-than, exclude-pattern, …): every one,
 * by rule, so that every listed flow is accounted for. Never a target: a restore or a plan skips it.
 */
export interface KeptFound {
  type: 'kept'
  /** Why they were kept: "newer than 7d", "excluded by 'prod-*'". */
  rule: string
  count: number
  names: string[]
}

/** The last line: the run ended (a manifest without one was cut short). */
export interface RunEnded {
  type: 'end'
  status: string
  finishedAt: string
}

export type ManifestRecord =
  ManifestHeader | TargetFound | DependentsFound | TargetChange | TargetEnded | KeptFound | RunEnded

/** Where a provider writes what it found and did; the pipeline writes the header and the results. */
export interface Recorder {
  /**
   * What the target is: on disk before its first change is sent. Returns the fields of its
   * service description that had to be redacted (a credential of the run was in them).
   */
  found(name: string, what: Omit<TargetFound, 'type' | 'name' | 'redacted'>): string[]
  /** What hangs off it: on disk before the first of them is changed. Returns the items that had to be redacted. */
  dependents(name: string, kind: string, items: Record<string, unknown>[]): RedactedItem[]
  /** One change sent, and how it ended. */
  changed(name: string, change: Omit<TargetChange, 'type' | 'name'>): void
  /** Flows a rule kept, before the first change of the run. */
  kept(rule: string, names: readonly string[]): void
}

/** How one change ended, for the manifest: answered, already so, refused, or perhaps landed. */
export function changeOutcome(
  outcome: Pick<CallOutcome<unknown>, 'result' | 'earlierAttemptMayHaveLanded'>,
  gone = false
): TargetChange['outcome'] {
  if (outcome.result.ok) return 'done'
  if (gone) return 'gone'
  return outcome.result.failure.mayHaveLanded || outcome.earlierAttemptMayHaveLanded ? 'unknown' : 'failed'
}

/** The error code and request id of a call's answer, when it has them. */
export function answerIds(result: AttemptResult<{ requestId?: string | undefined }>): {
  errorCode?: string
  requestId?: string
} {
  if (result.ok) return result.value.requestId ? { requestId: result.value.requestId } : {}
  return {
    errorCode: result.failure.code,
    ...(result.failure.requestId ? { requestId: result.failure.requestId } : {})
  }
}

/** A recorder that keeps nothing (tests that do not look at the manifest). */
export const NO_RECORDS: Recorder & ManifestLines = {
  found: () => [],
  dependents: () => [],
  changed: () => {},
  kept: () => {},
  write: () => {}
}

/** What writes whole lines of the manifest. */
export interface ManifestLines {
  write(record: ManifestRecord): void
}

/**
 * The manifest writer: each record one line, redacted, handed to `append` at once (main.ts
 * appends it to the file synchronously, so that it is on disk before the next request is sent).
 */
export class ManifestWriter implements Recorder, ManifestLines {
  constructor(
    private readonly append: (line: string) => void,
    private readonly redact: (text: string) => string
  ) {}

  write(record: ManifestRecord): void {
    this.append(`${this.redact(JSON.stringify(record))}\n`)
  }

  found(name: string, what: Omit<TargetFound, 'type' | 'name' | 'redacted'>): string[] {
    const record: TargetFound = { type: 'target', name, ...what }
    if (this.writeClean(record) || !what.service) return []
    const redacted = this.redactedFields(what.service)
    this.write({ ...record, ...(redacted.length > 0 ? { redacted } : {}) })
    return redacted
  }

  dependents(name: string, kind: string, items: Record<string, unknown>[]): RedactedItem[] {
    const record: DependentsFound = { type: 'dependents', name, kind, items }
    if (this.writeClean(record)) return []
    const redacted = items.flatMap((item, index) => {
      const fields = this.redactedFields(item)
      return fields.length > 0 ? [{ index, fields }] : []
    })
    this.write({ ...record, ...(redacted.length > 0 ? { redacted } : {}) })
    return redacted
  }

  /**
   * Writes a record that redaction leaves as it is, at the cost of one redaction (most hold no
   * secret); false, writing nothing, when it would change it and the fields must be marked.
   */
  private writeClean(record: ManifestRecord): boolean {
    const line = JSON.stringify(record)
    if (this.redact(line) !== line) return false
    this.append(`${line}\n`)
    return true
  }

  /** The fields of an object that redaction changes. */
  private redactedFields(fields: Record<string, unknown>): string[] {
    const changed = Object.entries(fields)
      .filter(([, value]) => {
        const text = JSON.stringify(value) ?? ''
        return this.redact(text) !== text
      })
      .map(([key]) => key)
    // A credential across two fields (or only in the record's name): none alone shows it, so every one is suspect.
    return changed.length > 0 ? changed : Object.keys(fields)
  }

  changed(name: string, change: Omit<TargetChange, 'type' | 'name'>): void {
    this.write({ type: 'change', name, ...change })
  }

  kept(rule: string, names: readonly string[]): void {
    this.write({ type: 'kept', rule, count: names.length, names: [...names] })
  }
}
