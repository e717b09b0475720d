import { describe, expect, it } from '@jest/globals'
import { previewCancel, reachedState, statusName } from '../../../../src/providers/enos/cancel-instance.js'

describe('the instance statuses', () => {
  it('names a status number, or says it is unknown', () => {
    expect([statusName(8), statusName(-1), statusName(42), statusName(undefined)]).toEqual([
      'CANCEL',
      'FAIL',
      '42',
      'unknown'
    ])
  })

  it('a wait that saw CANCEL is the expected end; any other final status is a warning', () => {
    expect(reachedState('1-1', 'CANCEL', 'apigw')).toEqual({
      warning: false,
      message: "Flow instance '1-1' (apigw) reached CANCEL"
    })
    expect(reachedState('1-1', 'SUCCESS', 'apigw')).toEqual({
      warning: true,
      message: "Flow instance '1-1' (apigw) reached SUCCESS: it finished before the cancel took effect"
    })
  })
})

describe('previewCancel', () => {
  it('signs with a stand-in token and shows neither token nor signature', () => {
    const preview = previewCancel(
      {
        instanceIds: ['1-1'],
        apigw: new URL('https://apigw.example.com'),
        credentials: { appKey: 'k', appSecret: 's' },
        userId: 'u',
        orgId: 'o',
        flowIds: [],
        lookbackHours: 168,
        disableFlow: false
      },
      { name: '1-1' },
      { now: () => 0 }
    )
    expect(preview).toBe(
      'POST https://apigw.example.com/batch-processing-service/v2.1/flowInstances?action=cancel&userId=u&orgId=o {"apim-accesstoken":"***","apim-signature":"***","apim-timestamp":"0","content-type":"application/json;charset=UTF-8"} body: {"flowInstId":"1-1"}'
    )
  })
})
