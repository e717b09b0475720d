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
}

/** What hangs off a target, as listed just before any of it was changed, each as the service sent it. */
export interface DependentsFound {
  type: 'dependents'
  name: string
  /** Which kind: schedules, executions. */
  kind: string
  items: Record<string, unknown>[]
}

/** One change sent for a target or one of its dependents, and how it ended. */
export interface TargetChange {
  type: 'change'
  name: string
  /** The API action (DeleteSchedule, StopExecution, DeleteFlow, Disable Flow, …). */
  action: string
  /** What it was about, when not the target itself: "schedule 'nightly'". */
  subject?: string
  /** done; gone (already gone or finished: counted as done); failed; unknown (it may have taken effect). */
  outcome: 'done' | 'gone' | 'failed' | 'unknown'
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

/** The last line: the run ended (a manifest without one was cut short). */
export interface RunEnded {
  type: 'end'
  status: string
  finishedAt: string
}

export type ManifestRecord = ManifestHeader | TargetFound | DependentsFound | TargetChange | TargetEnded | RunEnded

/** Where a provider writes what it found and did; the pipeline writes the header and the results. */
export interface Recorder {
  /** What the target is: on disk before its first change is sent. */
  found(name: string, what: Omit<TargetFound, 'type' | 'name'>): void
  /** What hangs off it: on disk before the first of them is changed. */
  dependents(name: string, kind: string, items: Record<string, unknown>[]): void
  /** One change sent, and how it ended. */
  changed(name: string, change: Omit<TargetChange, 'type' | 'name'>): void
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
  found: () => {},
  dependents: () => {},
  changed: () => {},
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

  found(name: string, what: Omit<TargetFound, 'type' | 'name'>): void {
    this.write({ type: 'target', name, ...what })
  }

  dependents(name: string, kind: string, items: Record<string, unknown>[]): void {
    this.write({ type: 'dependents', name, kind, items })
  }

  changed(name: string, change: Omit<TargetChange, 'type' | 'name'>): void {
    this.write({ type: 'change', name, ...change })
  }
}

/** A manifest read back: its header, its records in order, and whether it was cut short. */
export interface ReadManifest {
  header: ManifestHeader
  records: Exclude<ManifestRecord, ManifestHeader>[]
  /** The last line was not whole, or the run never wrote its end: the records stop where it was killed. */
  cutShort: boolean
}

/** A manifest read back from its text, or why the text is not one this version can read. */
export function readManifest(text: string): ReadManifest | { problem: string } {
  // The text after the last line break is a line cut short (or nothing).
  const whole = text.split('\n').slice(0, -1)
  const partial = !text.endsWith('\n') && text !== ''
  const parsed: unknown[] = []
  for (const [index, line] of whole.entries()) {
    try {
      parsed.push(JSON.parse(line))
    } catch {
      return { problem: `line ${index + 1} is not JSON` }
    }
  }
  const header = parsed[0] as Partial<ManifestHeader> | undefined
  if (!header || header.format !== MANIFEST_FORMAT)
    return { problem: 'it does not start with a flow-ops manifest header' }
  if (header.version !== MANIFEST_VERSION) {
    return { problem: `it is version ${String(header.version)}; this flow-ops reads version ${MANIFEST_VERSION}` }
  }
  const records = parsed.slice(1) as Exclude<ManifestRecord, ManifestHeader>[]
  const ended = records.at(-1)?.type === 'end'
  return { header: header as ManifestHeader, records, cutShort: partial || !ended }
}
