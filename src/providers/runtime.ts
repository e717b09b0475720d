/**
 * What the pipeline hands every provider: the logger, the clock, a sleep that ends early when the
 * run is cancelled, the transport, masking for secrets that arrive mid-run and the job's OIDC
 * token. main.ts builds it from @actions/core; tests build it with a fake clock and sleep.
 */
import type { Cancellation } from '../http/cancellation.js'
import type { ClientDeps } from '../http/call.js'
import { RateController } from '../http/rate-controller.js'
import { sendHttp, type HttpRequest, type HttpResponse, type SendOptions } from '../http/send.js'
import type { ManifestLines, Recorder } from '../report/manifest.js'
import type { Logger } from '../safety/logger.js'

export interface Runtime {
  logger: Logger
  /** Milliseconds since the epoch. */
  now: () => number
  /** The waits between retries and polls; ends early when the run is cancelled. */
  sleep: (ms: number) => Promise<void>
  /**
   * How a rate controller waits for a request's turn, on the same clock as `now`; ends early when
   * the run is cancelled. Tests that skip `sleep` keep this real, since their requests are real.
   */
  pace: (ms: number) => Promise<void>
  random: () => number
  send: (request: HttpRequest, options: SendOptions) => Promise<HttpResponse>
  cancellation: Cancellation
  /** Masks a secret that arrives mid-run (a token, temporary credentials) and puts it on the scrub list. */
  maskSecret: (secret: string) => void
  /** Every secret on the scrub list, in every form, taken out of a text (before it is ever shortened). */
  redact: (text: string) => string
  /** The job's OIDC token for an audience (core.getIDToken at the edge). */
  getIdToken: (audience: string) => Promise<string>
  /** The run's manifest: providers record what they found and changed, the pipeline the results. */
  manifest: Recorder & ManifestLines
}

/** The real runtime: wall clock, real sleeps (cut short by cancellation), node-fetch. */
export function realRuntime(
  edge: Pick<Runtime, 'logger' | 'cancellation' | 'maskSecret' | 'redact' | 'getIdToken' | 'manifest'>
): Runtime {
  const sleep = (ms: number) => edge.cancellation.sleep(ms)
  return {
    ...edge,
    now: Date.now,
    sleep,
    pace: sleep,
    random: Math.random,
    send: sendHttp
  }
}

/**
 * The run's pacing, which the pipeline owns and hands to a provider's connect(): one rate
 * controller per service (the account's budget), capped by max-rate unless the service is one the
 * cap is not for (STS's single exchange). The pipeline reads back how each service throttled.
 */
export class ServicePacing {
  private readonly services = new Map<string, ClientDeps>()

  constructor(
    private readonly runtime: Runtime,
    private readonly maxRate: number | undefined
  ) {}

  /** The deps of every call to `service`: the same rate controller each time it is asked for. */
  deps(service: string, { capped = true }: { capped?: boolean } = {}): ClientDeps {
    let deps = this.services.get(service)
    if (!deps) {
      deps = serviceDeps(this.runtime, service, capped ? this.maxRate : undefined)
      this.services.set(service, deps)
    }
    return deps
  }

  /** A line for each service that throttled the run: how often, and the rate it settled at. */
  throttling(): string[] {
    return [...this.services]
      .filter(([, deps]) => deps.limiter.throttled > 0)
      .map(([service, deps]) => `${service} throttling: ${deps.limiter.summary()}`)
  }
}

/**
 * A client's deps for one service: one rate controller shared by every call to it (the account's
 * budget), capped by max-rate, saying once in the log when the service starts to throttle.
 */
export function serviceDeps(runtime: Runtime, service: string, maxRate: number | undefined): ClientDeps {
  const cancelled = () => runtime.cancellation.requested
  const limiter = new RateController(runtime.now, runtime.pace, maxRate === undefined ? {} : { maxRate }, {
    cancelled,
    onThrottlingStarted: () =>
      runtime.logger.info(
        `${service} is throttling requests: flow-ops slows down to the rate it accepts (throttled calls are retried and do not use up max-attempts)`
      )
  })
  return {
    logger: runtime.logger,
    now: runtime.now,
    sleep: runtime.sleep,
    random: runtime.random,
    send: runtime.send,
    limiter,
    cancelled,
    redact: runtime.redact,
    signal: runtime.cancellation.signal
  }
}
