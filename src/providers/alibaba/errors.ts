/**
 * What Alibaba Cloud answers, as data: code → documented HTTP status, the service's message, what
 * the user should check, and whether retrying can help. One table per service (Serverless
 * Workflow, STS), each with the common (POP) gateway's codes. Sources:
 * - the error tables of DeleteFlow, DescribeFlow, StopExecution, ListSchedules, DeleteSchedule:
 *   https://www.alibabacloud.com/help/en/serverless-workflow/latest/api-fnf-2019-03-15-deleteflow
 *   (and …-describeflow, …-stopexecution, …-listschedules, …-deleteschedule);
 * - the POP gateway's codes: https://help.aliyun.com/document_detail/48054.html;
 * - STS error codes: https://help.aliyun.com/zh/ram/developer-reference/api-sts-2015-04-01-errorcodes.
 */
import { TRANSPORT_HINTS } from '../../http/failures.js'
import {
  CLOCK_HINT,
  CREDENTIALS_HINT,
  GATEWAY_ERRORS,
  RETRIED_HINT,
  SIGNATURE_HINT,
  THROTTLED_HINT,
  type Catalogue
} from './gateway-errors.js'
import type { Classifier } from './response.js'

export type { CatalogueEntry } from './gateway-errors.js'

/** Serverless Workflow's own codes (the DeleteFlow page's table, and those of DescribeFlow and StopExecution). */
const SERVICE_ERRORS: Catalogue = {
  AccessDenied: {
    httpStatus: 403,
    message: "The resources doesn't belong to you.",
    hint: 'The credentials may not delete this flow: grant the RAM action `fnf:DeleteFlow` (and `fnf:DescribeFlow`) to the user or role, and check that the flow is in this account and region.',
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
    hint: 'Another request was changing this flow at the same moment, which flow-ops retries up to max-attempts. If it persists, check that no other job deploys or deletes the same flow at the same time.',
    transience: 'transient'
  },
  ExecutionAlreadyCompleted: {
    httpStatus: 400,
    message: 'Execution %s has already completed.',
    hint: 'The execution ended before StopExecution reached it; flow-ops counts that as stopped.',
    transience: 'permanent'
  },
  ExecutionNotExists: {
    httpStatus: 404,
    message: 'Execution %s does not exist.',
    hint: 'The execution is gone; flow-ops counts that as stopped.',
    transience: 'permanent'
  },
  ScheduleNotExists: {
    httpStatus: 404,
    message: 'Schedule %s does not exist.',
    hint: 'The schedule is gone; flow-ops counts that as deleted.',
    transience: 'permanent'
  },
  EntityTooLarge: {
    httpStatus: 400,
    message: 'The payload size exceeds maximum allowed size (%s bytes).',
    hint: "The request was larger than the service accepts: check 'flow-name' and 'request-id'.",
    transience: 'permanent'
  },
  FlowAlreadyExists: {
    httpStatus: 409,
    message: 'Flow %s already exists.',
    hint: 'A flow of this name is there already: a restore leaves it as it is and creates only its missing schedules.',
    transience: 'permanent'
  },
  ScheduleAlreadyExists: {
    httpStatus: 409,
    message: 'The schedule %s already exists in flow %s.',
    hint: 'A schedule of this name is there already: a restore leaves it as it is.',
    transience: 'permanent'
  },
  FlowNotExists: {
    httpStatus: 404,
    message: 'Flow %s does not exist.',
    hint: "No flow of this name exists in this account and region: check 'flow-name' and 'region', or set `ignore-not-found: true` to treat a missing flow as already deleted.",
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

const SECURITY_TOKEN_HINT =
  "The service refused 'security-token' (or ALIBABA_CLOUD_SECURITY_TOKEN): it must be the token issued with this temporary key (STS.…), whole and not expired. Temporary credentials last as long as the role allows: get new ones and run the step again, or authenticate without keys ('role-arn' and 'oidc-provider-arn')."

/**
 * Whether a code says the run's own credentials, signature or clock were refused: true of every
 * call the run makes, so it is reported as itself whatever call meets it first (never as a
 * backup that could not be read, whose hint would send the user to the wrong place).
 */
export function isCredentialFailure(code: string): boolean {
  if (/^(InvalidSecurityToken|InvalidAccessKeyId|IncompleteSignature)(\.|$)/i.test(code)) return true
  const hint = FNF_ERRORS[code]?.hint
  return hint === CREDENTIALS_HINT || hint === SIGNATURE_HINT || hint === CLOCK_HINT
}

/**
 * What to check for a code of an action: the catalogues' hint, else the transport hint, else
 * flow-ops' own. AccessDenied names the RAM action the call needs.
 */
export function hintForAlibabaError(code: string, action = 'DeleteFlow'): string | undefined {
  if (code === 'AccessDenied' && action.startsWith('Create')) {
    return `The credentials may not call ${action}: grant the RAM actions \`fnf:CreateFlow\` and \`fnf:CreateSchedule\` to the user or role that restores, and check that the region is the one the flows were deleted from.`
  }
  if (code === 'FlowNotExists' && action === 'CreateSchedule') {
    return 'The flow was there a moment ago but is gone: DeleteFlow is asynchronous, and a flow still being deleted answers FlowAlreadyExists to CreateFlow. Run the restore again in a minute (give the teardown `wait: true` to finish deleting first).'
  }
  if (code === 'AccessDenied' && action !== 'DeleteFlow') {
    return `The credentials may not call ${action}: grant the RAM action \`fnf:${action}\` to the user or role (a teardown needs \`fnf:ListFlows\`, \`fnf:ListSchedules\`, \`fnf:DeleteSchedule\`, \`fnf:ListExecutions\`, \`fnf:StopExecution\` and \`fnf:DeleteFlow\` as its inputs ask), and check that the flow is in this account and region.`
  }
  if (/^InvalidSecurityToken(\.|$)/.test(code)) return SECURITY_TOKEN_HINT
  return FNF_ERRORS[code]?.hint ?? STS_ERRORS[code]?.hint ?? TRANSPORT_HINTS[code] ?? LOCAL_HINTS[code]
}
