/** The inputs of operation: cancel (EnOS Batch Processing Service, Cancel Flow Instance) → its settings. */
import {
  checkCredential,
  describeValue,
  InputError,
  parseServiceUrl,
  readWithFallback,
  type InputSource,
  type SecretInput
} from '../../config/input-rules.js'
import type { EnosCaller, EnosCredentials } from './request.js'
import { parseInstanceTargets, type InstanceTargets } from './target-inputs.js'

/** Where requests go, as whom, and the app's credentials: what every EnOS operation needs. */
export interface EnosConnection extends EnosCaller {
  apigw: URL
  credentials: EnosCredentials
}

/** What operation: cancel needs, validated. */
export interface EnosSettings extends EnosConnection, InstanceTargets {}

/** Where an EnOS run goes and as whom: every EnOS operation reads these. */
export const ENOS_CONNECTION_INPUTS: readonly string[] = ['apigw-url', 'app-key', 'app-secret', 'org-id', 'user-id']

/** What operation: cancel reads. */
export const CANCEL_INPUTS: readonly string[] = [
  'flow-instance-id',
  'flow-id',
  'lookback-hours',
  'disable-flow',
  ...ENOS_CONNECTION_INPUTS
]

export const ENOS_SECRET_INPUTS: readonly SecretInput[] = [
  ['app-key', 'ENOS_APP_KEY'],
  ['app-secret', 'ENOS_APP_SECRET']
]

/** Ids such as o15000000000001 and u15426865866571. */
const ENOS_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

function readEnosId(source: InputSource, input: string, envName: string, example: string, operation: string): string {
  const value = readWithFallback(source.read, source.env, input, envName)
  if (value === '') {
    throw new InputError(
      input,
      `is required with operation '${operation}': set it or the ${envName} environment variable`
    )
  }
  if (!ENOS_ID_PATTERN.test(value)) {
    throw new InputError(
      input,
      `must be an EnOS id such as ${example} (letters, digits, _ or -); got ${describeValue(value)}`
    )
  }
  return value
}

export function parseEnosInputs(source: InputSource): EnosSettings {
  const targets = parseInstanceTargets(source)
  return { ...targets, ...parseEnosConnection(source, 'cancel') }
}

/**
 * The gateway, the app's credentials and the caller. `fromApigw`: the gateway of a manifest's run,
 * which a restore goes to unless `apigw-url` says otherwise.
 */
export function parseEnosConnection(source: InputSource, operation: string, fromApigw?: URL): EnosConnection {
  const apigwRaw = source.read('apigw-url')
  if (apigwRaw === '' && !fromApigw) {
    throw new InputError(
      'apigw-url',
      `is required with operation '${operation}': your EnOS API gateway's base URL, such as https://apim-gateway.example.com`
    )
  }
  const apigw =
    apigwRaw === '' ? fromApigw! : parseServiceUrl('apigw-url', apigwRaw, 'https://apim-gateway.example.com')
  const appKey = source.secret('app-key')
  const appSecret = source.secret('app-secret')
  checkCredential('app-key', 'ENOS_APP_KEY', appKey)
  checkCredential('app-secret', 'ENOS_APP_SECRET', appSecret)
  return {
    apigw,
    credentials: { appKey, appSecret },
    orgId: readEnosId(source, 'org-id', 'ENOS_ORG_ID', 'o15000000000001', operation),
    userId: readEnosId(source, 'user-id', 'ENOS_USER_ID', 'u15426865866571', operation)
  }
}
