/**
 * What a restore sends for a flow the manifest saved: CreateFlow's and CreateSchedule's parameters
 * from the saved fields (https://www.alibabacloud.com/help/en/serverless-workflow/latest/api-fnf-2019-03-15-createflow,
 * …-createschedule), and how large the request would be on the wire.
 */
import { DRY_RUN_KEYS } from './credentials.js'
import { buildRpcRequest, FNF_API_VERSION, type RpcCall } from './request.js'
import type { AlibabaRestoreSettings, SavedFlow } from './restore-inputs.js'

/** A saved field as a form value: strings as they are, objects (Environment) as JSON, nothing for empty. */
export function formValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}

/**
 * CreateFlow's parameters from a flow's saved fields: the round-trip-safe ones (Name, Definition,
 * Description, Type, RoleArn, ExecutionMode, Environment, ResourceGroupId). Description is required
 * by the API, so an absent one is sent empty; Type is FDL, the only one there is.
 */
export function createFlowParams(flow: SavedFlow): Record<string, string> | undefined {
  const service = flow.service ?? {}
  const definition = formValue(service['Definition'])
  if (!definition) return undefined
  const params: Record<string, string> = {
    Name: flow.name,
    Definition: definition,
    Description: formValue(service['Description']) ?? '',
    Type: formValue(service['Type']) || 'FDL'
  }
  for (const key of ['RoleArn', 'ExecutionMode', 'Environment', 'ResourceGroupId']) {
    const value = formValue(service[key])
    if (value) params[key] = value
  }
  return params
}

/**
 * CreateSchedule's parameters from a saved schedule. Enable is always sent: its default is not
 * documented, and a schedule whose saved state is unreadable is created disabled, so that a
 * restore never starts executions nobody knew were on.
 */
export function createScheduleParams(
  flow: string,
  schedule: Record<string, unknown>
): Record<string, string> | undefined {
  const name = formValue(schedule['ScheduleName'])
  const cron = formValue(schedule['CronExpression'])
  if (!name || !cron) return undefined
  const enable = schedule['Enable']
  const params: Record<string, string> = {
    FlowName: flow,
    ScheduleName: name,
    CronExpression: cron,
    Enable: enable === true || enable === 'true' ? 'true' : 'false'
  }
  const payload = formValue(schedule['Payload'])
  if (payload) params['Payload'] = payload
  const description = formValue(schedule['Description'])
  if (description) params['Description'] = description
  return params
}

/** A Serverless Workflow request's largest size: 1,024 KiB (the limits page). */
export const MAX_REQUEST_BYTES = 1024 * 1024
/** The code of a flow whose CreateFlow would be larger than the service accepts. */
export const REQUEST_TOO_LARGE = 'RequestTooLarge'

/** The bytes a call would be on the wire, signed as the run signs (stand-in keys: a signature's length is fixed). */
export function encodedSize(
  call: RpcCall,
  settings: Pick<AlibabaRestoreSettings, 'endpoint' | 'signatureVersion'>
): number {
  const request = buildRpcRequest(call, {
    endpoint: settings.endpoint,
    credentials: DRY_RUN_KEYS,
    signatureVersion: settings.signatureVersion,
    apiVersion: FNF_API_VERSION,
    timestamp: new Date(0),
    nonce: '0'.repeat(32)
  })
  const headers = Object.entries(request.headers).reduce((sum, [k, v]) => sum + k.length + v.length + 4, 0)
  return Buffer.byteLength(request.url) + headers + Buffer.byteLength(request.body ?? '')
}
