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
import { proxyPasswords, proxyUrlProblem, proxyVariableFor, redactProxyUrl } from './http/proxy.js'
import {
  describeValue,
  InputError,
  parseBoolean,
  parseChoice,
  parseInteger,
  parseOptionalNumber,
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

  const maxRate = parseOptionalNumber('max-rate', read('max-rate'), { min: 0.1, max: 1000, unit: 'requests a second' })
  const common = (): CommonSettings => ({
    ...(maxRate !== undefined ? { maxRate } : {}),
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
  for (const url of serviceUrls(config)) checkProxy(url, env)
  return { config, warnings }
}

/** Every service the run may call. */
function serviceUrls(config: ActionConfig): URL[] {
  if (config.operation === 'cancel') return [config.apigw]
  return config.oidc ? [config.endpoint, config.oidc.stsEndpoint] : [config.endpoint]
}

/**
 * A proxy variable that applies to a service URL must be a URL https-proxy-agent can use; a
 * broken one is refused before anything is sent, naming the variable (its value may hold a
 * password, so it is shown only without one).
 */
function checkProxy(url: URL, env: Env): void {
  const variable = proxyVariableFor(url, env)
  if (!variable) return
  const problem = proxyUrlProblem(variable.value, url.protocol.replace(/:$/, ''))
  if (problem) {
    const shown = redactProxyUrl(variable.value)
    throw new InputError(
      variable.name,
      `${problem}${shown.startsWith('(') ? '' : ` (${describeValue(shown)})`}: requests to ${url.host} would go through it. Set it to a proxy URL such as http://proxy.example.com:3128, or unset it.`,
      'Environment variable'
    )
  }
}
