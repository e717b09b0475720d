/**
 * The run's EnOS access token: fetched from the gateway's token service, masked the moment it
 * arrives, shared by every call. It lasts `expire` seconds (7,200 by default; until then the
 * service answers the same token again: https://support.enos-iot.com/docs/apim/en/3.0.0/token/get_access_token),
 * so it is fetched anew once that time has passed, one fetch for every call that needs it. A
 * token the gateway refuses (HTTP 401) is renewed once, however many calls are refused at the same
 * moment; a token refused before the gateway ever took it ends the run's renewals, so a gateway
 * that refuses every token is not asked again and again.
 */
import type { AttemptResult } from '../../http/attempt.js'
import { callWithRetries, type ClientDeps } from '../../http/call.js'
import { exchange } from '../../http/exchange.js'
import { describeRequest } from '../../http/redact.js'
import type { RetryPolicy } from '../../http/retry.js'
import { buildTokenRequest, TOKEN_PATH, type EnosCredentials } from './request.js'
import { interpretTokenResponse, tokenLifetimeMs } from './response.js'

/** A token the gateway refused is renewed at most this often before a token lives out its time. */
export const MAX_TOKEN_RENEWALS = 1

export interface TokenOptions {
  apigw: URL
  credentials: EnosCredentials
  timeoutMs: number
  retry: RetryPolicy
}

export class EnosTokenProvider {
  private current?: Promise<AttemptResult<string>>
  private renewals = 0
  /** When the current token's `expire` runs out, on the run's clock. */
  private expiresAt = Number.POSITIVE_INFINITY
  /** The current token, once fetched. */
  private token = ''
  private fetching = false
  /** Tokens fetched because the one before had expired. */
  expiryRenewals = 0

  constructor(
    private readonly options: TokenOptions,
    private readonly deps: ClientDeps & { maskSecret: (secret: string) => void }
  ) {}

  /** The current token: fetched on first use, and anew once it has expired. */
  get(): Promise<AttemptResult<string>> {
    if (this.current && !this.fetching && this.deps.now() >= this.expiresAt) {
      this.expiryRenewals++
      // A token that lived out its time is no sign of a gateway that refuses every token.
      this.renewals = 0
      this.deps.logger.info(`The EnOS access token expired: a new one is fetched (renewal ${this.expiryRenewals})`)
      this.current = undefined
    }
    this.current ??= this.fetch()
    return this.current
  }

  /**
   * The gateway took `token`: a later refusal of it means it has expired (or was revoked), not
   * that the gateway refuses every token, so it may be renewed again.
   */
  accepted(token: string): void {
    if (token !== '' && token === this.token) this.renewals = 0
  }

  /**
   * After the gateway refused `token`: `renewed` when a new token will be fetched, `retry` when
   * another call has renewed it meanwhile (send again with the current one), `exhausted` when the
   * run's renewals are used up.
   */
  async renew(token: string): Promise<'renewed' | 'retry' | 'exhausted'> {
    const before = this.current
    const result = await before
    if (this.current !== before || !result?.ok || result.value !== token) return 'retry'
    if (this.renewals >= MAX_TOKEN_RENEWALS) return 'exhausted'
    this.renewals++
    this.current = undefined
    return 'renewed'
  }

  private async fetch(): Promise<AttemptResult<string>> {
    this.fetching = true
    try {
      return await this.fetchOnce()
    } finally {
      this.fetching = false
    }
  }

  private async fetchOnce(): Promise<AttemptResult<string>> {
    const { apigw, credentials, timeoutMs, retry } = this.options
    const fetchedAt = this.deps.now()
    let lifetimeMs: number | undefined
    const outcome = await callWithRetries(
      async (attempt, attemptTimeoutMs) => {
        // A fresh timestamp every attempt: the service refuses a repeated encryption (1001).
        const request = buildTokenRequest(apigw, credentials, this.deps.now())
        this.deps.logger.debug(`EnOS token: attempt ${attempt}: ${describeRequest(request)}`)
        const { result, response } = await exchange(
          request,
          { timeoutMs: attemptTimeoutMs },
          this.deps,
          interpretTokenResponse
        )
        if (response) this.deps.logger.debug(`HTTP ${response.status} from ${TOKEN_PATH}`)
        // Masked before anything else can print it.
        if (result.ok) {
          this.deps.maskSecret(result.value)
          lifetimeMs = response ? tokenLifetimeMs(response) : undefined
        }
        return result
      },
      { label: 'EnOS token', policy: retry, timeoutMs },
      this.deps
    )
    if (outcome.result.ok) {
      this.token = outcome.result.value
      this.expiresAt = lifetimeMs === undefined ? Number.POSITIVE_INFINITY : fetchedAt + lifetimeMs
      this.deps.logger.debug('EnOS token: got an access token')
    }
    return outcome.result
  }
}
