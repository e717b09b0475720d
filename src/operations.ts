/** Where operations are chosen: one line per operation. */
import { deleteFlows } from './alibaba/delete-flows.js'
import { defaultFnfDeps } from './alibaba/fnf.js'
import { defaultEnosDeps } from './enos/batch-processing.js'
import { cancelFlowInstances } from './enos/cancel-flow-instances.js'
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

export function runOperation(config: ActionConfig, edge: EdgeDeps): Promise<TargetResult[]> {
  switch (config.operation) {
    case 'delete':
      return deleteFlows(config, { ...defaultFnfDeps(edge.logger), ...RETRY_DELAYS })
    case 'cancel':
      return cancelFlowInstances(config, { ...defaultEnosDeps(edge.logger, edge.maskSecret), ...RETRY_DELAYS })
  }
}
