/**
 * Raw action inputs (with environment fallbacks) → a typed, validated configuration. Pure: it
 * takes a reader, the environment and a mask function, and throws InputError naming the input and
 * what is allowed. Every provider's secret inputs are masked before anything else happens; then
 * the common settings, the operation's provider's own inputs, and the proxy for each service.
 */
import { proxyPasswords, proxyUrlProblem, proxyVariableFor, redactProxyUrl } from '../http/proxy.js'
import { retryPolicy } from '../http/retry.js'
import {
  CONTROL_CHARACTERS,
  describeValue,
  InputError,
  MAX_TARGETS,
  parseBoolean,
  parseChoice,
  parseInteger,
  parseOptionalNumber,
  parseSeconds,
  readWithFallback,
  type Env,
  type InputReader,
  type InputSource,
  type SecretInput
} from './input-rules.js'
import type { ActionConfig, CommonSettings, ParsedSettings } from './settings.js'
import { VERSION } from '../http/version.js'

export { InputError, isLoopbackHost, type Env, type InputReader } from './input-rules.js'

export interface ParsedInputs {
  config: ActionConfig
  /** Things the user should know that do not stop the run. */
  warnings: string[]
}

/** One operation's own inputs, parsed into its settings and their scope (which services they call, …). */
export interface OperationInputs {
  /** The inputs it reads beyond the common ones: any other given is refused, not ignored. */
  readonly inputs: readonly string[]
  parseInputs(source: InputSource): ParsedSettings
}

/** The inputs every operation reads. */
export const COMMON_INPUTS: readonly string[] = [
  'operation',
  'max-targets',
  'max-attempts',
  'concurrency',
  'max-rate',
  'manifest-path',
  'wait',
  'wait-timeout',
  'dry-run',
  'timeout'
]

/** The environment variable the runner passes an input in (INPUT_FLOW-NAME for flow-name). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/**
 * An INPUT_ variable no operation declares: the runner passes it with only a warning, and
 * ignoring it could widen what is deleted (`older-than` on a version without it selects every flow
 * its pattern matches). Refused before anything is sent, naming the inputs this version has.
 */
function refuseUndeclared(env: Env, inputs: readonly string[]): void {
  const declared = new Set(inputs.map(inputVariable))
  for (const variable of Object.keys(env).sort()) {
    if (!variable.startsWith('INPUT_') || declared.has(variable)) continue
    const name = variable.slice('INPUT_'.length).toLowerCase()
    throw new InputError(
      name,
      `is not an input of flow-ops ${VERSION}, so it cannot be honoured (ignoring it could delete more than was meant). Check its spelling, or the version the workflow uses. The inputs of this version: ${[...inputs].sort().join(', ')}`
    )
  }
}

/**
 * An input of another operation, given with a value of its own: it would be ignored (flow-id with
 * operation delete, flow-name with cancel), so it is refused. Defaults, which the runner passes for
 * every input, are not given values.
 */
function refuseOthers(
  operation: string,
  own: readonly string[],
  read: InputReader,
  env: Env,
  catalogue: InputCatalogue,
  defaults: Readonly<Record<string, string>>
): void {
  const allowed = new Set([...COMMON_INPUTS, ...own])
  for (const name of catalogue.inputs) {
    if (allowed.has(name)) continue
    const value = read(name)
    if (value === '' || isDefault(value, defaults[name] ?? '', env)) continue
    const others = catalogue.operations.filter((op) => op !== operation && catalogue.reads(op, name))
    const whose =
      others.length > 0
        ? `an input of operation ${others.map((op) => `'${op}'`).join(' and ')}`
        : 'read by no operation'
    throw new InputError(
      name,
      `is ${whose}, not of '${operation}': it would be ignored, so it is refused. Leave it out, or use the operation it belongs to`
    )
  }
}

/**
 * Whether `value` is what the runner passes for an input that was not given: its default as
 * action.yml writes it, a boolean default in another of parseBoolean's spellings (False for
 * false: the same value, so refused or not alike), or a default expression as the runner
 * evaluates it (`flow-ops-${{ github.run_id }}` is flow-ops-<GITHUB_RUN_ID>).
 */
function isDefault(value: string, fallback: string, env: Env): boolean {
  if (value === fallback) return true
  if (fallback === 'true' || fallback === 'false') {
    return value === fallback.toUpperCase() || value === `${fallback[0]!.toUpperCase()}${fallback.slice(1)}`
  }
  if (!fallback.includes('${{')) return false
  const evaluated = evaluateDefault(fallback, env)
  return !evaluated.includes('${{') && value === evaluated
}

/**
 * A default as the runner evaluates it: each `${{ github.<key> }}` is the GITHUB_<KEY> variable
 * (`flow-ops-${{ github.run_id }}` is flow-ops-<GITHUB_RUN_ID>); outside a runner, where there is
 * none, `local`. The entry point fills in an absent input with it, and a value equal to it is a
 * default, not given.
 */
export function evaluateDefault(fallback: string, env: Env): string {
  return fallback.replace(
    /\$\{\{\s*github\.([a-z_]+)\s*\}\}/g,
    (_, key: string) => env[`GITHUB_${key.toUpperCase()}`] || 'local'
  )
}

/**
 * What parsing needs of the operations on offer, handed in by the entry point from the provider
 * registry (config/ knows no provider): their names, every secret input, and each one's inputs
 * with the provider that offers it (an operation several offer is chosen by what the inputs say).
 */
export interface InputCatalogue {
  operations: readonly string[]
  /** Every input some operation reads (the common ones and each provider's): any other is refused. */
  inputs: readonly string[]
  secretInputs: readonly SecretInput[]
  inputsOf(operation: string, source: InputSource): { provider: string; inputs: OperationInputs }
  /** Whether some provider's `operation` reads `input`. */
  reads(operation: string, input: string): boolean
}

/** manifest-path: a file path, or empty for a new file under RUNNER_TEMP (main.ts opens it). */
function parseManifestPath(raw: string): { manifestPath?: string } {
  if (raw === '') return {}
  if (CONTROL_CHARACTERS.test(raw) || raw.endsWith('/')) {
    throw new InputError('manifest-path', `must be a file path on the runner; got ${describeValue(raw)}`)
  }
  return { manifestPath: raw }
}

/** The inputs every operation has. */
function parseCommon(read: InputReader): CommonSettings {
  const maxRate = parseOptionalNumber('max-rate', read('max-rate'), { min: 0.1, max: 1000, unit: 'requests a second' })
  return {
    retry: retryPolicy(parseInteger('max-attempts', read('max-attempts'), { min: 1, max: 10, fallback: 3 })),
    timeoutMs: parseSeconds('timeout', read('timeout'), { min: 0.1, max: 600, fallback: 30 }),
    concurrency: parseInteger('concurrency', read('concurrency'), { min: 1, max: 32, fallback: 8 }),
    maxTargets: parseInteger('max-targets', read('max-targets'), { min: 1, max: MAX_TARGETS, fallback: 100 }),
    dryRun: parseBoolean('dry-run', read('dry-run')),
    wait: parseBoolean('wait', read('wait')),
    waitTimeoutMs: parseSeconds('wait-timeout', read('wait-timeout'), { min: 1, max: 21_600, fallback: 300 }),
    ...(maxRate !== undefined ? { maxRate } : {}),
    ...parseManifestPath(read('manifest-path'))
  }
}

export function parseInputs(
  catalogue: InputCatalogue,
  read: InputReader,
  env: Env,
  maskSecret: (value: string) => void,
  {
    runUrl,
    readFile,
    readFolder,
    now,
    defaults = {}
  }: {
    runUrl?: string | undefined
    readFile?: (path: string) => string
    readFolder?: (path: string) => string[] | undefined
    now?: () => number
    /** action.yml's defaults: what the runner passes for an input not given, which is not refused as given. */
    defaults?: Readonly<Record<string, string>>
  } = {}
): ParsedInputs {
  // Mask first, before any message could carry a value.
  const secrets = new Map<string, string>()
  for (const [input, envName] of catalogue.secretInputs) {
    const value = readWithFallback(read, env, input, envName)
    if (value !== '') maskSecret(value)
    secrets.set(input, value)
  }
  for (const password of proxyPasswords(env)) maskSecret(password)
  refuseUndeclared(env, catalogue.inputs)
  const warnings: string[] = []
  const source: InputSource = {
    read,
    env,
    secret: (input) => secrets.get(input) ?? '',
    warn: (message) => void warnings.push(message),
    ...(runUrl ? { runUrl } : {}),
    ...(readFile ? { readFile } : {}),
    ...(readFolder ? { readFolder } : {}),
    ...(now ? { now } : {})
  }
  const operation = parseChoice('operation', read('operation'), catalogue.operations)
  const { provider, inputs } = catalogue.inputsOf(operation, source)
  refuseOthers(operation, inputs.inputs, read, env, catalogue, defaults)
  const { settings, scope } = inputs.parseInputs(source)
  const common = parseCommon(read)
  for (const url of scope.serviceUrls) checkProxy(url, env)
  return { config: { operation, provider, settings, scope, common }, warnings }
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
