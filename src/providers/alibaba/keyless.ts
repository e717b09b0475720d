/**
 * Keyless credentials: the job's GitHub OIDC token (each attempt bounded by `timeout`, since
 * core.getIDToken has none and a runner endpoint that never answers would hold the step forever)
 * exchanged at STS for temporary credentials, renewed before they end. Loaded only by keyless runs.
 */
import { cancelledAttempt, type AttemptResult, type Transience } from '../../http/attempt.js'
import { callWithRetries, type ClientDeps } from '../../http/call.js'
import type { RetryPolicy } from '../../http/retry.js'
import type { Runtime, ServicePacing } from '../runtime.js'
import type { AccessKeys, KeySource } from './request.js'
import type { OidcRoleSettings } from './oidc-inputs.js'
import { assumeRoleWithOidc } from './sts.js'

export const STS_SERVICE = 'Alibaba Cloud STS'

/** The margin before Expiration at which credentials are renewed: a quarter of their lifetime, at most 5 minutes. */
export function renewalMargin(lifetimeMs: number): number {
  return Math.min(Math.max(0, lifetimeMs) / 4, 5 * 60_000)
}

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

/** Keyless credentials: the exchange, again whenever they near their end or the service says they have expired. */
class RenewingKeys implements KeySource {
  private keys: AccessKeys | undefined
  private expiresAt = Number.POSITIVE_INFINITY
  private margin = 0
  private renewing: Promise<AttemptResult<AccessKeys>> | undefined
  private failed: AttemptResult<AccessKeys> | undefined
  renewals = 0

  constructor(
    private readonly exchange: () => Promise<AttemptResult<AccessKeys & { expiration?: string }>>,
    private readonly now: () => number,
    private readonly log: (line: string) => void
  ) {}

  /** When the keys held end, as STS said it (undefined when it did not). */
  get validUntil(): string | undefined {
    return Number.isFinite(this.expiresAt)
      ? new Date(this.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z')
      : undefined
  }

  /** The first exchange, when the run connects. */
  async start(): Promise<AttemptResult<AccessKeys>> {
    return this.renew(false)
  }

  async current(): Promise<AttemptResult<AccessKeys>> {
    if (this.failed) return this.failed
    if (this.renewing) return this.renewing
    if (this.keys && this.now() < this.expiresAt - this.margin) return { ok: true, value: this.keys }
    return this.renew(true)
  }

  async expired(used: AccessKeys): Promise<AttemptResult<AccessKeys>> {
    if (this.failed) return this.failed
    if (this.renewing) return this.renewing
    // Another call renewed them already: sign again with those.
    if (this.keys && this.keys.accessKeyId !== used.accessKeyId) return { ok: true, value: this.keys }
    return this.renew(true)
  }

  private renew(again: boolean): Promise<AttemptResult<AccessKeys>> {
    this.renewing = (async () => {
      const result = await this.exchange()
      this.renewing = undefined
      if (!result.ok) {
        if (again) this.failed = result
        return result
      }
      const { expiration, ...keys } = result.value
      const now = this.now()
      const expiresAt = expiration ? Date.parse(expiration) : Number.NaN
      this.keys = keys
      this.expiresAt = Number.isNaN(expiresAt) ? Number.POSITIVE_INFINITY : expiresAt
      this.margin = renewalMargin(this.expiresAt - now)
      if (again) {
        this.renewals++
        this.log(
          `Renewed the role's temporary credentials (renewal ${this.renewals}${expiration ? `, valid until ${expiration}` : ''})`
        )
      }
      return { ok: true, value: keys }
    })()
    return this.renewing
  }
}

/** The keys of a keyless run: STS's, in exchange for the job's OIDC token, and again before they end. */
export async function keylessCredentials(
  role: OidcRoleSettings,
  {
    limits,
    runtime,
    pacing
  }: { limits: { retry: RetryPolicy; timeoutMs: number }; runtime: Runtime; pacing: ServicePacing }
): Promise<AttemptResult<KeySource>> {
  // An exchange now and then: max-rate, a cap for the service's own budget, is not for it.
  const deps = pacing.deps(STS_SERVICE, { capped: false })
  const exchange = async (): Promise<AttemptResult<AccessKeys & { expiration?: string }>> => {
    const idToken = await jobIdToken(role, runtime.getIdToken, limits, deps)
    if (!idToken.ok) return idToken
    const outcome = await assumeRoleWithOidc(role, idToken.value, limits, { ...deps, maskSecret: runtime.maskSecret })
    if (outcome.result.ok) return outcome.result
    const { failure } = outcome.result
    return {
      ok: false,
      failure: { ...failure, message: `AssumeRoleWithOIDC for ${role.roleArn} failed: ${failure.message}` }
    }
  }
  const source = new RenewingKeys(exchange, runtime.now, (line) => runtime.logger.info(line))
  const first = await source.start()
  if (!first.ok) return first
  const until = source.validUntil
  runtime.logger.info(
    `Assumed ${role.roleArn} with the job's OIDC token (session ${role.roleSessionName}${until ? `, valid until ${until}; renewed before then` : ''})`
  )
  return { ok: true, value: source }
}
