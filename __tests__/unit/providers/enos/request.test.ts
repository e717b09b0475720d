import { describe, expect, it } from '@jest/globals'
import { buildSignedRequest, searchFlowInstancesCall } from '../../../../src/providers/enos/request.js'

describe('buildSignedRequest', () => {
  it('builds the documented cancel request (docs/test-vectors.md, TV-3)', () => {
    const request = buildSignedRequest(
      {
        method: 'POST',
        path: '/batch-processing-service/v2.1/flowInstances',
        query: { action: 'cancel', userId: 'u15000000000002', orgId: 'o15000000000001' },
        body: JSON.stringify({ flowInstId: '2438-201908081020' })
      },
      new URL('https://apim.example.com'),
      'TOKEN123',
      'SECRET456',
      1700000000000
    )
    expect(request).toEqual({
      method: 'POST',
      url: 'https://apim.example.com/batch-processing-service/v2.1/flowInstances?action=cancel&userId=u15000000000002&orgId=o15000000000001',
      headers: {
        'apim-accesstoken': 'TOKEN123',
        'apim-signature': '8b80ceea2298bfc89cbd012601e3bc101bbe240bc904328b58d87be8bc6bd91d',
        'apim-timestamp': '1700000000000',
        'content-type': 'application/json;charset=UTF-8'
      },
      body: '{"flowInstId":"2438-201908081020"}'
    })
  })

  it('builds the get request with no body (docs/test-vectors.md, TV-4)', () => {
    const request = buildSignedRequest(
      {
        method: 'GET',
        path: '/batch-processing-service/v2.1/flowInstances',
        query: { action: 'get', flowInstId: '2438-201908081020', userId: 'u15000000000002', orgId: 'o15000000000001' }
      },
      new URL('https://apim.example.com'),
      'TOKEN123',
      'SECRET456',
      1700000000000
    )
    expect(request.body).toBeUndefined()
    expect(request.headers).toEqual({
      'apim-accesstoken': 'TOKEN123',
      'apim-signature': 'da37084260c8861e5c8942b3aa9beab32713efe093d092540a11e7ddc2cea291',
      'apim-timestamp': '1700000000000'
    })
  })
})

describe('searchFlowInstancesCall', () => {
  it('sends no sorters: the docs name the fields two ways, and a gateway refuses the other', () => {
    const call = searchFlowInstancesCall(
      { type: 1, expression: '24', fromTriggerTime: 1, toTriggerTime: 2, statuses: [0, 2], pageNo: 0 },
      { userId: 'u1', orgId: 'o1' }
    )
    expect(JSON.parse(call.body!)).toEqual({
      type: 1,
      expression: '24',
      owner: '',
      fromTriggerTime: 1,
      toTriggerTime: 2,
      status: '0,2',
      pagination: { pageNo: 0, pageSize: 100 }
    })
  })
})
