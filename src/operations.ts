/** Where operations are chosen: one line per operation. */
import { runDeleteOperation } from './alibaba/delete-flows.js'
import { runCancelOperation } from './enos/cancel-flow-instances.js'
import { proxyFor, redactProxyUrl } from './http/proxy.js'
import { DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS, type RetryDelays } from './http/retry.js'
import type { ActionConfig } from './inputs.js'
import type { Cancellation } from './cancellation.js'
import type { Logger } from './logger.js'
import type { TargetLedger } from './targets.js'
import type { TargetResult } from './results.js'

/**
 * What operations get from the edge: a logger, masking for secrets that arrive mid-run, the job's
 * OIDC token, the run's cancellation (SIGINT/SIGTERM) and the ledger where every target's state is
 * kept, so that a cancelled run can still report each one.
 */
export interface EdgeDeps {
  logger: Logger
  maskSecret: (secret: string) => void
  getIdToken: (audience: string) => Promise<string>
  cancellation: Cancellation
  ledger: TargetLedger
}

const RETRY_DELAYS: RetryDelays = { retryBaseDelayMs: DEFAULT_BASE_DELAY_MS, retryMaxDelayMs: DEFAULT_MAX_DELAY_MS }

/** Says so when requests go through a proxy, so a self-hosted runner's set-up can be checked in the log. */
function logProxy(url: URL, logger: Logger): void {
  const proxy = proxyFor(url.href)
  if (proxy) {
    logger.info(
      `Requests to ${url.host} go through the proxy ${redactProxyUrl(proxy)} (from *_PROXY; NO_PROXY bypasses it)`
    )
  }
}

export async function runOperation(config: ActionConfig, edge: EdgeDeps): Promise<TargetResult[]> {
  logProxy(config.operation === 'delete' ? config.endpoint : config.apigw, edge.logger)
  switch (config.operation) {
    case 'delete':
      return runDeleteOperation(config, edge, RETRY_DELAYS)
    case 'cancel':
      return runCancelOperation(config, edge, RETRY_DELAYS)
  }
}
