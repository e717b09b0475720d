import { describe, expect, it } from '@jest/globals'
import { errorOf, parseDelete } from '../../../helpers/inputs.js'

describe('parseInputs: a valid delete', () => {
  it('gives the full configuration with defaults', () => {
    const { config, warnings } = parseDelete({})
    expect(warnings).toEqual([])
    expect(config).toEqual({
      operation: 'delete',
      provider: 'alibaba',
      // What the pipeline is told of the settings, worked out by the provider's own parsing.
      scope: {
        serviceUrls: [new URL('https://cn-hangzhou.fnf.aliyuncs.com/')],
        location: 'cn-hangzhou',
        targets: ['my-flow'],
        selectors: { 'flow-name': ['my-flow'], 'flow-name-pattern': [] },
        removes: { 'delete-schedules': false, 'stop-executions': false },
        dryRunNotes: []
      },
      settings: {
        flowNames: ['my-flow'],
        region: 'cn-hangzhou',
        endpoint: new URL('https://cn-hangzhou.fnf.aliyuncs.com/'),
        auth: { kind: 'keys', keys: { accessKeyId: 'test-key-id', accessKeySecret: 'test-key-secret' } },
        signatureVersion: 'v1',
        ignoreNotFound: false,
        backup: true,
        flowNamePatterns: [],
        deleteSchedules: false,
        stopExecutions: false,
        sweep: { excludePatterns: [] }
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
  })

  it('falls back to the ALIBABA_CLOUD_* environment variables and masks them too', () => {
    const { settings, masked } = parseDelete(
      { region: '', 'access-key-id': '', 'access-key-secret': '' },
      {
        ALIBABA_CLOUD_REGION_ID: 'ap-southeast-1',
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.env-id',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret',
        ALIBABA_CLOUD_SECURITY_TOKEN: 'env-token'
      }
    )
    expect(settings.region).toBe('ap-southeast-1')
    expect(settings.endpoint.href).toBe('https://ap-southeast-1.fnf.aliyuncs.com/')
    expect(settings.auth).toEqual({
      kind: 'keys',
      keys: { accessKeyId: 'STS.env-id', accessKeySecret: 'env-secret', securityToken: 'env-token' }
    })
    expect(masked).toEqual(['STS.env-id', 'env-secret', 'env-token'])
  })

  it('prefers inputs over the environment', () => {
    const { settings } = parseDelete(
      {},
      { ALIBABA_CLOUD_REGION_ID: 'cn-beijing', ALIBABA_CLOUD_ACCESS_KEY_ID: 'other' }
    )
    expect(settings.region).toBe('cn-hangzhou')
    expect(settings.auth).toMatchObject({ keys: { accessKeyId: 'test-key-id' } })
  })

  it('reads several flows, one per line, dropping blanks and duplicates with a warning', () => {
    const { settings, warnings } = parseDelete({ 'flow-name': 'a\n\n  b  \r\na\nc' })
    expect(settings.flowNames).toEqual(['a', 'b', 'c'])
    expect(warnings).toEqual(['flow-name lists "a" more than once; each is handled once'])
  })

  it('flow-name-pattern selects flows instead of or beside flow-name; the teardown options and the run for Cause', () => {
    const { settings, warnings } = parseDelete(
      {
        'flow-name': '',
        'flow-name-pattern': '*-preview\npr-42-*\n?\n*-preview',
        'delete-schedules': 'true',
        'stop-executions': 'true'
      },
      {},
      'https://github.com/o/r/actions/runs/7'
    )
    expect(settings).toMatchObject({
      flowNames: [],
      flowNamePatterns: ['*-preview', 'pr-42-*', '?'],
      deleteSchedules: true,
      stopExecutions: true,
      runUrl: 'https://github.com/o/r/actions/runs/7'
    })
    expect(warnings).toEqual(['flow-name-pattern lists "*-preview" more than once; each is handled once'])
    expect(parseDelete({ 'flow-name-pattern': 'a*' }).settings).toMatchObject({
      flowNames: ['my-flow'],
      flowNamePatterns: ['a*']
    })
  })

  it('accepts every option spelled as allowed', () => {
    const { settings, common } = parseDelete({
      'signature-version': 'V3',
      'ignore-not-found': 'True',
      'max-attempts': '10',
      timeout: '2.5',
      'request-id': 'run-42.1:a_b',
      endpoint: 'http://127.0.0.1:8080'
    })
    expect(settings).toMatchObject({ signatureVersion: 'v3', ignoreNotFound: true, requestId: 'run-42.1:a_b' })
    expect(common).toMatchObject({ retry: { maxAttempts: 10 }, timeoutMs: 2500 })
    expect(settings.endpoint.href).toBe('http://127.0.0.1:8080/')
  })

  it('allows an unknown but well-formed region with a warning', () => {
    const { settings, warnings } = parseDelete({ region: 'eu-central-1' })
    expect(settings.endpoint.href).toBe('https://eu-central-1.fnf.aliyuncs.com/')
    expect(warnings).toEqual([
      "region 'eu-central-1' is not one of the regions with a documented public Serverless Workflow endpoint; trying https://eu-central-1.fnf.aliyuncs.com"
    ])
  })

  it('needs no region when an endpoint is given', () => {
    const { settings } = parseDelete({ region: '', endpoint: 'https://fnf.example.com' })
    expect(settings.region).toBe('')
    expect(settings.endpoint.href).toBe('https://fnf.example.com/')
  })

  it('warns when an STS key comes without its token', () => {
    expect(parseDelete({ 'access-key-id': 'STS.abcdef' }).warnings).toEqual([
      'access-key-id is a temporary STS key but no security-token was given; the service will likely refuse it'
    ])
  })
})

describe('parseInputs: keyless (OIDC) delete', () => {
  const KEYLESS = {
    'access-key-id': '',
    'access-key-secret': '',
    'role-arn': 'acs:ram::1234567890123456:role/github-teardown',
    'oidc-provider-arn': 'acs:ram::1234567890123456:oidc-provider/github'
  }

  it('needs no access keys, and fills in the defaults', () => {
    const { settings, warnings } = parseDelete(KEYLESS, { GITHUB_RUN_ID: '987654' })
    expect(warnings).toEqual([])
    expect(settings.auth.kind).toBe('oidc')
    expect(settings.auth.kind === 'oidc' && settings.auth.role).toEqual({
      roleArn: 'acs:ram::1234567890123456:role/github-teardown',
      oidcProviderArn: 'acs:ram::1234567890123456:oidc-provider/github',
      roleSessionName: 'flow-ops-987654',
      audience: 'sts.aliyuncs.com',
      durationSeconds: 3600,
      stsEndpoint: new URL('https://sts.aliyuncs.com')
    })
  })

  it('takes every setting given, and warns that given access keys are ignored', () => {
    const { settings, warnings } = parseDelete({
      ...KEYLESS,
      'access-key-id': 'some-id',
      'role-session-name': 'deploy@main',
      'oidc-audience': 'my-client-id',
      'role-duration-seconds': '900',
      'sts-endpoint': 'https://sts-vpc.cn-hangzhou.aliyuncs.com'
    })
    expect(settings.auth).toMatchObject({
      kind: 'oidc',
      role: { roleSessionName: 'deploy@main', audience: 'my-client-id', durationSeconds: 900 }
    })
    expect(settings.auth.kind === 'oidc' && settings.auth.role.stsEndpoint.href).toBe(
      'https://sts-vpc.cn-hangzhou.aliyuncs.com/'
    )
    expect(warnings).toEqual([
      "role-arn is set, so the job's OIDC token is used and access-key-id / access-key-secret are ignored"
    ])
  })

  it.each([
    [
      { 'role-arn': '' },
      "Input 'role-arn' is required with 'oidc-provider-arn': the RAM role to assume, such as acs:ram::1234567890123456:role/github-deploy"
    ],
    [
      { 'role-arn': 'arn:aws:iam::1:role/x' },
      'Input \'role-arn\' must be a RAM role ARN such as acs:ram::1234567890123456:role/github-deploy; got "arn:aws:iam::1:role/x"'
    ],
    [
      { 'oidc-provider-arn': '' },
      "Input 'oidc-provider-arn' is required with 'role-arn': the RAM OIDC provider, such as acs:ram::1234567890123456:oidc-provider/github"
    ],
    [
      { 'role-session-name': 'a' },
      "Input 'role-session-name' must be 2-64 letters, digits, '.', '@', '_' or '-'; got \"a\""
    ],
    [
      { 'role-duration-seconds': '60' },
      'Input \'role-duration-seconds\' must be a whole number from 900 to 43200; got "60"'
    ],
    [
      { 'sts-endpoint': 'http://sts.aliyuncs.com' },
      'Input \'sts-endpoint\' must use https://; plain http:// is allowed only for loopback hosts (127.0.0.0/8, localhost, ::1), not "sts.aliyuncs.com"'
    ]
  ])('%j', (inputs, message) => {
    expect(errorOf({ ...KEYLESS, ...inputs }).message).toBe(message)
  })
})
