/** Target results as the report gets them, for the report's tests. */
import type { TargetResult } from '../../src/report/results.js'

export const deleted: TargetResult = {
  name: 'a',
  status: 'done',
  action: 'DeleteFlow',
  location: 'cn-hangzhou',
  requestId: 'R1',
  httpStatus: 200,
  attempts: 1,
  durationMs: 12
}

export const notFound: TargetResult = {
  name: 'b',
  status: 'not-found',
  action: 'DeleteFlow',
  location: 'cn-hangzhou',
  requestId: 'R2',
  errorCode: 'FlowNotExists',
  message: 'Flow b does not exist.',
  httpStatus: 404,
  attempts: 1,
  durationMs: 5
}

export const failed: TargetResult = {
  name: 'c',
  status: 'failed',
  action: 'DeleteFlow',
  location: 'cn-hangzhou',
  requestId: 'R3',
  errorCode: 'AccessDenied',
  message: "The resources doesn't belong to you.",
  httpStatus: 403,
  hint: 'Grant fnf:DeleteFlow.',
  attempts: 1,
  durationMs: 1500
}

/** `n` failed targets with the same long message. */
export function manyFailed(n: number, message: string): TargetResult[] {
  return Array.from({ length: n }, (_, i) => ({ ...failed, name: `flow-${i}`, message, hint: 'Check it.' }))
}

/** How the delete operation's report is told the words for done. */
export const DELETE = { operation: 'delete', doneStatus: 'deleted', targetNoun: 'flow' }

/**
 * A result with its details also under the keys the `results` output gives them (schedules,
 * schedulesDeleted, …), so that a test can say what a provider found in the output's terms.
 */
export function detailed<T extends Pick<TargetResult, 'details'>>(result: T | undefined): T & Record<string, unknown> {
  if (!result) throw new Error('no result')
  const keys = (result.details ?? []).flatMap((d) => [[d.key, d.items] as const, [d.doneKey, d.done] as const])
  return { ...result, ...Object.fromEntries(keys) }
}
