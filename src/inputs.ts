/**
 * Raw action inputs (with environment fallbacks) → a typed, validated configuration. Pure: it
 * takes a reader, the environment and a mask function, and throws InputError naming the input and
 * what is allowed. Every secret is masked before anything else happens; then the operation picks
 * its provider's parser.
 */
import type { DeleteFlowsConfig } from './alibaba/delete-flows.js'
import { ALIBABA_SECRET_INPUTS, parseDeleteInputs } from './alibaba/inputs.js'
import type { CancelFlowInstancesConfig } from './enos/cancel-flow-instances.js'
import { ENOS_SECRET_INPUTS, parseCancelInputs } from './enos/inputs.js'
import { proxyPasswords } from './http/proxy.js'
import {
  parseBoolean,
  parseChoice,
  parseInteger,
  parseSeconds,
  readWithFallback,
  type CommonSettings,
  type Env,
  type InputReader,
  type InputSource
} from './input-rules.js'

export { InputError, isLoopbackHost, type Env, type InputReader } from './input-rules.js'

export type ActionConfig = DeleteFlowsConfig | CancelFlowInstancesConfig

export interface ParsedInputs {
  config: ActionConfig
  /** Things the user should know that do not stop the run. */
  warnings: string[]
}

export const OPERATIONS = ['delete', 'cancel'] as const

export function parseInputs(read: InputReader, env: Env, maskSecret: (value: string) => void): ParsedInputs {
  // Mask first, before any message could carry a value.
  const secrets = new Map<string, string>()
  for (const [input, envName] of [...ALIBABA_SECRET_INPUTS, ...ENOS_SECRET_INPUTS]) {
    const value = readWithFallback(read, env, input, envName)
    if (value !== '') maskSecret(value)
    secrets.set(input, value)
  }
  for (const password of proxyPasswords(env)) maskSecret(password)
  const warnings: string[] = []
  const source: InputSource = {
    read,
    env,
    secret: (input) => secrets.get(input) ?? '',
    warn: (message) => void warnings.push(message)
  }

  const common = (): CommonSettings => ({
    maxAttempts: parseInteger('max-attempts', read('max-attempts'), { min: 1, max: 10, fallback: 3 }),
    timeoutMs: parseSeconds('timeout', read('timeout'), { min: 0.1, max: 600, fallback: 30 }),
    concurrency: parseInteger('concurrency', read('concurrency'), { min: 1, max: 32, fallback: 8 }),
    dryRun: parseBoolean('dry-run', read('dry-run'), false),
    wait: parseBoolean('wait', read('wait'), false),
    waitTimeoutMs: parseSeconds('wait-timeout', read('wait-timeout'), { min: 1, max: 21_600, fallback: 300 })
  })
  const operation = parseChoice('operation', read('operation'), OPERATIONS)
  const config: ActionConfig =
    operation === 'delete'
      ? { operation, ...parseDeleteInputs(source), ...common() }
      : { operation, ...parseCancelInputs(source), ...common() }
  return { config, warnings }
}
