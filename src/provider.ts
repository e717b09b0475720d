/**
 * The seam where a provider plugs in: one operation of one cloud service, described by what the
 * pipeline needs to run it. The pipeline (inputs.ts, operation.ts, targets.ts, report) knows only
 * this contract; a provider is a folder that implements it and one line in providers.ts.
 */
import type { AttemptResult } from './attempt.js'
import type { RateController } from './http/rate-controller.js'
import type { InputSource, SecretInput } from './input-rules.js'
import type { UntimedResult } from './results.js'
import type { Runtime } from './runtime.js'
import type { CommonSettings } from './settings.js'
import type { PollResult } from './wait.js'

/** How the work on one target ended, before any waiting. */
export interface TargetOutcome {
  result: UntimedResult
  /** A state already known to be final (a flow that does not exist is gone): no poll is needed. */
  finalState?: string
}

export interface Provider<Settings, Session> {
  /** The value of the `operation` input that selects this provider. */
  readonly operation: string
  /** The API action each target gets, as results and annotations name it (DeleteFlow). */
  readonly action: string
  /** The service's name in the log (Serverless Workflow), said when it throttles. */
  readonly service: string
  /** What `status` says when the work is done, for a target and for the run (deleted, cancelled). */
  readonly doneStatus: string
  /**
   * The secret inputs and the environment variables they fall back to. inputs.ts reads and masks
   * them before anything else is parsed, so that no message can carry one.
   */
  readonly secretInputs: readonly SecretInput[]
  /** The hint when a wait runs out (the work was accepted but not finished). */
  readonly waitTimeoutHint: string

  /** This provider's own inputs → its settings; throws InputError naming the input. */
  parseInputs(source: InputSource): Settings
  /** Every service URL the run may call: inputs.ts checks the proxy for each, the pipeline logs it. */
  serviceUrls(settings: Settings): URL[]
  /** Where the targets are, as results say it: the region, or the endpoint's host. */
  location(settings: Settings): string
  /** The targets the inputs name, in input order. */
  targets(settings: Settings): string[]
  /** How the log names one target's work (DeleteFlow 'x', cancel of flow instance 'x'). */
  label(name: string): string
  /** Extra lines for a dry run's log (what credentials would have been fetched). */
  dryRunNotes(settings: Settings): string[]
  /** dry-run: the request target `index` would send, signed, with secrets shown as ***. */
  preview(settings: Settings, index: number, runtime: Runtime): string
  /**
   * Credentials and clients for the run: access keys, an STS exchange of the job's OIDC token, an
   * EnOS access token. A failure here fails every target before any is started.
   */
  connect(settings: Settings, common: CommonSettings, runtime: Runtime): Promise<AttemptResult<Session>>
  /** Does the work on target `index`, with retries; maps the answer to a result. */
  act(session: Session, index: number): Promise<TargetOutcome>
  /** One look at whether target `index`'s work is finished (for wait), never past `deadlineAt`. */
  poll(session: Session, index: number, deadlineAt: number): Promise<PollResult>
  /** What the log says when a wait saw the target reach `state`, and whether it is a warning. */
  reached(name: string, state: string, location: string): { warning: boolean; message: string }
  /** What the user should check for an error code (the provider's catalogue, then transport codes). */
  hintFor(code: string): string | undefined
  /** The session's rate controller, for the run's last word on throttling. */
  limiter(session: Session): RateController
}

/** Any provider, as the registry holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each provider's settings and session are its own; the pipeline only passes them back to it
export type AnyProvider = Provider<any, any>
