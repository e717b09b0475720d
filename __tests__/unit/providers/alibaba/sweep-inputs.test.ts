/**
 * The sweep's inputs (older-than, unchanged-for, exclude-pattern, resource-group): what they
 * narrow, and every way they are refused before anything is sent.
 */
import { describe, expect, it } from '@jest/globals'
import { errorOf, parseDelete, VALID_CANCEL } from '../../../helpers/inputs.js'

const SWEEP = { 'flow-name': '', 'flow-name-pattern': 'pr-*' }

describe('sweep inputs of operation: delete', () => {
  it('narrow flow-name-pattern, each as given', () => {
    const { settings } = parseDelete({
      ...SWEEP,
      'older-than': '7d',
      'unchanged-for': '2026-11-01T00:00:00Z',
      'exclude-pattern': 'prod-*\n*-keep',
      'resource-group': 'rg-aek2z3n4ylsaxia'
    })
    expect(settings.sweep).toEqual({
      olderThan: { kind: 'duration', ms: 7 * 86_400_000, text: '7d' },
      unchangedFor: { kind: 'time', at: Date.UTC(2026, 10, 1), text: '2026-11-01T00:00:00Z' },
      excludePatterns: ['prod-*', '*-keep'],
      resourceGroup: 'rg-aek2z3n4ylsaxia'
    })
  })

  it('a wildcard-only pattern is accepted once an age or a resource group narrows it', () => {
    expect(parseDelete({ ...SWEEP, 'flow-name-pattern': '*', 'older-than': '14d' }).settings.flowNamePatterns).toEqual([
      '*'
    ])
    expect(
      parseDelete({ ...SWEEP, 'flow-name-pattern': '**', 'resource-group': 'rg-1' }).settings.flowNamePatterns
    ).toEqual(['**'])
    // Not wildcards alone: a name part narrows it.
    expect(parseDelete({ ...SWEEP, 'flow-name-pattern': '*-preview' }).settings.flowNamePatterns).toEqual(['*-preview'])
  })

  it.each([
    [
      { 'flow-name-pattern': '*' },
      'flow-name-pattern',
      "Input 'flow-name-pattern' '*' matches every flow of the region, so it is refused on its own. Narrow it: by name (pr-*), by age (older-than: 14d or unchanged-for: 30d), or by resource-group"
    ],
    [{ 'flow-name-pattern': 'pr-*\n?*' }, 'flow-name-pattern', /^Input 'flow-name-pattern' '\?\*' matches every flow/],
    [
      { 'flow-name-pattern': '**', 'exclude-pattern': 'prod-*' },
      'flow-name-pattern',
      /'\*\*' matches every flow of the region/
    ],
    [
      { 'flow-name': 'a', 'flow-name-pattern': '', 'older-than': '7d' },
      'older-than',
      "Input 'older-than' narrows what flow-name-pattern selects, and no flow-name-pattern is given (flows named in flow-name are never narrowed: they were named, and each is deleted whatever its age). To delete only those of the named flows that are old, give the same names as flow-name-pattern instead of flow-name (a name without wildcards matches that flow alone); or leave 'older-than' out"
    ],
    [
      { 'flow-name': 'a', 'flow-name-pattern': '', 'unchanged-for': '30d' },
      'unchanged-for',
      /^Input 'unchanged-for' narrows what flow-name-pattern selects/
    ],
    [
      { 'flow-name': 'a', 'flow-name-pattern': '', 'resource-group': 'rg-1' },
      'resource-group',
      /^Input 'resource-group' narrows what flow-name-pattern selects/
    ],
    [
      { 'flow-name': 'prod-db\nx', 'exclude-pattern': 'prod-*' },
      'exclude-pattern',
      "Input 'exclude-pattern' excludes 'prod-db', which flow-name names: a flow cannot be both deleted and kept. Take it out of one of them"
    ],
    [
      { 'exclude-pattern': 'prod.*' },
      'exclude-pattern',
      'Input \'exclude-pattern\' line 1 is not a pattern flow-ops accepts: "prod.*"; a flow name holds only letters, digits, _ and -, so use those and the wildcards * (any run of characters) and ? (one character), such as prod-*'
    ],
    [
      { 'exclude-pattern': 'ok-*\nprod db' },
      'exclude-pattern',
      /^Input 'exclude-pattern' line 2 is not a pattern flow-ops accepts: "prod db"/
    ],
    [{ 'older-than': '7 days' }, 'older-than', /^Input 'older-than' must be a duration such as 90m/],
    [{ 'older-than': '-1h' }, 'older-than', /not negative; got "-1h"$/],
    [
      { 'unchanged-for': '2999-01-01T00:00:00Z' },
      'unchanged-for',
      /^Input 'unchanged-for' is a time in the future \(2999-01-01T00:00:00Z;/
    ],
    [
      { 'resource-group': 'rg 1' },
      'resource-group',
      'Input \'resource-group\' must be a resource group id such as rg-aek2z3n4ylsaxia; got "rg 1"'
    ]
  ])('%j → %s', (inputs, input, message) => {
    const error = errorOf({ ...SWEEP, ...inputs })
    expect(error.input).toBe(input)
    if (typeof message === 'string') expect(error.message).toBe(message)
    else expect(error.message).toMatch(message)
  })

  it('a sweep input with operation cancel is refused, not ignored', () => {
    const error = errorOf({ 'exclude-pattern': 'x-*' }, {}, { ...VALID_CANCEL, 'flow-instance-id': '1-2' })
    expect(error.message).toBe(
      "Input 'exclude-pattern' is an input of operation 'delete', not of 'cancel': it would be ignored, so it is refused. Leave it out, or use the operation it belongs to"
    )
  })
})

describe('running-longer-than of operation: cancel', () => {
  const cancel = { ...VALID_CANCEL, 'flow-instance-id': '', 'flow-id': '2438' }
  it.each([
    [
      { 'flow-id': '', 'flow-instance-id': '2438-1', 'running-longer-than': '2h' },
      "Input 'running-longer-than' narrows what flow-id selects, and no flow-id is given (instances named in flow-instance-id are never narrowed: they were named). Give flow-id"
    ],
    [
      { 'running-longer-than': '7d', 'lookback-hours': '168' },
      "Input 'running-longer-than' is 7d, not shorter than lookback-hours (168 h): flow-id finds only instances triggered within lookback-hours, so none could have run that long. Raise lookback-hours above it"
    ],
    [
      { 'running-longer-than': '2026-11-01T00:00:00Z' },
      'Input \'running-longer-than\' must be a duration such as 90m, 36h, 7d or 2w; got "2026-11-01T00:00:00Z"'
    ],
    [
      { 'running-longer-than': '2 hours' },
      'Input \'running-longer-than\' must be a duration such as 90m, 36h, 7d or 2w; got "2 hours"'
    ]
  ])('%j is refused', (inputs, message) => {
    expect(errorOf(inputs, {}, cancel).message).toBe(message)
  })
})

describe('missing credentials are named all at once', () => {
  it('Alibaba: both keys, with every way to give them', () => {
    const error = errorOf({ 'access-key-id': '', 'access-key-secret': '' })
    expect(error.input).toBe('access-key-id')
    expect(error.message).toBe(
      "Inputs 'access-key-id' and 'access-key-secret' are required and not given. Give each as an input (secrets from ${{ secrets.NAME }}) or in its environment variable: access-key-id or ALIBABA_CLOUD_ACCESS_KEY_ID, access-key-secret or ALIBABA_CLOUD_ACCESS_KEY_SECRET. Temporary STS keys also need security-token (or ALIBABA_CLOUD_SECURITY_TOKEN). Or authenticate without keys: 'role-arn' and 'oidc-provider-arn' exchange the job's OIDC token for the role (the job needs permissions: id-token: write)."
    )
  })

  it('EnOS: every one of app-key, app-secret, org-id, user-id (and apigw-url) that is missing', () => {
    const error = errorOf(
      { 'apigw-url': '', 'app-key': '', 'app-secret': '', 'org-id': '', 'user-id': '' },
      {},
      VALID_CANCEL
    )
    expect(error.message).toMatch(
      /^Inputs 'apigw-url', 'app-key', 'app-secret', 'org-id' and 'user-id' are required with operation 'cancel' and not given\. Give each as an input \(secrets from \$\{\{ secrets\.NAME \}\}\) or in its environment variable: apigw-url, app-key or ENOS_APP_KEY, app-secret or ENOS_APP_SECRET, org-id or ENOS_ORG_ID, user-id or ENOS_USER_ID\. apigw-url is/
    )
    const some = errorOf({ 'app-secret': '', 'user-id': '' }, { ENOS_APP_SECRET: '' }, VALID_CANCEL)
    expect(some.message).toMatch(
      /^Inputs 'app-secret' and 'user-id' are required with operation 'cancel' and not given/
    )
  })
})

describe('no refusal suggests an input that widens a delete', () => {
  it.each(['older-than', 'unchanged-for', 'resource-group'])(
    '%s beside flow-name: the fix offered keeps to the named flows (no wildcard pattern)',
    (input) => {
      const value = input === 'resource-group' ? 'rg-1' : '30d'
      const error = errorOf({ 'flow-name': 'pr-1-api', 'flow-name-pattern': '', [input]: value })
      expect(error.input).toBe(input)
      expect(error.message).toContain('give the same names as flow-name-pattern instead of flow-name')
      expect(error.message).not.toMatch(/'\*'|\*'|: \*/)
    }
  )
})
