/**
 * The rules every input is read by: booleans, numbers, choices, URLs, lists of targets and
 * credentials, each refused with an InputError that names the input and says what is allowed.
 * Pure; shared by both providers' input parsers.
 */
import { CONTROL_CHARACTERS } from '../safety/untrusted.js'

/** Reads one input as the runner gives it (core.getInput: trimmed, '' when absent). */
export type InputReader = (name: string) => string
export type Env = Readonly<Record<string, string | undefined>>

/** What a provider's input parser reads from: inputs, the environment, secrets already masked. */
export interface InputSource {
  read: InputReader
  env: Env
  /** The value of a secret input (or its environment fallback), read and masked before parsing began. */
  secret: (input: string) => string
  warn: (message: string) => void
  /** This workflow run's page, when the runner says which run this is (a provider may name it in what it sends). */
  runUrl?: string
  /** A file's text (from-manifest); throws as fs.readFileSync does. Absent where no file may be read. */
  readFile?: (path: string) => string
  /** A folder's entries, or undefined when the path is not a folder (a folder of manifests, from-manifest). */
  readFolder?: (path: string) => string[] | undefined
  /** The runner's clock (a time input in the future is refused against it). */
  now?: () => number
}

/** A secret input and the environment variable it falls back to. */
export type SecretInput = readonly [input: string, env: string]

export class InputError extends Error {
  constructor(
    readonly input: string,
    detail: string,
    /** What `input` names: an action input, or an environment variable the action reads. */
    kind: 'Input' | 'Environment variable' = 'Input'
  ) {
    super(`${kind} '${input}' ${detail}`)
    this.name = 'InputError'
  }
}

/**
 * Several required inputs missing at once, named together with the ways each can be given, so
 * that one run says everything that is missing (`input` names the first).
 */
export class MissingInputsError extends InputError {
  constructor(missing: readonly { input: string; env?: string }[], { context = '', ways = '' } = {}) {
    super(missing[0]!.input, '')
    const list = (items: readonly string[]) =>
      items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`
    const one = missing.length === 1
    const routes = missing.map((m) => (m.env ? `${m.input} or ${m.env}` : m.input))
    this.message = `${one ? 'Input' : 'Inputs'} ${list(missing.map((m) => `'${m.input}'`))} ${one ? 'is' : 'are'} required${context} and not given. Give ${one ? 'it' : 'each'} as an input (secrets from \${{ secrets.NAME }})${missing.some((m) => m.env) ? ` or in its environment variable: ${routes.join(', ')}` : ''}.${ways ? ` ${ways}` : ''}`
  }
}

export const MAX_TARGETS = 1000
/** The characters no input may hold: the same set that text from a service has escaped. */
export { CONTROL_CHARACTERS }

/** The longest value an error quotes; a longer one is only measured. */
const QUOTED_VALUE = 200

/**
 * A value shown in an error: quoted, escaped so control characters are visible; whole or not at
 * all, never cut, since a cut piece of a secret in it (a GitHub secret put into an input) would be
 * masked neither by the runner nor by flow-ops, which both know only whole values.
 */
export function describeValue(value: string): string {
  if (value.length > QUOTED_VALUE) return `a value of ${value.length} characters (too long to quote)`
  return JSON.stringify(value)
}

export function readWithFallback(read: InputReader, env: Env, input: string, envName: string): string {
  return read(input) || (env[envName] ?? '').trim()
}

/**
 * A boolean input. Empty is refused, as core.getBooleanInput does: every boolean has a default in
 * action.yml, so an empty value was given on purpose, most likely as an expression that came out
 * empty (`dry-run: ${{ inputs.dry-run }}` with no such input), and reading it as false could
 * delete for real when a dry run was meant.
 */
export function parseBoolean(input: string, raw: string): boolean {
  if (raw === '') {
    throw new InputError(
      input,
      `must be true or false; got an empty value. If it comes from an expression such as \${{ inputs.${input} }}, check that what it names is defined and set; or leave '${input}' out to use its default.`
    )
  }
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

/** An optional positive number ("2", "0.5"), or undefined when empty. */
export function parseOptionalNumber(
  input: string,
  raw: string,
  { min, max, unit }: { min: number; max: number; unit: string }
): number | undefined {
  if (raw === '') return undefined
  if (!/^\d+(?:\.\d+)?$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new InputError(
      input,
      `must be a number of ${unit} from ${min} to ${max}, or empty; got ${describeValue(raw)}`
    )
  }
  return Number(raw)
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
export function parseServiceUrl(input: string, raw: string, example: string): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InputError(input, `must be a URL such as ${example}; got ${describeValue(raw)}`)
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

/** A credential: required unless said otherwise, one line of printable characters, of a sane length. */
export function checkCredential(
  input: string,
  envName: string,
  value: string,
  { required = true, maxLength = 4096 }: { required?: boolean; maxLength?: number } = {}
): void {
  if (value === '' && required) {
    throw new InputError(input, `is required: set it (from a secret) or the ${envName} environment variable`)
  }
  // The value is never shown: it is a secret.
  if (CONTROL_CHARACTERS.test(value) || /\s/.test(value)) {
    throw new InputError(input, 'contains white space or control characters; paste the value again without line breaks')
  }
  if (value.length > maxLength) {
    throw new InputError(input, `is longer than ${maxLength} characters; check that it is the right value`)
  }
  // Masked in every log line, a value this short would take ordinary words with it (and be guessed from the gaps).
  if (value !== '' && value.length < MIN_CREDENTIAL_LENGTH) {
    throw new InputError(
      input,
      `is ${value.length} characters long: a credential shorter than ${MIN_CREDENTIAL_LENGTH} cannot be masked in logs without masking ordinary text. Check that it is the right value (real keys and secrets are longer)`
    )
  }
}

/** The shortest credential flow-ops accepts: a shorter one could not be masked safely. */
export const MIN_CREDENTIAL_LENGTH = 8

/** One input that lists targets: its name, what one target is called, and the check each line passes. */
export interface TargetList {
  input: string
  noun: string
  validate: (value: string, line: number) => void
}

/**
 * Targets named one per line, and a selector's own list (patterns, flow ids): the names are
 * required, as `whenMissing` says, unless the selector is given.
 */
export function parseNamedOrSelected(
  source: InputSource,
  selector: TargetList,
  named: TargetList & { whenMissing: string }
): { selected: string[]; named: string[] } {
  const selected = parseTargets(source, selector.input, selector)
  const { whenMissing, ...optional } = named
  return {
    selected,
    named: parseTargets(source, named.input, selected.length > 0 ? optional : { ...optional, whenMissing })
  }
}

/**
 * A list of targets, one per line: blank lines dropped, duplicates kept once with a warning, at
 * most MAX_TARGETS, each checked by `validate` (given the value and its 1-based line). Required
 * (at least one) when `whenMissing` says what to give; else it may be empty.
 */
export function parseTargets(
  source: InputSource,
  input: string,
  {
    noun,
    whenMissing,
    validate
  }: { noun: string; whenMissing?: string; validate: (value: string, line: number) => void }
): string[] {
  const { values, duplicates } = parseLines(source.read(input))
  if (values.length === 0 && whenMissing !== undefined) throw new InputError(input, `is required ${whenMissing}`)
  if (values.length > MAX_TARGETS) {
    throw new InputError(input, `lists ${values.length} ${noun}s; at most ${MAX_TARGETS} in one step`)
  }
  values.forEach((value, index) => validate(value, index + 1))
  if (duplicates.length > 0) {
    source.warn(`${input} lists ${duplicates.map(describeValue).join(', ')} more than once; each is handled once`)
  }
  return values
}
