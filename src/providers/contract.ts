/**
 * The seam where a provider plugs in: one operation of one cloud service, described by what the
 * pipeline needs to run it. The pipeline (inputs.ts, operation.ts, targets.ts, report) knows only
 * this contract; a provider is a folder that implements it and one line in providers.ts.
 */
import type { AttemptResult } from '../http/attempt.js'
import type { InputSource } from '../config/input-rules.js'
import type { Recorder } from '../report/manifest.js'
import type { RunFailure, UntimedResult } from '../report/results.js'
import type { Runtime, ServicePacing } from './runtime.js'
import type { CommonSettings, ParsedSettings } from '../config/settings.js'

import type { PollResult } from '../http/poll.js'

export type { PollResult } from '../http/poll.js'

/** What a provider's connect() makes for the run: its client, its settings, and where it records for the manifest. */
export interface ClientSession<Client, Settings> {
  client: Client
  settings: Settings
  record: Recorder
}

/** One target as the pipeline hands it to the provider. */
export interface TargetRef {
  name: string
  /** Its place among the run's targets, and how many there are. */
  index: number
  count: number
  /** Found by a selector (a listing) rather than named in the inputs. */
  selected: boolean
}

/** What a provider's selectors found, with read-only calls. */
export interface Selection {
  /** The targets found, in listing order (the pipeline drops those the inputs also name). */
  targets: string[]
  /** Lines for the log and the summary: what each selector matched, what was left alone. */
  notes: string[]
  /**
   * A listing that a guard stopped before its end (a gateway that pages without end): the
   * targets found are still worked on, and the run then fails with this, since more may be left.
   */
  incomplete?: RunFailure
  /** What preparing changed ("Flow 2438 disabled: …"): a run that stops after it says so. */
  changed?: string[]
}

/**
 * Where a provider says what it is doing while it selects and prepares, so that a run cancelled
 * in the middle can say where it stopped and what it had found (the ledger keeps it).
 */
export interface Progress {
  /** What the run is doing now: "listing the instances of flow 2438 (type 1), page 3". */
  doing(phase: string): void
  /** The targets found so far: a cancelled run lists them as not started. */
  found(names: readonly string[]): void
}

/** How selecting (or preparing) ended: a selection, or a failure that belongs to the run, not to a target. */
export type SelectOutcome = { ok: true; value: Selection } | { ok: false; failure: RunFailure; interrupted: boolean }

/** How the work on one target ended, before any waiting. */
export interface TargetOutcome {
  result: UntimedResult
  /** A state already known to be final (a flow that does not exist is gone): no poll is needed. */
  finalState?: string
}

/** How a provider words its work: one object the report and the log take their words from. */
export interface ProviderWording {
  /** The API action each target gets, as results and annotations name it (DeleteFlow). */
  action: string
  /** The service's name in the log (Serverless Workflow). */
  service: string
  /** What `status` says when the work is done, for a target and for the run (deleted, cancelled). */
  doneStatus: string
  /** What one target is, for counts in the summary and the failure line (flow: "3 flows"). */
  targetNoun: string
  /** The hint when a wait runs out (the work was accepted but not finished). */
  waitTimeoutHint: string
  /** How the log names one target's work (DeleteFlow 'x', cancel of flow instance 'x'). */
  label(name: string): string
  /** What the log says when a wait saw the target reach `state`, and whether it is a warning. */
  reached(name: string, state: string, location: string): { warning: boolean; message: string }
  /** A wait's progress: the target not finished yet, in `state` ("orders-pipeline still exists"). */
  pending(name: string, state: string): string
  /** What the user should check for an error code of an action (the provider's catalogue, then transport codes). */
  hintFor(code: string, action?: string): string | undefined
}

/**
 * One operation of one provider: its wording, how it parses its inputs, and the steps of its
 * lifecycle. Which inputs it reads is declared in the registry (providers/index.ts), which loads
 * this code only for a run of the operation. The pipeline owns everything else (pacing,
 * concurrency, waiting, cancellation, the report).
 */
export interface Provider<Settings, Session> {
  readonly wording: ProviderWording
  /** This operation's own inputs → its settings and their scope; throws InputError naming the input. */
  parseInputs(source: InputSource): ParsedSettings<Settings>
  /**
   * Credentials and clients for the run (access keys, an STS exchange of the job's OIDC token, an
   * EnOS access token), every call paced by the pipeline's `pacing`. A failure here fails every
   * target before any is started.
   */
  connect(
    settings: Settings,
    common: CommonSettings,
    runtime: Runtime,
    pacing: ServicePacing
  ): Promise<AttemptResult<Session>>
  /** Finds what the selectors name, with read-only calls only, saying how far it is. */
  select(session: Session, progress: Progress): Promise<SelectOutcome>
  /**
   * What must happen after the guard and before the first target (EnOS: disable the flows, then
   * look again for instances started meanwhile). In a dry run it only says what it would do.
   */
  prepare(session: Session, selection: Selection, dryRun: boolean, progress: Progress): Promise<SelectOutcome>
  /** Does the work on the target, with retries; maps the answers to a result. */
  act(session: Session, target: TargetRef): Promise<TargetOutcome>
  /** One look at whether the target's work is finished (for wait), never past `deadlineAt`. */
  poll(session: Session, target: TargetRef, deadlineAt: number): Promise<PollResult>
  /**
   * dry-run: the request the target would send, signed, with secrets shown as ***. (A promise, so
   * that code only dry runs need is loaded only by them.)
   */
  preview(settings: Settings, target: TargetRef, runtime: Runtime): Promise<string>
  /**
   * dry-run with a selector: the target's plan, found with read-only calls (what would be
   * removed with it); status dry-run.
   */
  plan(session: Session, target: TargetRef, runtime: Runtime): Promise<UntimedResult>
}

/** Any provider, as the registry holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each provider's settings and session are its own; the pipeline only passes them back to it
export type AnyProvider = Provider<any, any>
