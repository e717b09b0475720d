/**
 * Inputs that would be ignored are refused before anything is sent: an INPUT_ variable action.yml
 * does not declare (a misspelt or newer input, which the runner only warns about), and an input of
 * another operation given a value of its own. Defaults, which the runner passes for every input,
 * are not refused.
 */
import { describe, expect, it } from '@jest/globals'
import { inputVariable } from '../../../src/config/inputs.js'
import { DEFAULTS, parse, VALID_CANCEL, VALID_DELETE } from '../../helpers/inputs.js'

/** What the runner puts in the environment for every declared input: its default, or what was given. */
const runnerEnv = (given: Record<string, string>) =>
  Object.fromEntries(Object.entries({ ...DEFAULTS, ...given }).map(([name, value]) => [inputVariable(name), value]))

describe('an input this version does not declare', () => {
  it.each(['keep-tagged', 'olderthan', 'flow_name'])(
    '%s: refused, naming it and the inputs this version has',
    (name) => {
      const { error } = parse({}, { ...runnerEnv(VALID_DELETE), [inputVariable(name)]: '7d' })
      expect(error?.input).toBe(name)
      expect(error?.message).toMatch(
        new RegExp(`^Input '${name}' is not an input of flow-ops \\d+\\.\\d+\\.\\d+\\S*, so it cannot be honoured`)
      )
      expect(error?.message).toContain(
        'The inputs of this version: access-key-id, access-key-secret, apigw-url, app-key, app-secret, backup, concurrency, delete-schedules'
      )
    }
  )

  it('the runner’s variables for every declared input, defaults included, are not refused', () => {
    expect(parse({}, runnerEnv(VALID_DELETE)).error).toBeUndefined()
    expect(parse({}, runnerEnv(VALID_CANCEL), VALID_CANCEL).error).toBeUndefined()
  })
})

describe('an input of another operation', () => {
  it.each([
    [
      { 'flow-id': '2438' },
      'flow-id',
      "Input 'flow-id' is an input of operation 'cancel' and 'restore', not of 'delete'"
    ],
    [
      { 'flow-instance-id': '2438-1' },
      'flow-instance-id',
      "Input 'flow-instance-id' is an input of operation 'cancel', not of 'delete'"
    ],
    [
      { 'disable-flow': 'true' },
      'disable-flow',
      "Input 'disable-flow' is an input of operation 'cancel', not of 'delete'"
    ]
  ])('with delete: %j refused', (inputs, input, message) => {
    const { error } = parse(inputs)
    expect(error?.input).toBe(input)
    expect(error?.message).toContain(message)
  })

  it.each([
    [
      { 'flow-name': 'my-flow' },
      'flow-name',
      "Input 'flow-name' is an input of operation 'delete' and 'restore', not of 'cancel'"
    ],
    [
      { 'flow-name-pattern': 'pr-*' },
      'flow-name-pattern',
      "Input 'flow-name-pattern' is an input of operation 'delete' and 'restore', not of 'cancel'"
    ],
    [
      { 'ignore-not-found': 'true' },
      'ignore-not-found',
      "Input 'ignore-not-found' is an input of operation 'delete', not of 'cancel'"
    ]
  ])('with cancel: %j refused', (inputs, input, message) => {
    const { error } = parse(inputs, {}, VALID_CANCEL)
    expect(error?.input).toBe(input)
    expect(error?.message).toContain(message)
  })

  it('its default, as the runner passes it, is not refused', () => {
    expect(parse({ backup: 'true', 'signature-version': 'v1' }, {}, VALID_CANCEL).error).toBeUndefined()
    expect(parse({ 'lookback-hours': '168' }).error).toBeUndefined()
  })
})

describe('refused or not alike, whatever the spelling', () => {
  it.each(['false', 'False', 'FALSE'])('delete-schedules: %s with cancel is its default: not refused', (value) => {
    expect(parse({ 'delete-schedules': value }, {}, VALID_CANCEL).error).toBeUndefined()
  })

  it.each(['true', 'True', 'TRUE'])('delete-schedules: %s with cancel is refused', (value) => {
    expect(parse({ 'delete-schedules': value }, {}, VALID_CANCEL).error?.message).toContain(
      "Input 'delete-schedules' is an input of operation 'delete', not of 'cancel'"
    )
  })

  it.each(['True', 'TRUE'])('backup: %s with cancel is its default; backup: false is not', (value) => {
    expect(parse({ backup: value }, {}, VALID_CANCEL).error).toBeUndefined()
    expect(parse({ backup: 'False' }, {}, VALID_CANCEL).error?.input).toBe('backup')
  })

  it('an input whose default is an expression: its evaluated default passes, another value is refused', () => {
    const env = { GITHUB_RUN_ID: '4242' }
    expect(parse({ 'role-session-name': 'flow-ops-4242' }, env, VALID_CANCEL).error).toBeUndefined()
    // As a local tool passes it, unevaluated.
    expect(parse({ 'role-session-name': 'flow-ops-${{ github.run_id }}' }, env, VALID_CANCEL).error).toBeUndefined()
    const { error } = parse({ 'role-session-name': 'deploy-main' }, env, VALID_CANCEL)
    expect(error?.message).toContain(
      "Input 'role-session-name' is an input of operation 'delete' and 'restore', not of 'cancel'"
    )
    // Another run's id is not this run's default.
    expect(parse({ 'role-session-name': 'flow-ops-1' }, env, VALID_CANCEL).error?.input).toBe('role-session-name')
  })
})

describe('disable-flow without flow-id', () => {
  it('is refused: it would be ignored while the scheduler keeps starting instances', () => {
    const { error } = parse({ 'disable-flow': 'true' }, {}, VALID_CANCEL)
    expect(error?.input).toBe('disable-flow')
    expect(error?.message).toMatch(/^Input 'disable-flow' disables the flows flow-id names, and no flow-id is given/)
    expect(parse({ 'disable-flow': 'true', 'flow-id': '2438' }, {}, VALID_CANCEL).error).toBeUndefined()
    expect(parse({ 'disable-flow': 'false' }, {}, VALID_CANCEL).error).toBeUndefined()
  })
})

describe('a credential too short to mask', () => {
  it.each([
    [{ 'access-key-id': 'abc1234' }, VALID_DELETE, 'access-key-id'],
    [{ 'access-key-secret': 'secret' }, VALID_DELETE, 'access-key-secret'],
    [{ 'security-token': 'tok' }, VALID_DELETE, 'security-token'],
    [{ 'app-key': 'k' }, VALID_CANCEL, 'app-key'],
    [{ 'app-secret': 'short' }, VALID_CANCEL, 'app-secret']
  ])('%j: refused, naming the input, without the value', (inputs, base, input) => {
    const { error, masked } = parse(inputs, {}, base)
    expect(error?.input).toBe(input)
    expect(error?.message).toMatch(
      new RegExp(`^Input '${input}' is \\d characters long: a credential shorter than 8 cannot be masked`)
    )
    const value = Object.values(inputs)[0]!
    expect(error?.message).not.toContain(`"${value}"`)
    // Masked all the same, the moment it was read.
    expect(masked).toContain(value)
  })

  it('8 characters are enough', () => {
    expect(parse({ 'access-key-id': 'abcd1234' }).error).toBeUndefined()
  })
})
