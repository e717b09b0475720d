/** What a restore sends for a flow the manifest saved: CreateFlow's and CreateSchedule's parameters. */
import { describe, expect, it } from '@jest/globals'
import {
  createFlowParams,
  createScheduleParams,
  previewRestore
} from '../../../../src/providers/alibaba/restore-flow.js'

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

describe('what a restore’s dry run shows', () => {
  it('a flow whose saved fields hold a redaction: nothing would be created, and why', () => {
    const flow = {
      name: 'f',
      service: { Definition: 'k: ***' },
      schedules: [],
      maybeDeleted: true,
      redacted: ['Definition']
    }
    const settings = { flows: new Map([['f', flow]]) } as unknown as Parameters<typeof previewRestore>[0]
    expect(previewRestore(settings, { name: 'f' })).toBe(
      'nothing: the manifest holds *** for a credential in its Definition'
    )
  })
})
