/** What a restore sends for a flow the manifest saved: CreateFlow's and CreateSchedule's parameters, and their size. */
import { describe, expect, it } from '@jest/globals'
import {
  createFlowParams,
  createScheduleParams,
  encodedSize,
  MAX_REQUEST_BYTES
} from '../../../../src/providers/alibaba/restore-params.js'
import { createFlowCall } from '../../../../src/providers/alibaba/request.js'

describe('what a restore sends', () => {
  it('CreateFlow: the round-trip-safe fields, Environment as one JSON field, Description even when empty; nothing without a definition', () => {
    expect(
      createFlowParams({
        name: 'f',
        service: {
          Name: 'f',
          Id: 'x',
          Definition: 'd',
          Environment: { Variables: [] },
          RoleArn: '',
          ExecutionMode: 'Standard',
          CreatedTime: 't'
        },
        schedules: [],
        maybeDeleted: true
      })
    ).toEqual({
      Name: 'f',
      Definition: 'd',
      Description: '',
      Type: 'FDL',
      ExecutionMode: 'Standard',
      Environment: '{"Variables":[]}'
    })
    expect(createFlowParams({ name: 'f', schedules: [], maybeDeleted: true })).toBeUndefined()
  })

  it('CreateSchedule: Enable always sent; a saved state that is not readable is sent as disabled', () => {
    expect(createScheduleParams('f', { ScheduleName: 's', CronExpression: 'c', Enable: true, Payload: '{}' })).toEqual({
      FlowName: 'f',
      ScheduleName: 's',
      CronExpression: 'c',
      Enable: 'true',
      Payload: '{}'
    })
    expect(createScheduleParams('f', { ScheduleName: 's', CronExpression: 'c' })!['Enable']).toBe('false')
    expect(createScheduleParams('f', { ScheduleName: 's' })).toBeUndefined()
  })
})

describe('the size of a CreateFlow on the wire', () => {
  const settings = { endpoint: new URL('https://cn-hangzhou.fnf.aliyuncs.com'), signatureVersion: 'v1' as const }
  it('counts the definition as it is encoded (a byte that is percent-encoded counts three times; the signature’s own encoding varies by a few bytes)', () => {
    const plain = encodedSize(createFlowCall({ Name: 'f', Definition: 'a'.repeat(1000) }), settings)
    const encoded = encodedSize(createFlowCall({ Name: 'f', Definition: '\n'.repeat(1000) }), settings)
    expect(encoded - plain).toBeGreaterThanOrEqual(2000)
    expect(encoded - plain).toBeLessThan(2020)
  })

  it('a definition of 1 MiB is over the limit once encoded; one of 900 KiB is not', () => {
    expect(
      encodedSize(createFlowCall({ Name: 'f', Definition: 'a'.repeat(MAX_REQUEST_BYTES) }), settings)
    ).toBeGreaterThan(MAX_REQUEST_BYTES)
    expect(encodedSize(createFlowCall({ Name: 'f', Definition: 'a'.repeat(900 * 1024) }), settings)).toBeLessThan(
      MAX_REQUEST_BYTES
    )
  })
})
