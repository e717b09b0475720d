/**
 * STS AssumeRoleWithOIDC (2015-04-01): the job's GitHub OIDC token exchanged for temporary
 * credentials. The call is anonymous: the OIDC token is the proof, so nothing is signed.
 * API: https://www.alibabacloud.com/help/doc-detail/327161.htm
 */
import type { AttemptResult, CallOutcome } from '../../http/attempt.js'
import { callWithRetries, type ClientDeps } from '../../http/call.js'
import { exchange } from '../../http/exchange.js'
import { describeRequest } from '../../http/redact.js'
import type { RetryPolicy } from '../../http/retry.js'
import type { HttpRequest, HttpResponse } from '../../http/send.js'
import { classifyStsError } from './errors.js'
import { encodeForm, formatTimestamp, newNonce, withQuery, type AccessKeys } from './request.js'
import type { OidcRoleSettings } from './oidc-inputs.js'
import { interpretRpcResponse } from './response.js'

export const STS_API_VERSION = '2015-04-01'

export function buildAssumeRoleWithOidcRequest(
  settings: OidcRoleSettings,
  idToken: string,
  now: Date,
  nonce = newNonce()
): HttpRequest {
  const query = {
    Action: 'AssumeRoleWithOIDC',
    Format: 'JSON',
    Version: STS_API_VERSION,
    Timestamp: formatTimestamp(now),
    SignatureNonce: nonce
  }
  const form = {
    OIDCProviderArn: settings.oidcProviderArn,
    RoleArn: settings.roleArn,
    OIDCToken: idToken,
    RoleSessionName: settings.roleSessionName,
    DurationSeconds: String(settings.durationSeconds)
  }
  return {
    method: 'POST',
    url: withQuery(settings.stsEndpoint, query),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: encodeForm(form)
  }
}

/** The temporary credentials in an AssumeRoleWithOIDC answer, or why there are none. */
export function interpretStsResponse(
  response: HttpResponse,
  nowMs: number
): AttemptResult<AccessKeys & { expiration?: string }> {
  const result = interpretRpcResponse(response, nowMs, classifyStsError)
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

/**
 * The exchange, with retries (throttling and 5xx are retried as any call); the credentials are
 * masked the moment they arrive.
 */
export async function assumeRoleWithOidc(
  settings: OidcRoleSettings,
  idToken: string,
  { retry, timeoutMs }: { retry: RetryPolicy; timeoutMs: number },
  deps: ClientDeps & { maskSecret: (secret: string) => void }
): Promise<CallOutcome<AccessKeys & { expiration?: string }>> {
  const label = 'AssumeRoleWithOIDC'
  return callWithRetries(
    async (attempt, attemptTimeoutMs) => {
      const request = buildAssumeRoleWithOidcRequest(settings, idToken, new Date(deps.now()))
      deps.logger.debug(`${label}: attempt ${attempt}: ${describeRequest(request)}`)
      const { result } = await exchange(request, { timeoutMs: attemptTimeoutMs }, deps, interpretStsResponse)
      if (result.ok) {
        deps.maskSecret(result.value.accessKeyId)
        deps.maskSecret(result.value.accessKeySecret)
        if (result.value.securityToken) deps.maskSecret(result.value.securityToken)
      }
      return result
    },
    { label, policy: retry, timeoutMs },
    deps
  )
}
