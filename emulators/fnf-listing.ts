/**
 * What the fnf emulator keeps beside its flows for a teardown: each flow's schedules and
 * executions, and listings in pages the way the List* APIs answer them (an opaque NextToken,
 * pages that may be shorter than Limit while more remain). Shapes as Alibaba's generated SDK
 * models them (https://github.com/aliyun/alibabacloud-typescript-sdk, folder fnf-20190315).
 */

export type ExecutionStatus = 'Starting' | 'Running' | 'Stopped' | 'Succeeded' | 'Failed' | 'TimedOut'

export interface ExecutionRecord {
  status: ExecutionStatus
  startedTime: string
  /** What StopExecution was given. */
  cause?: string
  error?: string
}

export interface ScheduleRecord {
  id: string
  cronExpression: string
  createdTime: string
  /** As CreateSchedule took them (a JSON string; the enabled state; free text). */
  payload?: string
  enable?: boolean
  description?: string
}

export class ListingError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

/** The Limit parameter: absent means the API's default; outside its range is InvalidArgument. */
export function parseLimit(raw: string | undefined, max: number, fallback: number): number {
  if (raw === undefined || raw === '') return fallback
  const limit = Number(raw)
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new ListingError(400, 'InvalidArgument', `Parameter error: Limit must be from 1 to ${max}, got ${raw}.`)
  }
  return limit
}

const TOKEN_PREFIX = 'emu-next-'

/**
 * One page of `items` from the position NextToken names: at most `limit` items, and at most
 * `maxPageSize` (a service may answer fewer than asked), with a NextToken while any remain.
 */
export function pageOf<T>(
  items: readonly T[],
  { limit, nextToken, maxPageSize }: { limit: number; nextToken: string | undefined; maxPageSize: number }
): { page: T[]; nextToken: string | undefined } {
  let start = 0
  if (nextToken) {
    const offset = nextToken.startsWith(TOKEN_PREFIX) ? Number(nextToken.slice(TOKEN_PREFIX.length)) : NaN
    if (!Number.isInteger(offset) || offset < 0) {
      throw new ListingError(400, 'InvalidArgument', `Parameter error: NextToken '${nextToken}' is invalid.`)
    }
    start = offset
  }
  const end = Math.min(items.length, start + Math.min(limit, maxPageSize))
  return { page: items.slice(start, end), nextToken: end < items.length ? `${TOKEN_PREFIX}${end}` : undefined }
}
