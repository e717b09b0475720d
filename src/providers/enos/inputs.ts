/** The inputs of operation: cancel (EnOS Batch Processing Service, Cancel Flow Instance) → its settings. */
import {
  checkCredential,
  describeValue,
  InputError,
  MissingInputsError,
  parseServiceUrl,
  readWithFallback,
  type InputSource
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

/** Ids such as o15000000000001 and u15426865866571. */
const ENOS_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

function checkEnosId(input: string, value: string, example: string): string {
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
 * The gateway, the app's credentials and the caller. `fromManifest`: the gateway a manifest's run
 * went to (a restore). A manifest is an artifact another job may have written, so it never decides
 * where the app's key and secret go: the run's own `apigw-url` is required.
 */
export function parseEnosConnection(
  source: InputSource,
  operation: string,
  fromManifest?: { apigw: string; file: string }
): EnosConnection {
  const apigwRaw = source.read('apigw-url')
  if (apigwRaw === '' && fromManifest) {
    throw new InputError(
      'from-manifest',
      `records the gateway ${describeValue(fromManifest.apigw)} (${fromManifest.file}), and a manifest never decides where the app's key and secret go. Set 'apigw-url' in the workflow to your EnOS API gateway (${describeValue(fromManifest.apigw.replace(/\/$/, ''))} if that is it)`
    )
  }
  const appKey = source.secret('app-key')
  const appSecret = source.secret('app-secret')
  const orgId = readWithFallback(source.read, source.env, 'org-id', 'ENOS_ORG_ID')
  const userId = readWithFallback(source.read, source.env, 'user-id', 'ENOS_USER_ID')
  // Everything missing is named at once: a run that fails on one, then the next, wastes a run each.
  const missing = [
    ...(apigwRaw === '' ? [{ input: 'apigw-url' }] : []),
    ...(appKey === '' ? [{ input: 'app-key', env: 'ENOS_APP_KEY' }] : []),
    ...(appSecret === '' ? [{ input: 'app-secret', env: 'ENOS_APP_SECRET' }] : []),
    ...(orgId === '' ? [{ input: 'org-id', env: 'ENOS_ORG_ID' }] : []),
    ...(userId === '' ? [{ input: 'user-id', env: 'ENOS_USER_ID' }] : [])
  ]
  if (missing.length > 0) {
    throw new MissingInputsError(missing, {
      context: ` with operation '${operation}'`,
      ways: "apigw-url is your EnOS API gateway's base URL (https://apim-gateway.example.com); app-key and app-secret are an application's access key and secret key (EnOS Management Console, Application Registration); org-id is the OU's id (o15000000000001) and user-id the id of the user the calls act as (u15426865866571)."
    })
  }
  const apigw = parseServiceUrl('apigw-url', apigwRaw, 'https://apim-gateway.example.com')
  checkCredential('app-key', 'ENOS_APP_KEY', appKey)
  checkCredential('app-secret', 'ENOS_APP_SECRET', appSecret)
  return {
    apigw,
    credentials: { appKey, appSecret },
    orgId: checkEnosId('org-id', orgId, 'o15000000000001'),
    userId: checkEnosId('user-id', userId, 'u15426865866571')
  }
}
