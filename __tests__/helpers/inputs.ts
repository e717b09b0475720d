/** parseInputs as the tests call it: from a map of inputs over a valid delete (or cancel), recording what was masked. */
import type { AlibabaSettings } from '../../src/providers/alibaba/inputs.js'
import type { EnosSettings } from '../../src/providers/enos/inputs.js'
import { InputError, parseInputs, type Env, type InputReader } from '../../src/config/inputs.js'
import { INPUT_CATALOGUE, loadEveryOperation } from '../../src/providers/index.js'
import { actionDefaults } from './run-action.js'

// Parsing needs the chosen operation's code, which the entry point loads on demand.
await loadEveryOperation()

export const VALID_DELETE: Record<string, string> = {
  operation: 'delete',
  'flow-name': 'my-flow',
  region: 'cn-hangzhou',
  'access-key-id': 'test-key-id',
  'access-key-secret': 'test-key-secret',
  'signature-version': 'v1',
  'ignore-not-found': 'false',
  'max-attempts': '3',
  timeout: '30'
}

export const VALID_CANCEL: Record<string, string> = {
  operation: 'cancel',
  'flow-name': '',
  region: '',
  'access-key-id': '',
  'access-key-secret': '',
  'flow-instance-id': '2438-201908081020',
  'apigw-url': 'https://apim.example.com',
  'app-key': 'app-key-1',
  'app-secret': 'app-secret-1',
  'org-id': 'o15000000000001',
  'user-id': 'u15000000000002'
}

/** action.yml's defaults, which the runner passes for every input not given. */
export const DEFAULTS = actionDefaults()

/** Inputs as the action reads them on a runner: what is given (an undefined value as empty), else action.yml's default. */
export function readerOver(inputs: Record<string, string | undefined>): InputReader {
  return (name) => (name in inputs ? (inputs[name] ?? '') : (DEFAULTS[name] ?? '')).trim()
}

export function parse(
  inputs: Record<string, string | undefined>,
  env: Env = {},
  base = VALID_DELETE,
  runUrl?: string,
  files: Record<string, string> = {}
) {
  const read = readerOver({ ...base, ...inputs })
  const masked: string[] = []
  const readFile = (file: string) => {
    const text = files[file]
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' })
    return text
  }
  // A folder is any prefix of the files' paths up to a '/': its entries are what follows.
  const readFolder = (dir: string) => {
    const prefix = `${dir.replace(/\/+$/, '')}/`
    const entries = Object.keys(files)
      .filter((file) => file.startsWith(prefix))
      .map((file) => file.slice(prefix.length))
    return entries.length > 0 ? entries : undefined
  }
  try {
    return {
      ...parseInputs(INPUT_CATALOGUE, read, env, (s) => masked.push(s), {
        runUrl,
        readFile,
        readFolder,
        defaults: DEFAULTS
      }),
      masked,
      error: undefined
    }
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    return { config: undefined, warnings: [], masked, error }
  }
}

/** A valid delete's configuration, its settings narrowed to the provider's type. */
export function parseDelete(inputs: Record<string, string | undefined>, env: Env = {}, runUrl?: string) {
  const result = parse(inputs, env, VALID_DELETE, runUrl)
  if (result.config?.operation !== 'delete')
    throw new Error(`expected a delete configuration: ${result.error?.message}`)
  return {
    ...result,
    config: result.config,
    settings: result.config.settings as AlibabaSettings,
    common: result.config.common
  }
}

/** A valid cancel's configuration, its settings narrowed to the provider's type. */
export function parseCancel(inputs: Record<string, string | undefined>, env: Env = {}) {
  const result = parse(inputs, env, VALID_CANCEL)
  if (result.config?.operation !== 'cancel')
    throw new Error(`expected a cancel configuration: ${result.error?.message}`)
  return {
    ...result,
    config: result.config,
    settings: result.config.settings as EnosSettings,
    common: result.config.common
  }
}

export function errorOf(inputs: Record<string, string | undefined>, env: Env = {}, base = VALID_DELETE): InputError {
  const { error } = parse(inputs, env, base)
  if (!error) throw new Error('expected an InputError')
  return error
}
