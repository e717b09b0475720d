/**
 * dist/index.js run by hand, as someone trying it would: only the inputs that matter, as INPUT_
 * variables, and none of the defaults the runner fills in from action.yml (the action uses them
 * itself, built in from action.yml). On a runner, both give the same run.
 */
import { describe, expect, it } from '@jest/globals'
import { EMULATOR_DEFAULT_ACCOUNT } from '../../emulators/fnf-emulator.js'
import { cancelInputs } from '../../scripts/lib/emulator-inputs.js'
import { runAction } from '../helpers/run-action.js'
import { bothEmulators } from '../helpers/emulators.js'

const emulators = bothEmulators()

describe('the bundle run by hand', () => {
  it('delete with only the flow, the endpoint and the keys: the defaults are action.yml’s (backup on, schedules kept)', async () => {
    emulators.fnf.addFlow('by-hand')
    emulators.fnf.addSchedule('by-hand', 'nightly')
    emulators.fnf.requests.length = 0
    const run = await runAction(
      {
        operation: 'delete',
        'flow-name': 'by-hand',
        endpoint: emulators.fnf.url,
        'access-key-id': EMULATOR_DEFAULT_ACCOUNT.accessKeyId,
        'access-key-secret': EMULATOR_DEFAULT_ACCOUNT.accessKeySecret
      },
      { byHand: true }
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('deleted')
    // backup: true (the default) reads the flow and its schedules first; delete-schedules: false
    // leaves the schedule to go with the flow; max-attempts, timeout and the rest as action.yml says.
    expect(emulators.fnf.requests.map((r) => r.action)).toEqual(['DescribeFlow', 'ListSchedules', 'DeleteFlow'])
    expect(emulators.fnf.flows).not.toContain('by-hand')
  })

  it('cancel with only the instance, the gateway and the app: lookback-hours and disable-flow take their defaults', async () => {
    emulators.enos.addInstance('2438-1')
    const run = await runAction(
      // Only what a cancel needs: the instance, the gateway, the app and the caller.
      cancelInputs(emulators.enos, ['2438-1']),
      { byHand: true }
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('cancelled')
  })

  it('an input given empty is still refused as the runner would pass it (empty is not absent)', async () => {
    const run = await runAction(
      {
        operation: 'delete',
        'flow-name': 'x',
        endpoint: emulators.fnf.url,
        'access-key-id': EMULATOR_DEFAULT_ACCOUNT.accessKeyId,
        'access-key-secret': EMULATOR_DEFAULT_ACCOUNT.accessKeySecret,
        backup: ''
      },
      { byHand: true }
    )
    expect(run.code).toBe(1)
    expect(run.errors[0]).toContain("Input 'backup' must be true or false")
  })
})
