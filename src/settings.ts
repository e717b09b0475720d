/** The settings every operation has: parsed by inputs.ts from the common inputs, not by the providers. */
export interface CommonSettings {
  /** Attempts per call, including the first (throttled attempts aside). */
  maxAttempts: number
  timeoutMs: number
  /** Targets handled at the same time. */
  concurrency: number
  /** Build, sign and show every request; send none. */
  dryRun: boolean
  /** Poll until the work is really done, for at most waitTimeoutMs. */
  wait: boolean
  waitTimeoutMs: number
  /** A hard cap on requests a second to the service (max-rate), or none: adaptive only. */
  maxRate?: number
}
