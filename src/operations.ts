/** Where operations are chosen: one line per operation. */
import { deleteFlows } from './alibaba/delete-flows.js'
import { defaultFnfDeps } from './alibaba/fnf.js'
import { DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS } from './http/retry.js'
import type { ActionConfig } from './inputs.js'
import type { Logger } from './logger.js'
import type { TargetResult } from './results.js'

export function runOperation(config: ActionConfig, logger: Logger): Promise<TargetResult[]> {
  switch (config.operation) {
    case 'delete':
      return deleteFlows(config, {
        ...defaultFnfDeps(logger),
        retryBaseDelayMs: DEFAULT_BASE_DELAY_MS,
        retryMaxDelayMs: DEFAULT_MAX_DELAY_MS
      })
  }
}
