import { describe, expect, it } from '@jest/globals'
import { errorOf, parseCancel, VALID_CANCEL } from '../../../helpers/inputs.js'

describe('parseInputs: cancel', () => {
  it('gives the full configuration', () => {
    const { config, masked, warnings } = parseCancel({
      'flow-instance-id': '2438-201908081020\n2809-20190812080700\n2438-201908081020'
    })
    expect(config).toEqual({
      operation: 'cancel',
      provider: 'enos',
      scope: {
        serviceUrls: [new URL('https://apim.example.com/')],
        location: 'apim.example.com',
        targets: ['2438-201908081020', '2809-20190812080700'],
        selectors: { 'flow-instance-id': ['2438-201908081020', '2809-20190812080700'], 'flow-id': [] },
        dryRunNotes: []
      },
      settings: {
        instanceIds: ['2438-201908081020', '2809-20190812080700'],
        apigw: new URL('https://apim.example.com/'),
        credentials: { appKey: 'app-key-1', appSecret: 'app-secret-1' },
        orgId: 'o15000000000001',
        userId: 'u15000000000002',
        flowIds: [],
        lookbackHours: 168,
        disableFlow: false
      },
      common: {
        retry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 20_000 },
        timeoutMs: 30_000,
        concurrency: 8,
        maxTargets: 100,
        dryRun: false,
        wait: false,
        waitTimeoutMs: 300_000
      }
    })
    expect(masked).toEqual(['app-key-1', 'app-secret-1'])
    expect(warnings).toEqual(['flow-instance-id lists "2438-201908081020" more than once; each is handled once'])
  })

  it('falls back to the ENOS_* environment variables', () => {
    const { settings, masked } = parseCancel(
      { 'app-key': '', 'app-secret': '', 'org-id': '', 'user-id': '' },
      { ENOS_APP_KEY: 'env-app-key', ENOS_APP_SECRET: 'env-secret', ENOS_ORG_ID: 'o1', ENOS_USER_ID: 'u1' }
    )
    expect(settings).toMatchObject({
      credentials: { appKey: 'env-app-key', appSecret: 'env-secret' },
      orgId: 'o1',
      userId: 'u1'
    })
    expect(masked).toEqual(['env-app-key', 'env-secret'])
  })

  it('flow-id selects instances instead of or beside flow-instance-id, with lookback-hours and disable-flow', () => {
    const { settings } = parseCancel({
      'flow-instance-id': '',
      'flow-id': '2438\n17\n2438',
      'lookback-hours': '24',
      'disable-flow': 'true'
    })
    expect(settings).toMatchObject({ instanceIds: [], flowIds: [2438, 17], lookbackHours: 24, disableFlow: true })
    expect(parseCancel({ 'flow-id': '2147483647' }).settings.flowIds).toEqual([2147483647])
  })

  it('accepts plain http to a loopback gateway', () => {
    expect(parseCancel({ 'apigw-url': 'http://localhost:8080' }).settings.apigw.href).toBe('http://localhost:8080/')
  })

  it.each([
    [
      { 'flow-instance-id': '' },
      "Input 'flow-instance-id' is required with operation 'cancel': the id of the flow instance to cancel (such as 2438-201908081020), one per line (or give flow-id)"
    ],
    [
      { 'flow-instance-id': '2438 2019' },
      "Input 'flow-instance-id' line 1 is not a flow instance id: \"2438 2019\"; an id such as 2438-201908081020 has up to 128 letters, digits, '-', '_', '.' or ':'"
    ],
    [
      { 'flow-instance-id': 'ok-1\n{"a":1}' },
      "Input 'flow-instance-id' line 2 is not a flow instance id: \"{\\\"a\\\":1}\"; an id such as 2438-201908081020 has up to 128 letters, digits, '-', '_', '.' or ':'"
    ],
    [
      { 'apigw-url': '' },
      "Input 'apigw-url' is required with operation 'cancel' and not given. Give it as an input (secrets from ${{ secrets.NAME }}). apigw-url is your EnOS API gateway's base URL (https://apim-gateway.example.com); app-key and app-secret are an application's access key and secret key (EnOS Management Console, Application Registration); org-id is the OU's id (o15000000000001) and user-id the id of the user the calls act as (u15426865866571)."
    ],
    [
      { 'apigw-url': 'apim.example.com' },
      'Input \'apigw-url\' must be a URL such as https://apim-gateway.example.com; got "apim.example.com"'
    ],
    [
      { 'apigw-url': 'http://apim.example.com' },
      'Input \'apigw-url\' must use https://; plain http:// is allowed only for loopback hosts (127.0.0.0/8, localhost, ::1), not "apim.example.com"'
    ],
    [
      { 'flow-instance-id': '', 'flow-id': '0' },
      "Input 'flow-id' line 1 is not a flow id: \"0\"; a flow id is a positive whole number such as 2438 (the number before the '-' in its instances' ids)"
    ],
    [
      { 'flow-id': '12\n2438-201908081020' },
      "Input 'flow-id' line 2 is not a flow id: \"2438-201908081020\"; a flow id is a positive whole number such as 2438 (the number before the '-' in its instances' ids)"
    ],
    [
      { 'flow-id': '2147483648' },
      "Input 'flow-id' line 1 is not a flow id: \"2147483648\"; a flow id is a positive whole number such as 2438 (the number before the '-' in its instances' ids)"
    ],
    [{ 'lookback-hours': '0' }, 'Input \'lookback-hours\' must be a whole number from 1 to 8760; got "0"'],
    [{ 'lookback-hours': '8761' }, 'Input \'lookback-hours\' must be a whole number from 1 to 8760; got "8761"'],
    [{ 'disable-flow': 'yes' }, 'Input \'disable-flow\' must be true or false; got "yes"'],
    [{ 'max-targets': '1001' }, 'Input \'max-targets\' must be a whole number from 1 to 1000; got "1001"'],
    [
      { 'app-key': '' },
      "Input 'app-key' is required with operation 'cancel' and not given. Give it as an input (secrets from ${{ secrets.NAME }}) or in its environment variable: app-key or ENOS_APP_KEY. apigw-url is your EnOS API gateway's base URL (https://apim-gateway.example.com); app-key and app-secret are an application's access key and secret key (EnOS Management Console, Application Registration); org-id is the OU's id (o15000000000001) and user-id the id of the user the calls act as (u15426865866571)."
    ],
    [
      { 'app-secret': '' },
      "Input 'app-secret' is required with operation 'cancel' and not given. Give it as an input (secrets from ${{ secrets.NAME }}) or in its environment variable: app-secret or ENOS_APP_SECRET. apigw-url is your EnOS API gateway's base URL (https://apim-gateway.example.com); app-key and app-secret are an application's access key and secret key (EnOS Management Console, Application Registration); org-id is the OU's id (o15000000000001) and user-id the id of the user the calls act as (u15426865866571)."
    ],
    [
      { 'org-id': '' },
      "Input 'org-id' is required with operation 'cancel' and not given. Give it as an input (secrets from ${{ secrets.NAME }}) or in its environment variable: org-id or ENOS_ORG_ID. apigw-url is your EnOS API gateway's base URL (https://apim-gateway.example.com); app-key and app-secret are an application's access key and secret key (EnOS Management Console, Application Registration); org-id is the OU's id (o15000000000001) and user-id the id of the user the calls act as (u15426865866571)."
    ],
    [
      { 'user-id': 'u1&orgId=o2' },
      'Input \'user-id\' must be an EnOS id such as u15426865866571 (letters, digits, _ or -); got "u1&orgId=o2"'
    ]
  ])('%j', (inputs, message) => {
    expect(errorOf(inputs, {}, VALID_CANCEL).message).toBe(message)
  })
})
