/**
 * Alibaba Cloud credentials for a run: the access keys given, or keyless: the job's GitHub OIDC
 * token (each attempt bounded by `timeout`, since core.getIDToken has none and a runner endpoint
 * that never answers would hold the step forever) exchanged at STS for temporary credentials.
 */
import { cancelledAttempt, type AttemptResult, type Transience } from '../../http/attempt.js'
import { callWithRetries, type ClientDeps } from '../../http/call.js'
import type { RetryPolicy } from '../../http/retry.js'
import type { Runtime, ServicePacing } from '../runtime.js'
import type { AccessKeys } from './request.js'
import { assumeRoleWithOidc, type OidcRoleSettings } from './sts.js'

/** How the run authenticates: keys from the inputs (or environment), or keyless with the job's OIDC token. */
export type AlibabaAuth = { kind: 'keys'; keys: AccessKeys } | { kind: 'oidc'; role: OidcRoleSettings }

/** Stands in for the temporary credentials of a keyless dry run, which asks STS for none. */
export const DRY_RUN_KEYS: AccessKeys = {
  accessKeyId: 'STS.dry-run',
  accessKeySecret: 'dry-run',
  securityToken: 'dry-run'
}

export const STS_SERVICE = 'Alibaba Cloud STS'

class IdTokenTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number, signal: AbortSignal | undefined): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  let onAbort = () => {}
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new IdTokenTimeout(`the runner's token endpoint did not answer within ${ms / 1000} s`)),
      ms
    )
    // @actions/core's request takes no signal: the run stops waiting for it instead.
    onAbort = () => reject(new IdTokenAborted("the run was cancelled while the job's OIDC token was being fetched"))
    if (signal?.aborted) onAbort()
    signal?.addEventListener('abort', onAbort, { once: true })
  })
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  })
}

class IdTokenAborted extends Error {}

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

/** The job's OIDC token for the role's audience, retried as any call. */
async function jobIdToken(
  role: OidcRoleSettings,
  getIdToken: (audience: string) => Promise<string>,
  limits: { retry: RetryPolicy; timeoutMs: number },
  deps: ClientDeps
): Promise<AttemptResult<string>> {
  const outcome = await callWithRetries(
    async (_attempt, timeoutMs): Promise<AttemptResult<string>> => {
      try {
        return { ok: true, value: await withTimeout(getIdToken(role.audience), timeoutMs, deps.signal) }
      } catch (error) {
        if (error instanceof IdTokenAborted) return cancelledAttempt()
        return {
          ok: false,
          failure: {
            code: 'OidcTokenUnavailable',
            message: `could not get the job's OIDC token for audience '${role.audience}': ${error instanceof Error ? error.message : String(error)}`,
            transience: idTokenTransience(error),
            mayHaveLanded: false
          }
        }
      }
    },
    { label: "The job's OIDC token", policy: limits.retry, timeoutMs: limits.timeoutMs },
    deps
  )
  return outcome.result
}

/** The access keys for the run: as given, or from STS in exchange for the job's OIDC token. */
export async function alibabaCredentials(
  auth: AlibabaAuth,
  limits: { retry: RetryPolicy; timeoutMs: number },
  runtime: Runtime,
  pacing: ServicePacing
): Promise<AttemptResult<AccessKeys>> {
  if (auth.kind === 'keys') return { ok: true, value: auth.keys }
  const { role } = auth
  // One exchange a run: max-rate, a cap for the service's own budget, is not for it.
  const deps = pacing.deps(STS_SERVICE, { capped: false })
  const idToken = await jobIdToken(role, runtime.getIdToken, limits, deps)
  if (!idToken.ok) return idToken
  const outcome = await assumeRoleWithOidc(role, idToken.value, limits, { ...deps, maskSecret: runtime.maskSecret })
  if (!outcome.result.ok) {
    const { failure } = outcome.result
    return {
      ok: false,
      failure: { ...failure, message: `AssumeRoleWithOIDC for ${role.roleArn} failed: ${failure.message}` }
    }
  }
  const { expiration, ...keys } = outcome.result.value
  runtime.logger.info(
    `Assumed ${role.roleArn} with the job's OIDC token (session ${role.roleSessionName}${expiration ? `, valid until ${expiration}` : ''})`
  )
  return { ok: true, value: keys }
}
