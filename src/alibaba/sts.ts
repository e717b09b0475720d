/**
 * Keyless authentication: the job's GitHub OIDC token exchanged at Alibaba Cloud STS
 * (AssumeRoleWithOIDC, 2015-04-01) for temporary credentials, which are masked the moment they
 * arrive. The call is anonymous: the OIDC token is the proof, so nothing is signed.
 * Source: ../shared/reference/alibaba-api.md §5.
 */
import { exchange, type ExchangeDeps } from '../http/exchange.js'
import { describeRequest } from '../http/redact.js'
import {
  logRetry,
  retryWithBackoff,
  type AttemptResult,
  type RetryHooks,
  type RetryPolicy,
  type Transience
} from '../http/retry.js'
import type { HttpRequest } from '../http/send.js'
import type { Logger } from '../logger.js'
import { formatTimestamp, interpretFnfResponse, newNonce, type AlibabaCredentials } from './fnf.js'
import { percentEncode } from './percent-encode.js'

export const STS_API_VERSION = '2015-04-01'
export const DEFAULT_STS_ENDPOINT = 'https://sts.aliyuncs.com'
/** What aliyun/configure-aliyun-credentials-action asks for by default. */
export const DEFAULT_OIDC_AUDIENCE = 'sts.aliyuncs.com'

export interface OidcRoleSettings {
  roleArn: string
  oidcProviderArn: string
  roleSessionName: string
  audience: string
  durationSeconds: number
  stsEndpoint: URL
}

export function buildAssumeRoleWithOidcRequest(settings: OidcRoleSettings, idToken: string, now: Date): HttpRequest {
  const query = {
    Action: 'AssumeRoleWithOIDC',
    Format: 'JSON',
    Version: STS_API_VERSION,
    Timestamp: formatTimestamp(now),
    SignatureNonce: newNonce()
  }
  const form = {
    OIDCProviderArn: settings.oidcProviderArn,
    RoleArn: settings.roleArn,
    OIDCToken: idToken,
    RoleSessionName: settings.roleSessionName,
    DurationSeconds: String(settings.durationSeconds)
  }
  const encode = (params: Record<string, string>) =>
    Object.entries(params)
      .map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`)
      .join('&')
  return {
    method: 'POST',
    url: `${settings.stsEndpoint.origin}/?${encode(query)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: encode(form)
  }
}

/** The temporary credentials in an AssumeRoleWithOIDC answer, or why there are none. */
export function interpretStsResponse(
  response: Parameters<typeof interpretFnfResponse>[0],
  nowMs: number
): AttemptResult<AlibabaCredentials & { expiration?: string }> {
  const result = interpretFnfResponse(response, nowMs)
  if (!result.ok) return result
  const credentials = result.value.body['Credentials']
  const fields = credentials && typeof credentials === 'object' ? (credentials as Record<string, unknown>) : {}
  const { AccessKeyId, AccessKeySecret, SecurityToken, Expiration } = fields
  if (typeof AccessKeyId !== 'string' || typeof AccessKeySecret !== 'string' || typeof SecurityToken !== 'string') {
    return {
      ok: false,
      failure: {
        code: 'InvalidResponse',
        message: 'STS answered success without Credentials (AccessKeyId, AccessKeySecret, SecurityToken)',
        transience: 'permanent',
        mayHaveLanded: false,
        httpStatus: response.status
      }
    }
  }
  return {
    ok: true,
    value: {
      accessKeyId: AccessKeyId,
      accessKeySecret: AccessKeySecret,
      securityToken: SecurityToken,
      ...(typeof Expiration === 'string' ? { expiration: Expiration } : {})
    }
  }
}

export interface StsDeps extends RetryHooks, ExchangeDeps {
  logger: Logger
  maskSecret: (secret: string) => void
}

/**
 * The exchange: the caller's getIdToken (core.getIDToken at the edge) is asked for the job's token
 * for `audience`, and STS for credentials. Throttling and 5xx are retried as any call.
 */
export async function assumeRoleWithOidc(
  settings: OidcRoleSettings,
  idToken: string,
  { retry, timeoutMs }: { retry: RetryPolicy; timeoutMs: number },
  deps: StsDeps
): Promise<AttemptResult<AlibabaCredentials>> {
  const label = 'AssumeRoleWithOIDC'
  const outcome = await retryWithBackoff(
    async (attempt) => {
      const request = buildAssumeRoleWithOidcRequest(settings, idToken, deps.now())
      deps.logger.debug(`${label}: attempt ${attempt}: ${describeRequest(request)}`)
      const { result } = await exchange(request, { timeoutMs }, deps, interpretStsResponse)
      if (result.ok) {
        // Masked before anything else can print them.
        deps.maskSecret(result.value.accessKeyId)
        deps.maskSecret(result.value.accessKeySecret)
        if (result.value.securityToken) deps.maskSecret(result.value.securityToken)
      }
      return result
    },
    retry,
    {
      sleep: deps.sleep,
      random: deps.random,
      onRetry: logRetry(deps.logger, label, retry),
      ...(deps.cancelled ? { cancelled: deps.cancelled } : {})
    }
  )
  if (!outcome.result.ok) return outcome.result
  const { expiration, ...credentials } = outcome.result.value as AlibabaCredentials & { expiration?: string }
  deps.logger.info(
    `Assumed ${settings.roleArn} with the job's OIDC token (session ${settings.roleSessionName}${expiration ? `, valid until ${expiration}` : ''})`
  )
  return { ok: true, value: credentials }
}

/** How long an attempt to get the job's OIDC token may take, and the error when it takes longer. */
class IdTokenTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new IdTokenTimeout(`the runner's token endpoint did not answer within ${ms / 1000} s`)),
      ms
    )
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/**
 * Whether asking again can help: not when the runner offers no token (the job lacks
 * `id-token: write`), nor when its endpoint refused the request (HTTP 4xx other than 429) or
 * answered without a token; a timeout, a 5xx or a dropped connection, yes.
 */
function idTokenTransience(error: unknown): Transience {
  if (error instanceof IdTokenTimeout) return 'transient'
  if ((error as { permanent?: unknown })?.permanent === true) return 'permanent'
  const message = error instanceof Error ? error.message : String(error)
  const status = /Error Code : (\d{3})/.exec(message)?.[1]
  if (status && status.startsWith('4') && status !== '429') return 'permanent'
  if (/do not have ID Token/.test(message)) return 'permanent'
  return 'transient'
}

/**
 * The job's OIDC token, each attempt bounded by `timeoutMs` (core.getIDToken has no deadline of
 * its own, and a runner endpoint that never answers would hold the step forever), retried as any
 * call is.
 */
async function jobIdToken(
  settings: OidcRoleSettings,
  getIdToken: (audience: string) => Promise<string>,
  { retry, timeoutMs }: { retry: RetryPolicy; timeoutMs: number },
  deps: StsDeps
): Promise<AttemptResult<string>> {
  const outcome = await retryWithBackoff(
    async (): Promise<AttemptResult<string>> => {
      try {
        return { ok: true, value: await withTimeout(getIdToken(settings.audience), timeoutMs) }
      } catch (error) {
        return {
          ok: false,
          failure: {
            code: 'OidcTokenUnavailable',
            message: `could not get the job's OIDC token for audience '${settings.audience}': ${error instanceof Error ? error.message : String(error)}`,
            transience: idTokenTransience(error),
            mayHaveLanded: false
          }
        }
      }
    },
    retry,
    {
      sleep: deps.sleep,
      random: deps.random,
      onRetry: logRetry(deps.logger, "The job's OIDC token", retry),
      ...(deps.cancelled ? { cancelled: deps.cancelled } : {})
    }
  )
  return outcome.result
}

/**
 * Temporary credentials for a run: the job's OIDC token from `getIdToken` (core.getIDToken at the
 * edge), exchanged at STS. Either failure comes back as an attempt failure that names it.
 */
export async function keylessCredentials(
  settings: OidcRoleSettings,
  getIdToken: (audience: string) => Promise<string>,
  limits: { retry: RetryPolicy; timeoutMs: number },
  deps: StsDeps
): Promise<AttemptResult<AlibabaCredentials>> {
  const idToken = await jobIdToken(settings, getIdToken, limits, deps)
  if (!idToken.ok) return idToken
  const result = await assumeRoleWithOidc(settings, idToken.value, limits, deps)
  if (result.ok) return result
  return {
    ok: false,
    failure: {
      ...result.failure,
      message: `AssumeRoleWithOIDC for ${settings.roleArn} failed: ${result.failure.message}`
    }
  }
}
