import { describe, expect, it } from '@jest/globals'
import { cancelledAttempt, localFailure, type CallOutcome } from '../../../src/http/attempt.js'
import { attemptCounts, failEveryTarget, failureDetails, interruptedResult } from '../../../src/report/results.js'

const outcome = (over: Partial<CallOutcome<unknown>>): CallOutcome<unknown> => ({
  result: { ok: false, failure: { code: 'Busy', message: 'm', transience: 'transient', mayHaveLanded: false } },
  attempts: 1,
  throttled: 0,
  earlierAttemptMayHaveLanded: false,
  interrupted: true,
  ...over
})
const base = { name: 'f', action: 'DeleteFlow', location: 'cn-hangzhou', attempts: 1 }

describe('interruptedResult', () => {
  it('is unknown when some attempt may have reached the service, else not started', () => {
    expect(interruptedResult(base, outcome({ earlierAttemptMayHaveLanded: true })).status).toBe('unknown')
    const landed = outcome({
      result: { ok: false, failure: { code: 'Busy', message: 'm', transience: 'transient', mayHaveLanded: true } }
    })
    expect(interruptedResult(base, landed).status).toBe('unknown')
    expect(interruptedResult(base, outcome({}))).toMatchObject({
      status: 'not-started',
      message: 'the run was cancelled before DeleteFlow took effect'
    })
  })
})

describe('failureDetails and attemptCounts', () => {
  it('take the failure’s fields, the request id only as the service answered it', () => {
    const failure = { code: 'X', message: 'm', httpStatus: 400, transience: 'permanent', mayHaveLanded: false } as const
    expect(failureDetails(failure)).toEqual({ errorCode: 'X', message: 'm', httpStatus: 400 })
    expect(failureDetails({ ...failure, requestId: 'R1' })).toMatchObject({ requestId: 'R1' })
    expect(attemptCounts(outcome({ attempts: 5, throttled: 3 }))).toEqual({ attempts: 5, throttled: 3 })
    expect(attemptCounts(outcome({ attempts: 2 }))).toEqual({ attempts: 2 })
  })
})

describe('failEveryTarget', () => {
  it('fails each target with 0 attempts, the failure and its hint', () => {
    const failure = localFailure('OidcTokenUnavailable', 'no token')
    if (failure.ok) throw new Error('expected a failure')
    expect(
      failEveryTarget(['a', 'b'], { action: 'DeleteFlow', location: 'x' }, failure.failure, 'Add id-token: write.')
    ).toEqual(
      ['a', 'b'].map((name) => ({
        name,
        action: 'DeleteFlow',
        location: 'x',
        status: 'failed',
        attempts: 0,
        durationMs: 0,
        errorCode: 'OidcTokenUnavailable',
        message: 'no token',
        hint: 'Add id-token: write.'
      }))
    )
  })

  it('an attempt not sent because of cancellation reached nothing', () => {
    expect(cancelledAttempt()).toMatchObject({ ok: false, failure: { code: 'RunCancelled', mayHaveLanded: false } })
  })
})
