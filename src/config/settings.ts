/** The settings every operation has, parsed by inputs.ts from the common inputs; and a whole configuration. */
import type { RetryPolicy } from '../http/retry.js'

export interface CommonSettings {
  /** From max-attempts, with the default backoff (tests shorten it). */
  retry: RetryPolicy
  /** Each attempt's deadline. */
  timeoutMs: number
  /** Targets handled at the same time. */
  concurrency: number
  /** Build, sign and show every request; send none. */
  dryRun: boolean
  /** Poll until the work is really done, for at most waitTimeoutMs. */
  wait: boolean
  waitTimeoutMs: number
  /** The most targets a selector (flow-name-pattern, flow-id) may select; more fails the run before any change. */
  maxTargets: number
  /** A hard cap on requests a second to the service (max-rate), or none: adaptive only. */
  maxRate?: number
  /** Where the manifest goes (manifest-path), or a fresh file under RUNNER_TEMP when not given. */
  manifestPath?: string
}

/**
 * What the pipeline needs to know of an operation's own settings, worked out by the provider's
 * input parsing: where requests go, where the targets are, which targets the inputs name.
 */
export interface SettingsScope {
  /** Every service URL the run may call: the proxy is checked for each, the log names it. */
  serviceUrls: URL[]
  /** Where the targets are, as results say it: the region, or the endpoint's host. */
  location: string
  /** The targets the inputs name, in input order. */
  targets: string[]
  /**
   * The input that selects targets by a query (flow-name-pattern, flow-id), when the inputs use
   * one: then the run lists what it selects, dry runs included, and max-targets guards it.
   */
  selector?: string
  /** What the selector was given, as a refusal names it: 'pr-*', flow 3377. */
  selectedBy?: string
  /** Lines for a dry run's log (what credentials would have been fetched). */
  dryRunNotes: string[]
  /** Lines for the log and the summary of every run (what a restore cannot bring back). */
  notes?: string[]
  /** The inputs that chose the targets, as given (the manifest's header names them). */
  selectors: Record<string, string[]>
  /**
   * The inputs that say what else goes with each target (the provider's own), as they apply:
   * the manifest's header records them, so that a plan is applied as it was reviewed.
   */
  removes?: Record<string, boolean>
}

/** An operation's own settings, as its provider parsed them, and their scope. */
export interface ParsedSettings<Settings = unknown> {
  settings: Settings
  scope: SettingsScope
}

/** A validated configuration: the operation, its provider's own settings and their scope, and the common ones. */
export interface ActionConfig<Settings = unknown> extends ParsedSettings<Settings> {
  operation: string
  /** The provider whose operation it is (the registry's key, with the operation). */
  provider: string
  common: CommonSettings
}
