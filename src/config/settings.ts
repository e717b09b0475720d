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
}

/** A validated configuration: the operation, its provider's own settings, and the common ones. */
export interface ActionConfig<Settings = unknown> {
  operation: string
  settings: Settings
  common: CommonSettings
}
