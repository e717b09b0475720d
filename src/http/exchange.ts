/**
 * One attempt's exchange, the same for every provider: wait for the run's rate limiter, send,
 * turn a transport failure into an attempt failure, read the answer with the provider's
 * interpreter, and tell the limiter whether the service throttled it.
 */
import { transportFailure } from './failures.js'
import type { RateController } from './rate-controller.js'
import { cancelledAttempt, type AttemptResult } from './retry.js'
import { TransportError, type HttpRequest, type HttpResponse, type SendOptions } from './send.js'

export interface ExchangeDeps {
  send: (request: HttpRequest, options: SendOptions) => Promise<HttpResponse>
  limiter: RateController
  now: () => Date
  /** True once the run is cancelled: a request whose turn comes after that is not sent. */
  cancelled?: () => boolean
}

export async function exchange<T>(
  request: HttpRequest,
  options: SendOptions,
  deps: ExchangeDeps,
  interpret: (response: HttpResponse, nowMs: number) => AttemptResult<T>
): Promise<{ result: AttemptResult<T>; response?: HttpResponse }> {
  const ticket = await deps.limiter.acquire()
  if (deps.cancelled?.()) {
    deps.limiter.onUnanswered(ticket)
    return { result: cancelledAttempt() }
  }
  let response: HttpResponse
  try {
    response = await deps.send(request, options)
  } catch (error) {
    deps.limiter.onUnanswered(ticket)
    if (error instanceof TransportError) return { result: { ok: false, failure: transportFailure(error) } }
    throw error
  }
  const result = interpret(response, deps.now().getTime())
  if (!result.ok && result.failure.transience === 'throttled') deps.limiter.onThrottled(ticket)
  else deps.limiter.onAccepted(ticket)
  return { result, response }
}
