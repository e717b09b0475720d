import { describe, expect, it } from '@jest/globals'
import {
  annotationsFor,
  cancellationMessage,
  countsByStatus,
  errorMessageFor,
  failureAccount
} from '../../../src/report/annotations.js'
import type { TargetResult } from '../../../src/report/results.js'
import { DELETE, deleted, failed, manyFailed, notFound } from '../../helpers/results.js'

describe('errorMessageFor', () => {
  it('a listing that failed says the page it failed on, apart from that page’s attempts', () => {
    const listing: TargetResult = { ...failed, action: 'ListExecutions', attempts: 1, page: 1000 }
    expect(errorMessageFor(listing)).toMatch(/^ListExecutions '.*' \(.*\) failed on page 1000, after 1 attempt:/)
  })

  it('says what was attempted, the code, status, message, hint and RequestId', () => {
    expect(errorMessageFor(failed)).toBe(
      "DeleteFlow 'c' (cn-hangzhou) failed after 1 attempt: AccessDenied (HTTP 403): The resources doesn't belong to you. — Grant fnf:DeleteFlow. RequestId: R3."
    )
  })

  it('copes with a failure that has no status, hint or request id', () => {
    expect(
      errorMessageFor({
        name: 'd',
        status: 'failed',
        action: 'DeleteFlow',
        location: 'x',
        errorCode: 'Weird',
        message: 'm',
        attempts: 3,
        durationMs: 0
      })
    ).toBe("DeleteFlow 'd' (x) failed after 3 attempts: Weird: m RequestId: none.")
  })

  it('counts throttled answers apart from the attempts max-attempts counts', () => {
    expect(errorMessageFor({ ...failed, attempts: 12, throttled: 9 })).toContain(
      'failed after 3 attempts and 9 throttled answers:'
    )
    expect(errorMessageFor({ ...failed, attempts: 2, throttled: 1 })).toContain(
      'failed after 1 attempt and 1 throttled answer:'
    )
  })

  it('shortens a long message when asked to', () => {
    expect(errorMessageFor({ ...failed, message: 'x'.repeat(50) }, 10)).toContain('xxxxxxxxxx… (shortened)')
  })
})

describe('annotationsFor', () => {
  it('titles each annotation with the action and the target, so the run page tells them apart', () => {
    expect(annotationsFor([deleted, failed])).toEqual([
      { title: 'DeleteFlow failed: c', message: errorMessageFor(failed, 1024) }
    ])
  })

  it('keeps within 10 a step: the last says how many more failed', () => {
    expect(annotationsFor(manyFailed(10, 'm'))).toHaveLength(10)
    const capped = annotationsFor(manyFailed(25, 'm'))
    expect(capped).toHaveLength(10)
    expect(capped[8]!.message).toContain("DeleteFlow 'flow-8'")
    expect(capped[9]).toEqual({
      title: '16 more targets failed',
      message: expect.stringMatching(/^16 more targets failed: flow-9, flow-10, .*flow-24\. The job summary/)
    })
    // Room is kept for the run's own errors (a cancellation, an output file that could not be written).
    expect(annotationsFor(manyFailed(25, 'm'), 2)).toHaveLength(8)
  })

  it('has none when nothing failed', () => {
    expect(annotationsFor([deleted])).toEqual([])
  })
})

describe('a cancelled run', () => {
  const notStarted: TargetResult = { ...deleted, name: 'z', status: 'not-started' }
  it('counts the targets by state, done in the provider’s word', () => {
    expect(countsByStatus([deleted, notStarted, notStarted], 'deleted')).toBe('1 deleted, 2 not started')
    expect(cancellationMessage([deleted, notStarted], 'SIGTERM', 'cancelled')).toBe(
      'The run was cancelled (SIGTERM) before every target was done: 1 cancelled, 1 not started. Targets not started were not touched: run the step again for them.'
    )
  })

  it('cancelled while selecting or preparing: what it was doing, and never an empty count', () => {
    expect(
      cancellationMessage([], 'SIGTERM', 'cancelled', 'listing the flows of cn-hangzhou (ListFlows, page 4)')
    ).toBe(
      'The run was cancelled (SIGTERM) while listing the flows of cn-hangzhou (ListFlows, page 4); nothing else was changed: no target had been found yet. Run the step again to finish.'
    )
    expect(
      cancellationMessage(
        [notStarted],
        'SIGINT',
        'cancelled',
        'disabling flow 7 (Disable Flow, which may have taken effect)'
      )
    ).toBe(
      'The run was cancelled (SIGINT) while disabling flow 7 (Disable Flow, which may have taken effect); nothing else was changed: 1 not started. Run the step again to finish.'
    )
    expect(cancellationMessage([], 'SIGTERM', 'deleted')).not.toContain(': .')
  })
})

describe('failureAccount: the one line a failed step ends with', () => {
  it('names how many of how many failed, and which', () => {
    expect(failureAccount([deleted, notFound, failed], DELETE)).toBe('1 of 3 flows failed: c')
    const many = manyFailed(12, 'no')
    expect(failureAccount([deleted, ...many], DELETE)).toBe(
      `12 of 13 flows failed: ${many
        .slice(0, 10)
        .map((r) => r.name)
        .join(', ')} and 2 more`
    )
  })

  it('says nothing when nothing failed', () => {
    expect(failureAccount([deleted, notFound], DELETE)).toBeUndefined()
    expect(failureAccount([], DELETE)).toBeUndefined()
  })

  it("gives the run's own failure, a cancelled run and unwritten outputs in the same line", () => {
    const runFailure = { action: 'ListFlows', code: 'AccessDenied', message: 'no' }
    expect(failureAccount([{ ...deleted, status: 'not-started' }], { ...DELETE, runFailure })).toBe(
      'ListFlows failed (AccessDenied): 1 not started'
    )
    expect(failureAccount([deleted], { ...DELETE, cancelledBy: 'SIGTERM' }, true)).toBe(
      "The run was cancelled (SIGTERM) before every target was done: 1 deleted. Targets not started were not touched: run the step again for them; the step's outputs could not be written"
    )
  })
})
