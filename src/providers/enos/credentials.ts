/**
 * The run's EnOS access token: fetched once from the gateway's token service, masked the moment it
 * arrives, shared by every call; renewed at most MAX_TOKEN_RENEWALS times in the run, once however
 * many calls are refused at the same moment, so a gateway that refuses every token is not asked
 * again and again.
 */
import type { AttemptResult } from '../../http/attempt.js'
import { callWithRetries, type ClientDeps } from '../../http/call.js'
import { exchange } from '../../http/exchange.js'
import { describeRequest } from '../../http/redact.js'
import type { RetryPolicy } from '../../http/retry.js'
import { buildTokenRequest, TOKEN_PATH, type EnosCredentials } from './request.js'
import { interpretTokenResponse } from './response.js'

/** A run renews its access token at most this often. */
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

  constructor(
    private readonly options: TokenOptions,
    private readonly deps: ClientDeps & { maskSecret: (secret: string) => void }
  ) {}

  /** The current token, fetched on first use. */
  get(): Promise<AttemptResult<string>> {
    this.current ??= this.fetch()
    return this.current
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
    const { apigw, credentials, timeoutMs, retry } = this.options
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
        if (result.ok) this.deps.maskSecret(result.value)
        return result
      },
      { label: 'EnOS token', policy: retry, timeoutMs },
      this.deps
    )
    if (outcome.result.ok) this.deps.logger.debug('EnOS token: got an access token')
    return outcome.result
  }
}
