/**
 * One attempt's exchange, the same for every provider: wait for the run's rate controller, send,
 * turn a transport failure into an attempt failure, read the answer with the provider's
 * interpreter, and tell the controller how the service answered.
 */
import { cancelledAttempt, type AttemptResult } from './attempt.js'
import { shorten } from '../safety/untrusted.js'
import type { ClientDeps } from './call.js'
import { transportFailure } from './failures.js'
import { TransportError, type HttpRequest, type HttpResponse, type SendOptions } from './send.js'

export type ExchangeDeps = Pick<ClientDeps, 'send' | 'limiter' | 'now' | 'cancelled' | 'redact' | 'signal'>

/** The longest a failure's message (the service's text) is kept: the report shortens further. */
export const MAX_FAILURE_MESSAGE = 1024

export async function exchange<T>(
  request: HttpRequest,
  options: SendOptions,
  deps: ExchangeDeps,
  interpret: (response: HttpResponse, nowMs: number) => AttemptResult<T>
): Promise<{ result: AttemptResult<T>; response?: HttpResponse }> {
  const ticket = await deps.limiter.acquire()
  if (deps.cancelled()) {
    deps.limiter.onUnanswered(ticket)
    return { result: cancelledAttempt() }
  }
  let response: HttpResponse
  try {
    response = await deps.send(request, deps.signal ? { ...options, signal: deps.signal } : options)
  } catch (error) {
    deps.limiter.onUnanswered(ticket)
    if (error instanceof TransportError) return { result: { ok: false, failure: transportFailure(error) } }
    throw error
  }
  const result = interpret(response, deps.now())
  if (!result.ok && result.failure.transience === 'throttled') deps.limiter.onThrottled(ticket)
  else deps.limiter.onAccepted(ticket)
  if (result.ok) return { result, response }
  // The service's text may echo a secret: it is redacted whole first, and only then shortened,
  // so that no cut leaves a piece of one that no mask would recognise.
  const message = shorten(deps.redact(result.failure.message), MAX_FAILURE_MESSAGE)!
  return { result: { ok: false, failure: { ...result.failure, message } }, response }
}
