import { describe, expect, it } from '@jest/globals'
import type { CallOutcome } from '../../../../src/http/attempt.js'
import { deleteOutcome, requestIdFor } from '../../../../src/providers/alibaba/delete-flow.js'
import { previewDeleteFlow } from '../../../../src/providers/alibaba/delete-preview.js'
import { flowLocation } from '../../../../src/providers/alibaba/endpoint.js'
import type { AlibabaSettings } from '../../../../src/providers/alibaba/inputs.js'
import type { RpcSuccess } from '../../../../src/providers/alibaba/response.js'
import { recordingLogger } from '../../../helpers/logger.js'
import { detailed } from '../../../helpers/results.js'

const settings: AlibabaSettings = {
  flowNames: ['a', 'b'],
  region: 'cn-hangzhou',
  endpoint: new URL('https://cn-hangzhou.fnf.aliyuncs.com'),
  auth: { kind: 'keys', keys: { accessKeyId: 'id', accessKeySecret: 'secret' } },
  signatureVersion: 'v1',
  ignoreNotFound: false,
  flowNamePatterns: [],
  deleteSchedules: false,
  stopExecutions: false,
  backup: false,
  sweep: { excludePatterns: [] }
}
const named = (name: string) => ({ name, selected: false })
const counts = (attempts = 1) => ({ logger: recordingLogger(), tally: { attempts, throttled: 0 } })
const notExists = {
  code: 'FlowNotExists',
  message: 'Flow a does not exist.',
  httpStatus: 404,
  transience: 'permanent' as const,
  mayHaveLanded: false
}
const outcome = (over: Partial<CallOutcome<RpcSuccess>>): CallOutcome<RpcSuccess> => ({
  result: { ok: true, value: { httpStatus: 200, body: {}, requestId: 'R' } },
  attempts: 1,
  throttled: 0,
  earlierAttemptMayHaveLanded: false,
  interrupted: false,
  ...over
})

describe('deleteOutcome', () => {
  it('a success is done, with the service’s request id and status', () => {
    expect(deleteOutcome(named('a'), settings, undefined, outcome({}), counts())).toEqual({
      result: {
        name: 'a',
        action: 'DeleteFlow',
        location: 'cn-hangzhou',
        attempts: 1,
        status: 'done',
        httpStatus: 200,
        requestId: 'R'
      }
    })
  })

  it('FlowNotExists after an attempt that may have landed is done: that attempt deleted it', () => {
    const { result } = deleteOutcome(
      named('a'),
      settings,
      undefined,
      outcome({ result: { ok: false, failure: notExists }, attempts: 2, earlierAttemptMayHaveLanded: true }),
      counts(2)
    )
    expect(result).toMatchObject({ status: 'done', message: 'deleted by an earlier attempt whose answer was lost' })
  })

  it('FlowNotExists under ignore-not-found is not found, known to be gone; otherwise a failure with a hint', () => {
    const missing = outcome({ result: { ok: false, failure: notExists } })
    expect(
      deleteOutcome(named('a'), { ...settings, ignoreNotFound: true }, undefined, missing, counts())
    ).toMatchObject({
      result: { status: 'not-found', errorCode: 'FlowNotExists' },
      finalState: 'gone'
    })
    const failed = deleteOutcome(named('a'), settings, 'given', missing, counts()).result
    // The given RequestId is not the service's answer: it is never reported as one.
    expect(failed.requestId).toBeUndefined()
    expect(failed).toMatchObject({
      status: 'failed',
      hint: expect.stringContaining('ignore-not-found')
    })
  })

  it('FlowNotExists for a flow found by listing is not found whatever ignore-not-found says: someone else deleted it', () => {
    const missing = outcome({ result: { ok: false, failure: notExists } })
    expect(deleteOutcome({ name: 'a', selected: true }, settings, undefined, missing, counts())).toMatchObject({
      result: { status: 'not-found' },
      finalState: 'gone'
    })
  })

  it('counts every call made for the flow, and carries what was found hanging off it', () => {
    const { result } = deleteOutcome(named('a'), settings, undefined, outcome({}), {
      logger: recordingLogger(),
      tally: { attempts: 6, throttled: 1 },
      found: { schedules: ['s1'], schedulesDeleted: 1 }
    })
    // attempts are DeleteFlow's own (what max-attempts governs); requests are every one made for the flow.
    expect(detailed(result)).toMatchObject({ attempts: 1, requests: 6, schedules: ['s1'], schedulesDeleted: 1 })
    expect(result.throttled).toBeUndefined()
  })
})

describe('requestIdFor, flowLocation and the preview', () => {
  it('suffixes a given request id when there are several flows', () => {
    expect(requestIdFor({ ...settings, requestId: 'run' }, { index: 1, count: 2 })).toBe('run-2')
    expect(requestIdFor({ ...settings, requestId: 'run' }, { index: 0, count: 1 })).toBe('run')
    expect(requestIdFor(settings, { index: 0, count: 2 })).toBeUndefined()
  })

  it('says where: the region, or the endpoint’s host without one', () => {
    expect(flowLocation(settings)).toBe('cn-hangzhou')
    expect(flowLocation({ ...settings, region: '' })).toBe('cn-hangzhou.fnf.aliyuncs.com')
  })

  it('signs a keyless dry run with stand-in keys, and shows no secret', () => {
    const preview = previewDeleteFlow(
      { ...settings, auth: { kind: 'oidc', role: {} as never } },
      { ...named('a'), index: 0, count: 2 },
      { now: () => 0 }
    )
    expect(preview).toMatch(
      /^POST https:\/\/cn-hangzhou\.fnf\.aliyuncs\.com\/\?Action=DeleteFlow&.*AccessKeyId=\*\*\*&SecurityToken=\*\*\*&Signature=\*\*\* .* body: Name=a$/
    )
  })
})
