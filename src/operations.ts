/** Where operations are chosen: one line per operation. */
import { deleteFlows, previewDeleteFlows } from './alibaba/delete-flows.js'
import { defaultFnfDeps } from './alibaba/fnf.js'
import { defaultEnosDeps } from './enos/batch-processing.js'
import { cancelFlowInstances, previewCancelFlowInstances } from './enos/cancel-flow-instances.js'
import { proxyFor, redactProxyUrl } from './http/proxy.js'
import { DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS } from './http/retry.js'
import type { ActionConfig } from './inputs.js'
import type { Logger } from './logger.js'
import type { TargetResult } from './results.js'

/** What operations get from the edge: a logger, and a way to mask secrets that arrive mid-run. */
export interface EdgeDeps {
  logger: Logger
  maskSecret: (secret: string) => void
}

const RETRY_DELAYS = { retryBaseDelayMs: DEFAULT_BASE_DELAY_MS, retryMaxDelayMs: DEFAULT_MAX_DELAY_MS }

/** Says so when requests go through a proxy, so a self-hosted runner's set-up can be checked in the log. */
function logProxy(url: URL, logger: Logger): void {
  const proxy = proxyFor(url.href)
  if (proxy)
    logger.info(
      `Requests to ${url.host} go through the proxy ${redactProxyUrl(proxy)} (from *_PROXY; NO_PROXY bypasses it)`
    )
}

export async function runOperation(config: ActionConfig, edge: EdgeDeps): Promise<TargetResult[]> {
  logProxy(config.operation === 'delete' ? config.endpoint : config.apigw, edge.logger)
  switch (config.operation) {
    case 'delete': {
      const deps = defaultFnfDeps(edge.logger)
      return config.dryRun ? previewDeleteFlows(config, deps) : deleteFlows(config, { ...deps, ...RETRY_DELAYS })
    }
    case 'cancel': {
      const deps = defaultEnosDeps(edge.logger, edge.maskSecret)
      return config.dryRun
        ? previewCancelFlowInstances(config, deps)
        : cancelFlowInstances(config, { ...deps, ...RETRY_DELAYS })
    }
  }
}
