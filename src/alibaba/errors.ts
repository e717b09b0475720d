/**
 * What Alibaba Cloud answers, as data: code → documented HTTP status, the service's message, what
 * the user should check, and whether retrying can help. One table per service (Serverless
 * Workflow, STS), each with the common (POP) gateway's codes. Sources:
 * - DeleteFlow, DescribeFlow and StopExecution error tables:
 *   https://www.alibabacloud.com/help/en/serverless-workflow/latest/api-fnf-2019-03-15-deleteflow
 *   (and …-describeflow, …-stopexecution);
 * - the POP gateway's codes: https://help.aliyun.com/document_detail/48054.html;
 * - STS error codes: https://help.aliyun.com/zh/ram/developer-reference/api-sts-2015-04-01-errorcodes.
 */
import type { Transience } from '../attempt.js'
import { TRANSPORT_HINTS } from '../http/failures.js'
import type { Classifier } from './response.js'

export interface CatalogueEntry {
  httpStatus: number
  message: string
  hint: string
  transience: Transience
}

const CREDENTIALS_HINT =
  "Check 'access-key-id' (or ALIBABA_CLOUD_ACCESS_KEY_ID): the key must exist, be enabled, and belong to the account that owns the flow; a temporary STS key (STS.…) also needs its 'security-token'."
const SIGNATURE_HINT =
  "Check that 'access-key-secret' belongs to 'access-key-id' and has no stray spaces or line breaks. If a proxy rewrites requests, try the other 'signature-version'."
const CLOCK_HINT =
  "The runner's clock differs from Alibaba Cloud's by more than 15 minutes: check the runner's time synchronisation (NTP), then run the step again."
const RETRIED_HINT =
  'A temporary fault on the service side; it was retried automatically. If it persists, raise max-attempts or run the step again later, and quote the RequestId to Alibaba Cloud support.'
const THROTTLED_HINT =
  'The account is being rate-limited (fnf allows about 2 DeleteFlow calls a second); the call was retried with backoff. If it persists, delete fewer flows at once or raise max-attempts.'

type Catalogue = Readonly<Record<string, CatalogueEntry>>

/** Serverless Workflow's own codes (the DeleteFlow page's table, and those of DescribeFlow and StopExecution). */
const SERVICE_ERRORS: Catalogue = {
  AccessDenied: {
    httpStatus: 403,
    message: "The resources doesn't belong to you.",
    hint: 'The credentials may not delete this flow: grant the RAM action fnf:DeleteFlow (and fnf:DescribeFlow) to the user or role, and check that the flow is in this account and region.',
    transience: 'permanent'
  },
  ActionNotSupported: {
    httpStatus: 400,
    message: "The requested API operation '%s' is incorrect. Please check.",
    hint: "The endpoint does not know DeleteFlow: check that 'endpoint' (or 'region') points at Serverless Workflow (fnf).",
    transience: 'permanent'
  },
  APIVersionNotSupported: {
    httpStatus: 400,
    message: "The requested API version '%s' is not supported yet. Please check.",
    hint: "The endpoint does not serve fnf API version 2019-03-15: check 'endpoint' (or 'region').",
    transience: 'permanent'
  },
  ConcurrentUpdateError: {
    httpStatus: 409,
    message: 'Update conflict, please retry.',
    hint: 'Another request was changing this flow at the same moment; the call was retried automatically. If it persists, check that no other job deploys or deletes the same flow at the same time.',
    transience: 'transient'
  },
  EntityTooLarge: {
    httpStatus: 400,
    message: 'The payload size exceeds maximum allowed size (%s bytes).',
    hint: "The request was larger than the service accepts: check 'flow-name' and 'request-id'.",
    transience: 'permanent'
  },
  FlowNotExists: {
    httpStatus: 404,
    message: 'Flow %s does not exist.',
    hint: "No flow of this name exists in this account and region: check 'flow-name' and 'region', or set 'ignore-not-found: true' to treat a missing flow as already deleted.",
    transience: 'permanent'
  },
  InternalServerError: {
    httpStatus: 500,
    message: 'An internal error has occurred. Please retry.',
    hint: RETRIED_HINT,
    transience: 'transient'
  },
  InvalidAccessKeyID: {
    httpStatus: 403,
    message: 'The AccessKey ID %s is invalid.',
    hint: CREDENTIALS_HINT,
    transience: 'permanent'
  },
  InvalidArgument: {
    httpStatus: 400,
    message: 'Parameter error.',
    hint: "A parameter was refused: check 'flow-name' (1-128 letters, digits, _ or -, starting with a letter or _) and 'request-id'.",
    transience: 'permanent'
  },
  MissingRequiredParams: {
    httpStatus: 400,
    message: "The HTTP query '%s' must be specified.",
    hint: "The service missed a parameter flow-ops always sends: check that nothing between the runner and 'endpoint' rewrites requests; otherwise please report it.",
    transience: 'permanent'
  },
  PreconditionFailed: {
    httpStatus: 412,
    message: 'The resource to be modified has been changed.',
    hint: 'The flow changed while it was being deleted: run the step again once whatever else changes it has finished.',
    transience: 'permanent'
  },
  RequestTimeTooSkewed: {
    httpStatus: 403,
    message: 'The difference between the request time %s and the current time %s is too large.',
    hint: CLOCK_HINT,
    transience: 'permanent'
  },
  SignatureNotMatch: {
    httpStatus: 403,
    message:
      'The request signature we calculated does not match the signature you provided. Check your access key and signing method.',
    hint: SIGNATURE_HINT,
    transience: 'permanent'
  },
  UnsupportedMediaType: {
    httpStatus: 415,
    message: 'The content type must be "application/json".',
    hint: "The service refused the request's content type: try the other 'signature-version', and please report it.",
    transience: 'permanent'
  },
  ResourceThrottled: {
    httpStatus: 429,
    message: 'The request is throttled. Please try again later.',
    hint: THROTTLED_HINT,
    transience: 'throttled'
  },
  MissingRequiredHeader: {
    httpStatus: 400,
    message: "The HTTP header '%s' must be specified.",
    hint: "The service missed a header flow-ops always sends: check that nothing between the runner and 'endpoint' strips headers; otherwise please report it.",
    transience: 'permanent'
  }
}

/** Alibaba Cloud's common (POP) gateway, in front of every service. */
const GATEWAY_ERRORS: Catalogue = {
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

export const FNF_ERRORS: Catalogue = { ...SERVICE_ERRORS, ...GATEWAY_ERRORS }

/** STS AssumeRoleWithOIDC (keyless authentication). */
export const STS_ERRORS: Catalogue = {
  ...GATEWAY_ERRORS,
  'AuthenticationFail.NoPermission': {
    httpStatus: 401,
    message: 'No permission.',
    hint: "The RAM role named by 'role-arn' must trust the OIDC provider named by 'oidc-provider-arn' (which must exist), and its trust policy's conditions must match this repository and ref.",
    transience: 'permanent'
  },
  'AuthenticationFail.OIDCToken.AudienceNotMatch': {
    httpStatus: 401,
    message: 'The audience of the OIDC token does not match.',
    hint: "'oidc-audience' must be one of the Client IDs registered on the RAM OIDC provider (default sts.aliyuncs.com).",
    transience: 'permanent'
  },
  'AuthenticationFail.OIDCToken.Expired': {
    httpStatus: 401,
    message: 'The OIDC token has expired.',
    hint: "The job's OIDC token had expired when it reached STS: check the runner's clock and run the step again.",
    transience: 'permanent'
  },
  'AuthenticationFail.OIDCToken.Invalid': {
    httpStatus: 401,
    message: 'The OIDC token is invalid.',
    hint: "STS could not read the job's OIDC token: check that the RAM OIDC provider's issuer is https://token.actions.githubusercontent.com.",
    transience: 'permanent'
  },
  'AuthenticationFail.OIDCToken.InvalidSignature': {
    httpStatus: 401,
    message: 'The signature of the OIDC token is invalid.',
    hint: "The RAM OIDC provider's fingerprint does not match GitHub's current certificate: update it in the RAM console.",
    transience: 'permanent'
  }
}

/** flow-ops' own codes for what goes wrong before any request. */
const LOCAL_HINTS: Readonly<Record<string, string>> = {
  OidcTokenUnavailable:
    "Give the job `permissions: id-token: write` (OIDC tokens are not issued to pull requests from forks), or use access keys instead of 'role-arn'."
}

/**
 * Whether retrying an error can help. The catalogue decides for known codes; for the rest, any
 * code containing "Throttling" is throttling (as Alibaba's openapi-core and Terraform treat it,
 * e.g. Throttling.User with HTTP 400), and HTTP 429 and 5xx are transient.
 */
function classifyWith(catalogue: Catalogue): Classifier {
  return (code, httpStatus) => {
    const known = catalogue[code]
    if (known) return known.transience
    if (code.includes('Throttling') || httpStatus === 429) return 'throttled'
    if (httpStatus !== undefined && httpStatus >= 500) return 'transient'
    return 'permanent'
  }
}

export const classifyFnfError = classifyWith(FNF_ERRORS)
export const classifyStsError = classifyWith(STS_ERRORS)

/** What to check for a code: the catalogues' hint, else the transport hint, else flow-ops' own, else none. */
export function hintForAlibabaError(code: string): string | undefined {
  return FNF_ERRORS[code]?.hint ?? STS_ERRORS[code]?.hint ?? TRANSPORT_HINTS[code] ?? LOCAL_HINTS[code]
}
