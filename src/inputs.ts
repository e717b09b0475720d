/**
 * Raw action inputs (with environment fallbacks) → a typed, validated configuration. Pure: it
 * takes a reader, the environment and a mask function, and throws InputError naming the input
 * and what is allowed. Secrets are masked before anything else happens.
 */
import { fnfEndpointForRegion, isKnownFnfRegion, REGION_PATTERN } from './alibaba/endpoint.js'
import type { DeleteFlowsConfig } from './alibaba/delete-flows.js'

/** Reads one input as the runner gives it (core.getInput: trimmed, '' when absent). */
export type InputReader = (name: string) => string
export type Env = Readonly<Record<string, string | undefined>>

export type ActionConfig = DeleteFlowsConfig

export interface ParsedInputs {
  config: ActionConfig
  /** Things the user should know that do not stop the run. */
  warnings: string[]
}

export class InputError extends Error {
  constructor(
    readonly input: string,
    detail: string
  ) {
    super(`Input '${input}' ${detail}`)
    this.name = 'InputError'
  }
}

export const OPERATIONS = ['delete', 'cancel'] as const
export const MAX_TARGETS = 1000
export const MAX_FLOW_NAME_LENGTH = 128
/** Serverless Workflow's documented naming rule. */
const FLOW_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

/** Inputs whose values are secret, with their environment fallbacks. */
const SECRET_INPUTS: readonly (readonly [input: string, env: string])[] = [
  ['access-key-id', 'ALIBABA_CLOUD_ACCESS_KEY_ID'],
  ['access-key-secret', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'],
  ['security-token', 'ALIBABA_CLOUD_SECURITY_TOKEN']
]

/** A value shown in an error: quoted, escaped so control characters are visible, and short. */
export function describeValue(value: string): string {
  const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value
  return JSON.stringify(shown)
}

function readWithFallback(read: InputReader, env: Env, input: string, envName: string): string {
  return read(input) || (env[envName] ?? '').trim()
}

export function parseBoolean(input: string, raw: string, fallback: boolean): boolean {
  if (raw === '') return fallback
  // YAML 1.2 core schema spellings only, as @actions/core and aws-actions do.
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE'].includes(raw)) return false
  throw new InputError(input, `must be true or false; got ${describeValue(raw)}`)
}

export function parseInteger(
  input: string,
  raw: string,
  { min, max, fallback }: { min: number; max: number; fallback: number }
): number {
  if (raw === '') return fallback
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new InputError(input, `must be a whole number from ${min} to ${max}; got ${describeValue(raw)}`)
  }
  return Number(raw)
}

/** Seconds, whole or decimal ("30", "2.5"), returned in milliseconds. */
export function parseSeconds(
  input: string,
  raw: string,
  { min, max, fallback }: { min: number; max: number; fallback: number }
): number {
  if (raw === '') return fallback * 1000
  if (!/^\d+(?:\.\d+)?$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new InputError(input, `must be a number of seconds from ${min} to ${max}; got ${describeValue(raw)}`)
  }
  return Math.round(Number(raw) * 1000)
}

export function parseChoice<T extends string>(input: string, raw: string, allowed: readonly T[], fallback?: T): T {
  const value = raw.toLowerCase()
  if (value === '' && fallback !== undefined) return fallback
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new InputError(
    input,
    value === ''
      ? `is required: one of ${allowed.join(', ')}`
      : `must be one of ${allowed.join(', ')}; got ${describeValue(raw)}`
  )
}

/** 127.0.0.0/8, localhost and ::1: the only hosts plain http may go to. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host)
}

/** A service base URL: https anywhere, http only to loopback; no credentials, path, query or fragment. */
export function parseServiceUrl(input: string, raw: string): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InputError(input, `must be a URL such as https://cn-hangzhou.fnf.aliyuncs.com; got ${describeValue(raw)}`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(input, `must use https://; got ${describeValue(url.protocol)}`)
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new InputError(
      input,
      `must use https://; plain http:// is allowed only for loopback hosts (127.0.0.0/8, localhost, ::1), not ${describeValue(url.hostname)}`
    )
  }
  if (url.username || url.password) {
    throw new InputError(input, 'must not contain a user name or password')
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new InputError(input, `must be a base URL with no path, query or fragment, such as ${url.origin}`)
  }
  return url
}

/** One value per line; blank lines dropped, each line trimmed, duplicates kept once (first wins). */
export function parseLines(raw: string): { values: string[]; duplicates: string[] } {
  const values: string[] = []
  const duplicates: string[] = []
  for (const line of raw.split('\n')) {
    const value = line.trim()
    if (value === '') continue
    if (values.includes(value)) duplicates.push(value)
    else values.push(value)
  }
  return { values, duplicates }
}

export function validateFlowName(name: string, line: number): void {
  const where = `line ${line}`
  if (CONTROL_CHARACTERS.test(name)) {
    throw new InputError(
      'flow-name',
      `${where} contains a control character (${describeValue(name)}); flow names are letters, digits, _ and -`
    )
  }
  if (name.length > MAX_FLOW_NAME_LENGTH) {
    throw new InputError(
      'flow-name',
      `${where} is ${name.length} characters long; flow names are at most ${MAX_FLOW_NAME_LENGTH}`
    )
  }
  if (!FLOW_NAME_PATTERN.test(name)) {
    throw new InputError(
      'flow-name',
      `${where} is not a valid flow name: ${describeValue(name)}; a flow name starts with a letter or _ and has only letters, digits, _ and -`
    )
  }
}

/** A credential value: required (unless optional), and one line of printable characters. */
function checkCredential(input: string, envName: string, value: string, required: boolean): void {
  if (value === '' && required) {
    throw new InputError(input, `is required: set it (from a secret) or the ${envName} environment variable`)
  }
  // The value is never shown: it is a secret.
  if (CONTROL_CHARACTERS.test(value) || /\s/.test(value)) {
    throw new InputError(input, 'contains white space or control characters; paste the value again without line breaks')
  }
  if (value.length > 4096 && input !== 'security-token') {
    throw new InputError(input, 'is longer than 4096 characters; it is not an AccessKey value')
  }
}

export function parseInputs(read: InputReader, env: Env, maskSecret: (value: string) => void): ParsedInputs {
  // Mask first, before any message could carry a value.
  const secrets = new Map<string, string>()
  for (const [input, envName] of SECRET_INPUTS) {
    const value = readWithFallback(read, env, input, envName)
    if (value !== '') maskSecret(value)
    secrets.set(input, value)
  }
  const warnings: string[] = []

  const operation = parseChoice('operation', read('operation'), OPERATIONS)
  if (operation === 'cancel') {
    throw new InputError(
      'operation',
      "is 'cancel' (EnOS Batch Processing), which this version of flow-ops does not support yet; supported now: delete"
    )
  }

  const { values: flowNames, duplicates } = parseLines(read('flow-name'))
  if (flowNames.length === 0) {
    throw new InputError(
      'flow-name',
      "is required with operation 'delete': the name of the flow to delete, one per line"
    )
  }
  if (flowNames.length > MAX_TARGETS) {
    throw new InputError('flow-name', `lists ${flowNames.length} flows; at most ${MAX_TARGETS} in one step`)
  }
  flowNames.forEach((name, index) => validateFlowName(name, index + 1))
  if (duplicates.length > 0) {
    warnings.push(
      `flow-name lists ${duplicates.map(describeValue).join(', ')} more than once; each flow is deleted once`
    )
  }

  const region = readWithFallback(read, env, 'region', 'ALIBABA_CLOUD_REGION_ID').toLowerCase()
  const endpointRaw = read('endpoint')
  if (region !== '' && !REGION_PATTERN.test(region)) {
    throw new InputError(
      'region',
      `must be a region id such as cn-hangzhou or ap-southeast-1; got ${describeValue(region)}`
    )
  }
  let endpoint: URL
  if (endpointRaw !== '') {
    endpoint = parseServiceUrl('endpoint', endpointRaw)
  } else if (region !== '') {
    endpoint = fnfEndpointForRegion(region)
    if (!isKnownFnfRegion(region)) {
      warnings.push(
        `region '${region}' is not one of the regions with a documented public Serverless Workflow endpoint; trying ${endpoint.origin}`
      )
    }
  } else {
    throw new InputError(
      'region',
      'is required: a region id such as cn-hangzhou (or set ALIBABA_CLOUD_REGION_ID, or give a full endpoint)'
    )
  }

  const accessKeyId = secrets.get('access-key-id') ?? ''
  const accessKeySecret = secrets.get('access-key-secret') ?? ''
  const securityToken = secrets.get('security-token') ?? ''
  checkCredential('access-key-id', 'ALIBABA_CLOUD_ACCESS_KEY_ID', accessKeyId, true)
  checkCredential('access-key-secret', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', accessKeySecret, true)
  checkCredential('security-token', 'ALIBABA_CLOUD_SECURITY_TOKEN', securityToken, false)
  if (accessKeyId.startsWith('STS.') && securityToken === '') {
    warnings.push(
      'access-key-id is a temporary STS key but no security-token was given; the service will likely refuse it'
    )
  }

  const signatureVersion = parseChoice('signature-version', read('signature-version'), ['v1', 'v3'] as const, 'v1')

  const requestId = read('request-id')
  if (requestId !== '' && !REQUEST_ID_PATTERN.test(requestId)) {
    throw new InputError(
      'request-id',
      `must be 1-100 letters, digits, '.', '_', ':' or '-'; got ${describeValue(requestId)}`
    )
  }

  return {
    config: {
      operation,
      flowNames,
      region,
      endpoint,
      credentials: { accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}) },
      signatureVersion,
      ...(requestId ? { requestId } : {}),
      ignoreNotFound: parseBoolean('ignore-not-found', read('ignore-not-found'), false),
      maxAttempts: parseInteger('max-attempts', read('max-attempts'), { min: 1, max: 10, fallback: 3 }),
      timeoutMs: parseSeconds('timeout', read('timeout'), { min: 0.1, max: 600, fallback: 30 })
    },
    warnings
  }
}
