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
