/**
 * What the EnOS API gateway, its token service and the Batch Processing Service answer, as data:
 * code → message, what the user should check, and whether retrying can help. Sources:
 * - token service status codes: https://support.enos-iot.com/docs/apim/en/2.4.0/token/get_access_token.html;
 * - the gateway's HTTP errors: https://support.enos-iot.com/docs/api/en/2.4.0/gettingstarted.html;
 * - Batch Processing error codes (621xx) and Cancel Flow Instance's prerequisites:
 *   https://support.enos-iot.com/docs/batch-processing-api/en/2.3.0/v2.1/flow_instance/cancel_flow_instance.html.
 */
import type { Transience } from '../../http/attempt.js'
import { TRANSPORT_HINTS } from '../../http/failures.js'

export interface EnosCatalogueEntry {
  message: string
  hint: string
  transience: Transience
}

const CREDENTIALS_HINT =
  "Check 'app-key' and 'app-secret' (or ENOS_APP_KEY and ENOS_APP_SECRET): the application's AccessKey and SecretKey from Application Registration on this gateway's EnOS environment."
const RETRIED_HINT =
  'A temporary fault on the EnOS side, which flow-ops retries up to max-attempts. If it persists, raise max-attempts or run the step again later, and quote the requestId to EnOS support.'

export const ENOS_ERRORS: Readonly<Record<string, EnosCatalogueEntry>> = {
  // Batch Processing Service (621xx).
  '62101': {
    message: 'userId does not exist, or it does not match to orgId.',
    hint: "Check 'user-id' and 'org-id' (or ENOS_USER_ID and ENOS_ORG_ID): the user must exist and belong to that organization.",
    transience: 'permanent'
  },
  '62102': {
    message: 'Invalid parameter.',
    hint: "Check 'flow-instance-id' (such as 2438-201908081020): the instance must exist in this organization and still be running.",
    transience: 'permanent'
  },
  '62103': {
    message: 'User has no privilege.',
    hint: "The user given by 'user-id' must own the workflow instance (Cancel Flow Instance's prerequisite), and the application's service account must be allowed to call the Batch Processing Service APIs.",
    transience: 'permanent'
  },
  '62104': {
    message: 'The workflow does not allow this operation.',
    hint: "The workflow refused the operation: check the workflow's state in the EnOS Batch Processing console.",
    transience: 'permanent'
  },
  '62105': {
    message: 'Your account has been locked.',
    hint: "Neither the user nor the workflow may be locked (Cancel Flow Instance's prerequisite): ask the organization's administrator to unlock the user given by 'user-id', or finish the edit that holds the workflow's lock.",
    transience: 'permanent'
  },
  '62109': {
    message: 'Internal server exception',
    hint: RETRIED_HINT,
    transience: 'transient'
  },
  // Token service (apim-token-service), values of its `status` field.
  '1001': {
    message: 'Repeated requests with duplicated encryption.',
    hint: 'Two token requests carried the same timestamp; flow-ops signs each attempt with a fresh one and retries up to max-attempts. If it persists, something is replaying requests.',
    transience: 'transient'
  },
  '1002': {
    message: 'The appKey does not exist.',
    hint: CREDENTIALS_HINT,
    transience: 'permanent'
  },
  '1003': {
    message: 'The encryption is not valid.',
    hint: "The token service refused the signature made with 'app-secret': check that it belongs to 'app-key' and has no stray spaces or line breaks.",
    transience: 'permanent'
  },
  '1004': {
    message: 'Invalid parameter.',
    hint: "The token request was refused as invalid: check 'app-key', and the runner's clock (the request carries a timestamp).",
    transience: 'permanent'
  },
  '1005': {
    message: 'Internal service exception.',
    hint: RETRIED_HINT,
    transience: 'transient'
  },
  '1202': {
    message: 'The parameter is empty.',
    hint: CREDENTIALS_HINT,
    transience: 'permanent'
  },
  '1203': {
    message: 'The access token has expired.',
    hint: "The access token expired even after a fresh one was fetched: check the runner's clock, and that 'apigw-url' is the gateway the application is registered on.",
    transience: 'permanent'
  },
  '1204': {
    message: 'Failed to refresh access token.',
    hint: CREDENTIALS_HINT,
    transience: 'permanent'
  },
  // The API gateway itself, which answers with an HTTP status.
  HTTP400: {
    message: 'Cannot process request body',
    hint: "The gateway could not read the request: check that nothing between the runner and 'apigw-url' rewrites requests; otherwise please report it.",
    transience: 'permanent'
  },
  HTTP401: {
    message: 'Invalid authentication credentials',
    hint: `The gateway refused the token or signature, also with a fresh token. ${CREDENTIALS_HINT} Check also the runner's clock and that 'apigw-url' is the right gateway.`,
    transience: 'permanent'
  },
  HTTP403: {
    message: 'Your IP address is not allowed',
    hint: "The gateway does not accept requests from the runner's IP address: ask the EnOS administrator to allow it, or run the job on a runner whose address is allowed.",
    transience: 'permanent'
  },
  HTTP413: {
    message: 'Request size limit exceeded',
    hint: "The request was larger than the gateway accepts: check 'flow-instance-id'.",
    transience: 'permanent'
  },
  HTTP429: {
    message: 'API rate limit exceeded',
    hint: 'The application is being rate-limited; flow-ops slows down and retries throttled calls. If it persists, cancel fewer instances at once or raise max-attempts.',
    transience: 'throttled'
  },
  HTTP500: {
    message: 'An unexpected error occurred',
    hint: RETRIED_HINT,
    transience: 'transient'
  },
  HTTP503: {
    message: 'Service unavailable',
    hint: 'The gateway did not reach the service (flow-ops retries that up to max-attempts). If it persists, the application may not be allowed to use the Batch Processing Service: check its authorization in the EnOS console.',
    transience: 'transient'
  }
}

/** Whether retrying can help: the catalogue for known codes, else HTTP 429 throttling and 5xx transient. */
export function classifyEnosError(code: string, httpStatus: number | undefined): Transience {
  const known = ENOS_ERRORS[code]
  if (known) return known.transience
  if (httpStatus === 429) return 'throttled'
  if (httpStatus !== undefined && httpStatus >= 500) return 'transient'
  return 'permanent'
}

/** The calls about a flow (its id is flow-id's) rather than one of its instances. */
const FLOW_CALLS = new Set(['GetFlow', 'EnableFlow', 'DisableFlow'])

/**
 * What to check for a code of an action. 62102 ("invalid parameter") names the input the call
 * took its parameters from: a search's flow-id and lookback-hours (and the sort field, when that
 * is what the gateway refused), a flow call's flow-id, and only Cancel and Get Flow Instance's
 * flow-instance-id.
 */
export function hintForEnosError(code: string, action?: string, message = ''): string | undefined {
  if (code === '62102' && action === 'ListFlowInstances') {
    const sorters = /sort/i.test(message)
      ? " The gateway refused a sort field: flow-ops sends none, so something between the runner and 'apigw-url' added one."
      : ''
    return `List Flow Instances refused a parameter: check 'flow-id' (a positive whole number such as 2438, the number before the '-' in its instances' ids) and 'lookback-hours' (1 to 8760).${sorters}`
  }
  if (code === '62102' && action !== undefined && FLOW_CALLS.has(action)) {
    return `${action} refused a parameter: check 'flow-id' (a positive whole number such as 2438): the flow must exist in this organization ('org-id').`
  }
  return ENOS_ERRORS[code]?.hint ?? TRANSPORT_HINTS[code]
}
