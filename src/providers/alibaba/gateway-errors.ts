/**
 * Alibaba Cloud's common (POP) gateway, in front of every service: its codes, as data, and the
 * hints they share with the services' own (https://help.aliyun.com/document_detail/48054.html).
 */
import type { Transience } from '../../http/attempt.js'

export interface CatalogueEntry {
  httpStatus: number
  message: string
  hint: string
  transience: Transience
}

export type Catalogue = Readonly<Record<string, CatalogueEntry>>

export const CREDENTIALS_HINT =
  "Check 'access-key-id' (or ALIBABA_CLOUD_ACCESS_KEY_ID): the key must exist, be enabled, and belong to the account that owns the flow; a temporary STS key (STS.…) also needs its 'security-token'."
export const SIGNATURE_HINT =
  "Check that 'access-key-secret' belongs to 'access-key-id' and has no stray spaces or line breaks. If a proxy rewrites requests, try the other 'signature-version'."
export const CLOCK_HINT =
  "The runner's clock differs from Alibaba Cloud's by more than 15 minutes: check the runner's time synchronisation (NTP), then run the step again."
export const RETRIED_HINT =
  'A temporary fault on the service side, which flow-ops retries up to max-attempts. If it persists, raise max-attempts or run the step again later, and quote the RequestId to Alibaba Cloud support.'
export const THROTTLED_HINT =
  'The account is being rate-limited (fnf allows about 2 DeleteFlow calls a second); flow-ops slows down and retries throttled calls. If it persists, delete fewer flows at once or raise max-attempts.'

/** Alibaba Cloud's common (POP) gateway, in front of every service. */
export const GATEWAY_ERRORS: Catalogue = {
  'Throttling.User': {
    httpStatus: 400,
    message: 'Request was denied due to user flow control.',
    hint: THROTTLED_HINT,
    transience: 'throttled'
  },
  SignatureDoesNotMatch: {
    httpStatus: 400,
    message: 'Specified signature is not matched with our calculation.',
    hint: SIGNATURE_HINT,
    transience: 'permanent'
  },
  'InvalidTimeStamp.Expired': {
    httpStatus: 400,
    message: 'Specified time stamp or date value is expired.',
    hint: CLOCK_HINT,
    transience: 'permanent'
  },
  SignatureNonceUsed: {
    httpStatus: 400,
    message: 'Specified signature nonce was used already.',
    hint: 'The service saw a request nonce twice. flow-ops signs every attempt with a fresh nonce, so something between the runner and the endpoint is replaying requests.',
    transience: 'permanent'
  },
  'InvalidAccessKeyId.NotFound': {
    httpStatus: 404,
    message: 'Specified access key is not found.',
    hint: CREDENTIALS_HINT,
    transience: 'permanent'
  },
  ServiceUnavailable: {
    httpStatus: 503,
    message: 'The request has failed due to a temporary failure of the server.',
    hint: RETRIED_HINT,
    transience: 'transient'
  },
  InternalError: {
    httpStatus: 500,
    message: 'The request processing has failed due to some unknown error.',
    hint: RETRIED_HINT,
    transience: 'transient'
  }
}
