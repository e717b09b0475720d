import { describe, expect, it } from '@jest/globals'
import { classifyEnosError, ENOS_ERRORS, hintForEnosError } from '../../../../src/providers/enos/errors.js'

describe('the EnOS error catalogue', () => {
  it.each([
    '62101',
    '62102',
    '62103',
    '62105',
    '62109',
    '1001',
    '1002',
    '1003',
    '1004',
    '1005',
    '1202',
    '1203',
    '1204',
    'HTTP400',
    'HTTP401',
    'HTTP403',
    'HTTP413',
    'HTTP429',
    'HTTP500',
    'HTTP503'
  ])('has %s with a hint', (code) => {
    expect(ENOS_ERRORS[code]?.hint.length).toBeGreaterThan(40)
  })

  it.each([
    ['62109', 200, 'transient'],
    ['1005', 200, 'transient'],
    ['1001', 200, 'transient'],
    ['HTTP429', 429, 'throttled'],
    ['HTTP500', 500, 'transient'],
    ['HTTP503', 503, 'transient'],
    ['HTTP502', 502, 'transient'],
    ['62103', 200, 'permanent'],
    ['HTTP401', 401, 'permanent'],
    ['HTTP404', 404, 'permanent'],
    ['99999', 200, 'permanent']
  ])('%s (HTTP %i) is %s', (code, status, transience) => {
    expect(classifyEnosError(code, status)).toBe(transience)
  })

  it('points hints at the inputs and the seed’s prerequisites', () => {
    expect(hintForEnosError('62103')).toContain('must own the workflow instance')
    expect(hintForEnosError('62105')).toContain('Neither the user nor the workflow may be locked')
    expect(hintForEnosError('62101')).toContain("'user-id' and 'org-id'")
    expect(hintForEnosError('HTTP403')).toContain("runner's IP address")
    expect(hintForEnosError('NetworkError')).toContain('network')
  })
})

describe('62102 names the input the refused call took its parameters from', () => {
  it.each([
    ['ListFlowInstances', "check 'flow-id'"],
    ['GetFlow', "GetFlow refused a parameter: check 'flow-id'"],
    ['EnableFlow', "EnableFlow refused a parameter: check 'flow-id'"],
    ['DisableFlow', "DisableFlow refused a parameter: check 'flow-id'"]
  ])('from %s: flow-id, not flow-instance-id', (action, hint) => {
    expect(hintForEnosError('62102', action)).toContain(hint)
    expect(hintForEnosError('62102', action)).not.toContain('flow-instance-id')
  })

  it('a search: lookback-hours too, and the sort field when that is what the gateway refused', () => {
    expect(hintForEnosError('62102', 'ListFlowInstances')).toContain("'lookback-hours'")
    expect(hintForEnosError('62102', 'ListFlowInstances')).not.toContain('sort')
    expect(hintForEnosError('62102', 'ListFlowInstances', 'The sorters field parameter is invalid')).toContain(
      'The gateway refused a sort field'
    )
  })

  it.each([undefined, 'CancelFlowInstance', 'GetFlowInstance'])('from %s: flow-instance-id', (action) => {
    expect(hintForEnosError('62102', action)).toContain("'flow-instance-id'")
  })
})
