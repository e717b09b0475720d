/** The inputs of operation: delete (Alibaba Cloud Serverless Workflow DeleteFlow) → its settings. */
import {
  checkCredential,
  describeValue,
  InputError,
  MissingInputsError,
  parseBoolean,
  parseChoice,
  parseServiceUrl,
  readWithFallback,
  type InputSource
} from '../../config/input-rules.js'
import type { AlibabaAuth } from './credentials.js'
import { fnfEndpointForRegion, isKnownFnfRegion, REGION_PATTERN } from './endpoint.js'
import type { SignatureVersion } from './request.js'
import { FROM_MANIFEST } from '../manifest-input.js'
import { planTargets, reviewedPlan, type ReviewedPlan } from './plan.js'
import { parseFlowTargets, type FlowTargets } from './target-inputs.js'
import { parseOidcRole } from './oidc-inputs.js'

/** Where requests go and how they are signed: what every Alibaba operation needs. */
export interface AlibabaConnection {
  /** Empty when only an endpoint was given. */
  region: string
  endpoint: URL
  auth: AlibabaAuth
  signatureVersion: SignatureVersion
}

/** What operation: delete needs, validated. */
export interface AlibabaSettings extends FlowTargets, AlibabaConnection {
  /** Applying a reviewed plan (from-manifest): each flow as the plan found it. */
  plan?: ReviewedPlan
  /** Sent as DeleteFlow's RequestId (with several flows, `<id>-<n>`). */
  requestId?: string
  ignoreNotFound: boolean
  /** Each flow's definition and schedules in the manifest before its first change (DescribeFlow, ListSchedules). */
  backup: boolean
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/
/** STS tokens run to a few KiB. */
const MAX_SECURITY_TOKEN_LENGTH = 20_000

/**
 * Where a manifest's run went (a restore, a reviewed plan). A manifest is an artifact another job
 * may have written, so it never decides where signed requests go: its region is used only as a
 * region (the action builds that region's endpoint itself), and any other endpoint it records
 * only when the run's own `endpoint` names it.
 */
export interface ManifestPlace {
  /** The manifest's region, when its run used that region's public endpoint; else ''. */
  region: string
  /** The endpoint it records, as written. */
  endpoint: string
  /** The manifest's path, quoted, for messages. */
  file: string
  /** What the run would do there: "restore the flows", "apply the plan". */
  purpose: string
}

/**
 * The run's endpoint: `endpoint`, else `region`'s, else (working from a manifest) the manifest's
 * region's; a region without a documented endpoint only warns.
 */
function resolveEndpoint(source: InputSource, region: string, from: ManifestPlace | undefined): URL {
  const endpointRaw = source.read('endpoint')
  if (endpointRaw !== '') return parseServiceUrl('endpoint', endpointRaw, 'https://cn-hangzhou.fnf.aliyuncs.com')
  const chosen = region || from?.region || ''
  if (chosen === '' && from) {
    throw new InputError(
      FROM_MANIFEST,
      `records the endpoint ${describeValue(from.endpoint)} (${from.file}), and a manifest never decides where signed requests go. If that is where to ${from.purpose}, set 'endpoint' in the workflow to ${describeValue(from.endpoint.replace(/\/$/, ''))}; or set 'region' for a region's public endpoint`
    )
  }
  if (chosen === '') {
    throw new InputError(
      'region',
      'is required: a region id such as cn-hangzhou (or set ALIBABA_CLOUD_REGION_ID, or give a full endpoint)'
    )
  }
  const endpoint = fnfEndpointForRegion(chosen)
  if (!isKnownFnfRegion(chosen)) {
    source.warn(
      `region '${chosen}' is not one of the regions with a documented public Serverless Workflow endpoint; trying ${endpoint.origin}`
    )
  }
  return endpoint
}

/**
 * The region, endpoint and credentials of a run. `from`: where a manifest's run went (a restore, a
 * reviewed plan); then the region's environment variable does not apply, since it would quietly
 * send the run elsewhere than both the workflow's inputs and the manifest say.
 */
export function parseAlibabaConnection(source: InputSource, from?: ManifestPlace): AlibabaConnection {
  const region = (
    from ? source.read('region') : readWithFallback(source.read, source.env, 'region', 'ALIBABA_CLOUD_REGION_ID')
  ).toLowerCase()
  if (region !== '' && !REGION_PATTERN.test(region)) {
    throw new InputError(
      'region',
      `must be a region id such as cn-hangzhou or ap-southeast-1; got ${describeValue(region)}`
    )
  }
  const given = region !== '' || source.read('endpoint') !== ''
  const endpoint = resolveEndpoint(source, region, from)
  return {
    region: given || !from ? region : from.region,
    endpoint,
    ...parseAlibabaAuth(source)
  }
}

export function parseAlibabaInputs(source: InputSource): AlibabaSettings {
  const plan = reviewedPlan(source)
  const targets = plan ? planTargets(source, plan) : parseFlowTargets(source)
  const connection = parseAlibabaConnection(
    source,
    plan && { region: plan.region, endpoint: plan.endpoint, file: describeValue(plan.path), purpose: 'apply the plan' }
  )
  if (plan && connection.endpoint.href !== plan.endpoint) {
    throw new InputError(
      FROM_MANIFEST,
      `is a plan for ${describeValue(plan.endpoint)}, but this run would delete at ${connection.endpoint.origin}: a plan is applied where it was made. Leave 'region' and 'endpoint' out to apply it in the plan's region, or make a new plan`
    )
  }
  const requestId = source.read('request-id')
  if (requestId !== '' && !REQUEST_ID_PATTERN.test(requestId)) {
    throw new InputError(
      'request-id',
      `must be 1-100 letters, digits, '.', '_', ':' or '-'; got ${describeValue(requestId)}`
    )
  }
  return {
    ...targets,
    ...connection,
    ...(plan ? { plan } : {}),
    ...(requestId ? { requestId } : {}),
    ignoreNotFound: parseBoolean('ignore-not-found', source.read('ignore-not-found')),
    backup: parseBoolean('backup', source.read('backup'))
  }
}

/** The credentials (keys, or a role for the job's OIDC token) and the signature version. */
function parseAlibabaAuth(source: InputSource): Pick<AlibabaConnection, 'auth' | 'signatureVersion'> {
  const oidc = parseOidcRole(source)
  const accessKeyId = source.secret('access-key-id')
  const accessKeySecret = source.secret('access-key-secret')
  const securityToken = source.secret('security-token')
  if (oidc) {
    if (source.read('access-key-id') || source.read('access-key-secret')) {
      source.warn("role-arn is set, so the job's OIDC token is used and access-key-id / access-key-secret are ignored")
    }
  } else {
    const missing = [
      ...(accessKeyId === '' ? [{ input: 'access-key-id', env: 'ALIBABA_CLOUD_ACCESS_KEY_ID' }] : []),
      ...(accessKeySecret === '' ? [{ input: 'access-key-secret', env: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET' }] : [])
    ]
    if (missing.length > 0) {
      throw new MissingInputsError(missing, {
        ways: "Temporary STS keys also need security-token (or ALIBABA_CLOUD_SECURITY_TOKEN). Or authenticate without keys: 'role-arn' and 'oidc-provider-arn' exchange the job's OIDC token for the role (the job needs permissions: id-token: write)."
      })
    }
    checkCredential('access-key-id', 'ALIBABA_CLOUD_ACCESS_KEY_ID', accessKeyId)
    checkCredential('access-key-secret', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', accessKeySecret)
    checkCredential('security-token', 'ALIBABA_CLOUD_SECURITY_TOKEN', securityToken, {
      required: false,
      maxLength: MAX_SECURITY_TOKEN_LENGTH
    })
    if (accessKeyId.startsWith('STS.') && securityToken === '') {
      source.warn(
        'access-key-id is a temporary STS key but no security-token was given; the service will likely refuse it'
      )
    }
  }

  const signatureVersion = parseChoice(
    'signature-version',
    source.read('signature-version'),
    ['v1', 'v3'] as const,
    'v1'
  )

  if (signatureVersion === 'v3') {
    source.warn(
      "signature-version v3: Alibaba Cloud's own SDKs sign Serverless Workflow (fnf 2019-03-15) requests with V1 only, and no official client sends V3 to it, so the service may refuse these requests (expect SignatureDoesNotMatch or IncompleteSignature). If it does, use signature-version: v1, the default."
    )
  }

  return {
    auth: oidc
      ? { kind: 'oidc', role: oidc }
      : { kind: 'keys', keys: { accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}) } },
    signatureVersion
  }
}
