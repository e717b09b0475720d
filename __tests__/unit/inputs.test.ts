import { describe, expect, it } from '@jest/globals'
import type { DeleteFlowsConfig } from '../../src/alibaba/delete-flows.js'
import type { CancelFlowInstancesConfig } from '../../src/enos/cancel-flow-instances.js'
import { InputError, isLoopbackHost, parseInputs, type Env } from '../../src/inputs.js'

const VALID: Record<string, string> = {
  operation: 'delete',
  'flow-name': 'my-flow',
  region: 'cn-hangzhou',
  'access-key-id': 'test-key-id',
  'access-key-secret': 'test-key-secret',
  'signature-version': 'v1',
  'ignore-not-found': 'false',
  'max-attempts': '3',
  timeout: '30'
}

function parse(inputs: Record<string, string | undefined>, env: Env = {}) {
  const merged = { ...VALID, ...inputs }
  const masked: string[] = []
  const read = (name: string) => (merged[name] ?? '').trim()
  try {
    return { ...parseInputs(read, env, (s) => masked.push(s)), masked, error: undefined }
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    return { config: undefined, warnings: [], masked, error }
  }
}

/** A valid delete's configuration, narrowed to its type. */
function parseDelete(inputs: Record<string, string | undefined>, env: Env = {}) {
  const result = parse(inputs, env)
  if (result.config?.operation !== 'delete')
    throw new Error(`expected a delete configuration: ${result.error?.message}`)
  return { ...result, config: result.config as DeleteFlowsConfig }
}

function errorOf(inputs: Record<string, string | undefined>, env: Env = {}): InputError {
  const { error } = parse(inputs, env)
  if (!error) throw new Error('expected an InputError')
  return error
}

describe('parseInputs: a valid delete', () => {
  it('gives the full configuration with defaults', () => {
    const { config, warnings } = parseDelete({})
    expect(warnings).toEqual([])
    expect(config).toEqual({
      operation: 'delete',
      flowNames: ['my-flow'],
      region: 'cn-hangzhou',
      endpoint: new URL('https://cn-hangzhou.fnf.aliyuncs.com/'),
      credentials: { accessKeyId: 'test-key-id', accessKeySecret: 'test-key-secret' },
      signatureVersion: 'v1',
      ignoreNotFound: false,
      maxAttempts: 3,
      timeoutMs: 30_000,
      concurrency: 8,
      dryRun: false,
      wait: false,
      waitTimeoutMs: 300_000
    })
  })

  it('takes max-rate as requests a second, whole or decimal; empty is no cap', () => {
    expect(parseDelete({ 'max-rate': '2' }).config.maxRate).toBe(2)
    expect(parseDelete({ 'max-rate': '0.5' }).config.maxRate).toBe(0.5)
    expect(parseDelete({ 'max-rate': '' }).config).not.toHaveProperty('maxRate')
  })

  it('masks the key id, secret and token before anything else, even when validation then fails', () => {
    const { masked, error } = parse({ operation: 'nonsense', 'security-token': 'sts-token' })
    expect(masked).toEqual(['test-key-id', 'test-key-secret', 'sts-token'])
    expect(error?.input).toBe('operation')
  })

  it('falls back to the ALIBABA_CLOUD_* environment variables and masks them too', () => {
    const { config, masked } = parseDelete(
      { region: '', 'access-key-id': '', 'access-key-secret': '' },
      {
        ALIBABA_CLOUD_REGION_ID: 'ap-southeast-1',
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.env-id',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret',
        ALIBABA_CLOUD_SECURITY_TOKEN: 'env-token'
      }
    )
    expect(config?.region).toBe('ap-southeast-1')
    expect(config?.endpoint.href).toBe('https://ap-southeast-1.fnf.aliyuncs.com/')
    expect(config?.credentials).toEqual({
      accessKeyId: 'STS.env-id',
      accessKeySecret: 'env-secret',
      securityToken: 'env-token'
    })
    expect(masked).toEqual(['STS.env-id', 'env-secret', 'env-token'])
  })

  it('prefers inputs over the environment', () => {
    const { config } = parseDelete({}, { ALIBABA_CLOUD_REGION_ID: 'cn-beijing', ALIBABA_CLOUD_ACCESS_KEY_ID: 'other' })
    expect(config?.region).toBe('cn-hangzhou')
    expect(config?.credentials.accessKeyId).toBe('test-key-id')
  })

  it('reads several flows, one per line, dropping blanks and duplicates with a warning', () => {
    const { config, warnings } = parseDelete({ 'flow-name': 'a\n\n  b  \r\na\nc' })
    expect(config?.flowNames).toEqual(['a', 'b', 'c'])
    expect(warnings).toEqual(['flow-name lists "a" more than once; each is handled once'])
  })

  it('accepts every option spelled as allowed', () => {
    const { config } = parseDelete({
      'signature-version': 'V3',
      'ignore-not-found': 'True',
      'max-attempts': '10',
      timeout: '2.5',
      'request-id': 'run-42.1:a_b',
      endpoint: 'http://127.0.0.1:8080'
    })
    expect(config).toMatchObject({
      signatureVersion: 'v3',
      ignoreNotFound: true,
      maxAttempts: 10,
      timeoutMs: 2500,
      requestId: 'run-42.1:a_b'
    })
    expect(config?.endpoint.href).toBe('http://127.0.0.1:8080/')
  })

  it('allows an unknown but well-formed region with a warning', () => {
    const { config, warnings } = parseDelete({ region: 'eu-central-1' })
    expect(config?.endpoint.href).toBe('https://eu-central-1.fnf.aliyuncs.com/')
    expect(warnings).toEqual([
      "region 'eu-central-1' is not one of the regions with a documented public Serverless Workflow endpoint; trying https://eu-central-1.fnf.aliyuncs.com"
    ])
  })

  it('needs no region when an endpoint is given', () => {
    const { config } = parseDelete({ region: '', endpoint: 'https://fnf.example.com' })
    expect(config?.region).toBe('')
    expect(config?.endpoint.href).toBe('https://fnf.example.com/')
  })

  it('warns when an STS key comes without its token', () => {
    expect(parseDelete({ 'access-key-id': 'STS.abc' }).warnings).toEqual([
      'access-key-id is a temporary STS key but no security-token was given; the service will likely refuse it'
    ])
  })
})

describe('parseInputs: every bad input is refused with a message naming it', () => {
  it.each([
    [{ operation: '' }, 'operation', "Input 'operation' is required: one of delete, cancel"],
    [{ operation: 'destroy' }, 'operation', 'Input \'operation\' must be one of delete, cancel; got "destroy"'],
    [
      { 'flow-name': '  \n ' },
      'flow-name',
      "Input 'flow-name' is required with operation 'delete': the name of the flow to delete, one per line"
    ],
    [
      { 'flow-name': 'ok\nbad\u0007name' },
      'flow-name',
      'Input \'flow-name\' line 2 contains a control character ("bad\\u0007name"); flow names are letters, digits, _ and -'
    ],
    [
      { 'flow-name': 'a'.repeat(129) },
      'flow-name',
      "Input 'flow-name' line 1 is 129 characters long; flow names are at most 128"
    ],
    [
      { 'flow-name': '9lives' },
      'flow-name',
      'Input \'flow-name\' line 1 is not a valid flow name: "9lives"; a flow name starts with a letter or _ and has only letters, digits, _ and -'
    ],
    [
      { 'flow-name': 'a::error::b' },
      'flow-name',
      'Input \'flow-name\' line 1 is not a valid flow name: "a::error::b"; a flow name starts with a letter or _ and has only letters, digits, _ and -'
    ],
    [
      { region: 'Hangzhou!' },
      'region',
      'Input \'region\' must be a region id such as cn-hangzhou or ap-southeast-1; got "hangzhou!"'
    ],
    [
      { region: '' },
      'region',
      "Input 'region' is required: a region id such as cn-hangzhou (or set ALIBABA_CLOUD_REGION_ID, or give a full endpoint)"
    ],
    [
      { endpoint: 'not a url' },
      'endpoint',
      'Input \'endpoint\' must be a URL such as https://cn-hangzhou.fnf.aliyuncs.com; got "not a url"'
    ],
    [
      { endpoint: 'http://fnf.example.com' },
      'endpoint',
      'Input \'endpoint\' must use https://; plain http:// is allowed only for loopback hosts (127.0.0.0/8, localhost, ::1), not "fnf.example.com"'
    ],
    [{ endpoint: 'ftp://127.0.0.1' }, 'endpoint', 'Input \'endpoint\' must use https://; got "ftp:"'],
    [
      { endpoint: 'https://user:pw@fnf.example.com' },
      'endpoint',
      "Input 'endpoint' must not contain a user name or password"
    ],
    [
      { endpoint: 'https://fnf.example.com/x?y=1' },
      'endpoint',
      "Input 'endpoint' must be a base URL with no path, query or fragment, such as https://fnf.example.com"
    ],
    [
      { 'access-key-id': '' },
      'access-key-id',
      "Input 'access-key-id' is required: set it (from a secret) or the ALIBABA_CLOUD_ACCESS_KEY_ID environment variable"
    ],
    [
      { 'access-key-secret': '' },
      'access-key-secret',
      "Input 'access-key-secret' is required: set it (from a secret) or the ALIBABA_CLOUD_ACCESS_KEY_SECRET environment variable"
    ],
    [
      { 'access-key-secret': 'half\nsecret' },
      'access-key-secret',
      "Input 'access-key-secret' contains white space or control characters; paste the value again without line breaks"
    ],
    [
      { 'security-token': 'tok\r\nX-Injected: 1' },
      'security-token',
      "Input 'security-token' contains white space or control characters; paste the value again without line breaks"
    ],
    [{ 'signature-version': 'v2' }, 'signature-version', 'Input \'signature-version\' must be one of v1, v3; got "v2"'],
    [
      { 'request-id': 'has space' },
      'request-id',
      "Input 'request-id' must be 1-100 letters, digits, '.', '_', ':' or '-'; got \"has space\""
    ],
    [{ 'ignore-not-found': 'yes' }, 'ignore-not-found', 'Input \'ignore-not-found\' must be true or false; got "yes"'],
    [
      { 'max-attempts': 'three' },
      'max-attempts',
      'Input \'max-attempts\' must be a whole number from 1 to 10; got "three"'
    ],
    [{ 'max-attempts': '0' }, 'max-attempts', 'Input \'max-attempts\' must be a whole number from 1 to 10; got "0"'],
    [{ 'max-attempts': '11' }, 'max-attempts', 'Input \'max-attempts\' must be a whole number from 1 to 10; got "11"'],
    [{ timeout: '30s' }, 'timeout', 'Input \'timeout\' must be a number of seconds from 0.1 to 600; got "30s"'],
    [{ wait: 'on' }, 'wait', 'Input \'wait\' must be true or false; got "on"'],
    [
      { 'wait-timeout': '0' },
      'wait-timeout',
      'Input \'wait-timeout\' must be a number of seconds from 1 to 21600; got "0"'
    ],
    [{ 'dry-run': 'y' }, 'dry-run', 'Input \'dry-run\' must be true or false; got "y"'],
    [{ concurrency: '33' }, 'concurrency', 'Input \'concurrency\' must be a whole number from 1 to 32; got "33"'],
    [{ timeout: '0' }, 'timeout', 'Input \'timeout\' must be a number of seconds from 0.1 to 600; got "0"'],
    [
      { 'max-rate': '0' },
      'max-rate',
      'Input \'max-rate\' must be a number of requests a second from 0.1 to 1000, or empty; got "0"'
    ],
    [
      { 'max-rate': '2/s' },
      'max-rate',
      'Input \'max-rate\' must be a number of requests a second from 0.1 to 1000, or empty; got "2/s"'
    ]
  ])('%j → %s', (inputs, input, message) => {
    const error = errorOf(inputs)
    expect(error.input).toBe(input)
    expect(error.message).toBe(message)
  })

  it('never shows a secret in an error', () => {
    const error = errorOf({ 'access-key-secret': 'TOP SECRET VALUE' })
    expect(error.message).not.toContain('TOP SECRET')
  })

  it('refuses more than 1000 flows', () => {
    const names = Array.from({ length: 1001 }, (_, i) => `f${i}`).join('\n')
    expect(errorOf({ 'flow-name': names }).message).toBe("Input 'flow-name' lists 1001 flows; at most 1000 in one step")
  })
})

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.12.34.56', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['[::1]', true],
    ['::1', true],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['127.0.0.1.example.com', false],
    ['localhost.example.com', false]
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected)
  })
})

describe('parseInputs: cancel', () => {
  const CANCEL: Record<string, string> = {
    operation: 'cancel',
    'flow-name': '',
    region: '',
    'access-key-id': '',
    'access-key-secret': '',
    'flow-instance-id': '2438-201908081020',
    'apigw-url': 'https://apim.example.com',
    'app-key': 'app-key-1',
    'app-secret': 'app-secret-1',
    'org-id': 'o15000000000001',
    'user-id': 'u15000000000002'
  }

  function parseCancel(inputs: Record<string, string>, env: Env = {}) {
    const result = parse({ ...CANCEL, ...inputs }, env)
    if (result.config?.operation !== 'cancel')
      throw new Error(`expected a cancel configuration: ${result.error?.message}`)
    return { ...result, config: result.config as CancelFlowInstancesConfig }
  }

  it('gives the full configuration', () => {
    const { config, masked, warnings } = parseCancel({
      'flow-instance-id': '2438-201908081020\n2809-20190812080700\n2438-201908081020'
    })
    expect(config).toEqual({
      operation: 'cancel',
      instanceIds: ['2438-201908081020', '2809-20190812080700'],
      apigw: new URL('https://apim.example.com/'),
      credentials: { appKey: 'app-key-1', appSecret: 'app-secret-1' },
      orgId: 'o15000000000001',
      userId: 'u15000000000002',
      maxAttempts: 3,
      timeoutMs: 30_000,
      concurrency: 8,
      dryRun: false,
      wait: false,
      waitTimeoutMs: 300_000
    })
    expect(masked).toEqual(['app-key-1', 'app-secret-1'])
    expect(warnings).toEqual(['flow-instance-id lists "2438-201908081020" more than once; each is handled once'])
  })

  it('falls back to the ENOS_* environment variables', () => {
    const { config, masked } = parseCancel(
      { 'app-key': '', 'app-secret': '', 'org-id': '', 'user-id': '' },
      { ENOS_APP_KEY: 'env-key', ENOS_APP_SECRET: 'env-secret', ENOS_ORG_ID: 'o1', ENOS_USER_ID: 'u1' }
    )
    expect(config).toMatchObject({
      credentials: { appKey: 'env-key', appSecret: 'env-secret' },
      orgId: 'o1',
      userId: 'u1'
    })
    expect(masked).toEqual(['env-key', 'env-secret'])
  })

  it('accepts plain http to a loopback gateway', () => {
    expect(parseCancel({ 'apigw-url': 'http://localhost:8080' }).config.apigw.href).toBe('http://localhost:8080/')
  })

  it.each([
    [
      { 'flow-instance-id': '' },
      "Input 'flow-instance-id' is required with operation 'cancel': the id of the flow instance to cancel (such as 2438-201908081020), one per line"
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
      "Input 'apigw-url' is required with operation 'cancel': your EnOS API gateway's base URL, such as https://apim-gateway.example.com"
    ],
    [
      { 'apigw-url': 'apim.example.com' },
      'Input \'apigw-url\' must be a URL such as https://apim-gateway.example.com; got "apim.example.com"'
    ],
    [
      { 'apigw-url': 'http://apim.example.com' },
      'Input \'apigw-url\' must use https://; plain http:// is allowed only for loopback hosts (127.0.0.0/8, localhost, ::1), not "apim.example.com"'
    ],
    [{ 'app-key': '' }, "Input 'app-key' is required: set it (from a secret) or the ENOS_APP_KEY environment variable"],
    [
      { 'app-secret': '' },
      "Input 'app-secret' is required: set it (from a secret) or the ENOS_APP_SECRET environment variable"
    ],
    [
      { 'org-id': '' },
      "Input 'org-id' is required with operation 'cancel': set it or the ENOS_ORG_ID environment variable"
    ],
    [
      { 'user-id': 'u1&orgId=o2' },
      'Input \'user-id\' must be an EnOS id such as u15426865866571 (letters, digits, _ or -); got "u1&orgId=o2"'
    ]
  ])('%j', (inputs, message) => {
    const { error } = parse({ ...CANCEL, ...inputs })
    expect(error?.message).toBe(message)
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
    const { config, warnings } = parseDelete(KEYLESS, { GITHUB_RUN_ID: '987654' })
    expect(warnings).toEqual([])
    expect(config.credentials).toEqual({ accessKeyId: '', accessKeySecret: '' })
    expect(config.oidc).toEqual({
      roleArn: 'acs:ram::1234567890123456:role/github-teardown',
      oidcProviderArn: 'acs:ram::1234567890123456:oidc-provider/github',
      roleSessionName: 'flow-ops-987654',
      audience: 'sts.aliyuncs.com',
      durationSeconds: 3600,
      stsEndpoint: new URL('https://sts.aliyuncs.com')
    })
  })

  it('takes every setting given, and warns that given access keys are ignored', () => {
    const { config, warnings } = parseDelete({
      ...KEYLESS,
      'access-key-id': 'some-id',
      'role-session-name': 'deploy@main',
      'oidc-audience': 'my-client-id',
      'role-duration-seconds': '900',
      'sts-endpoint': 'https://sts-vpc.cn-hangzhou.aliyuncs.com'
    })
    expect(config.oidc).toMatchObject({
      roleSessionName: 'deploy@main',
      audience: 'my-client-id',
      durationSeconds: 900
    })
    expect(config.oidc?.stsEndpoint.href).toBe('https://sts-vpc.cn-hangzhou.aliyuncs.com/')
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
