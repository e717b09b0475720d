/**
 * Failures that happen below any provider's API (timeouts, resets, DNS, TLS, redirects, bodies
 * that are not the API's): their codes, whether retrying helps, and what to check.
 */
import { RUN_CANCELLED, type AttemptFailure } from './attempt.js'
import type { TransportError } from './send.js'

/** The code of a body over the transport's limit (send.ts' maxBodyBytes). */
export const RESPONSE_TOO_LARGE = 'ResponseTooLarge'

const TRANSPORT_CODES: Record<TransportError['kind'], string> = {
  timeout: 'RequestTimeout',
  network: 'NetworkError',
  dns: 'DnsError',
  tls: 'TlsError',
  redirect: 'RedirectRefused',
  'too-large': RESPONSE_TOO_LARGE,
  'not-sent': 'RequestNotSent',
  aborted: RUN_CANCELLED
}

export const TRANSPORT_HINTS: Readonly<Record<string, string>> = {
  RequestTimeout:
    "The endpoint did not answer in time (flow-ops retries that up to max-attempts). Check that the runner can reach the endpoint, or raise 'timeout' or 'max-attempts'.",
  NetworkError:
    "The connection failed or was cut (flow-ops retries that up to max-attempts). Check the runner's network and proxy settings and that 'endpoint' or 'region' is right.",
  DnsError: "The endpoint's host name does not resolve: check 'region' or 'endpoint'.",
  TlsError:
    "The endpoint's TLS certificate could not be verified (verification is never turned off): check 'endpoint', and any TLS-intercepting proxy (NODE_EXTRA_CA_CERTS can add its CA).",
  RedirectRefused:
    "The endpoint answered with a redirect, which is not followed so that signed requests never go to another host: check 'endpoint' or 'region'.",
  ResponseTooLarge:
    "The answer was far larger than any answer of this API: check that 'endpoint' points at the service and not at something in between.",
  RequestNotSent:
    'The request could not be built or handed to the network, so nothing reached the service and nothing was retried: check the proxy variables (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY), and that no credential holds a line break.',
  HttpError:
    "The answer was not the API's own (a gateway or proxy page, say): check 'endpoint' or 'region' and any proxy between the runner and the service.",
  InvalidResponse:
    "The service answered with a body that is not what this API returns: check 'endpoint' and any proxy in between.",
  ClockDisagrees:
    "An answer's Date header was far from the clock the service accepted the request on, so ages (older-than, unchanged-for) cannot be measured on it: check 'endpoint' and any proxy in between that sets a Date of its own, and the runner's time synchronisation (NTP).",
  ListingDidNotEnd:
    "The service kept answering pages without coming to the end of the listing, so flow-ops stopped reading it: check 'endpoint' (or 'apigw-url') and any gateway or proxy in between."
}

export function transportFailure(error: TransportError): AttemptFailure {
  const retryable = error.kind === 'timeout' || error.kind === 'network' || error.kind === 'too-large'
  return {
    code: TRANSPORT_CODES[error.kind],
    message: error.message,
    transience: retryable ? 'transient' : 'permanent',
    mayHaveLanded: error.mayHaveLanded,
    ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {})
  }
}
