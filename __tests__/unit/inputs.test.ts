import { describe, expect, it } from '@jest/globals'
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

function errorOf(inputs: Record<string, string | undefined>, env: Env = {}): InputError {
  const { error } = parse(inputs, env)
  if (!error) throw new Error('expected an InputError')
  return error
}

describe('parseInputs: a valid delete', () => {
  it('gives the full configuration with defaults', () => {
    const { config, warnings } = parse({})
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
      timeoutMs: 30_000
    })
  })

  it('masks the key id, secret and token before anything else, even when validation then fails', () => {
    const { masked, error } = parse({ operation: 'nonsense', 'security-token': 'sts-token' })
    expect(masked).toEqual(['test-key-id', 'test-key-secret', 'sts-token'])
    expect(error?.input).toBe('operation')
  })

  it('falls back to the ALIBABA_CLOUD_* environment variables and masks them too', () => {
    const { config, masked } = parse(
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
    const { config } = parse({}, { ALIBABA_CLOUD_REGION_ID: 'cn-beijing', ALIBABA_CLOUD_ACCESS_KEY_ID: 'other' })
    expect(config?.region).toBe('cn-hangzhou')
    expect(config?.credentials.accessKeyId).toBe('test-key-id')
  })

  it('reads several flows, one per line, dropping blanks and duplicates with a warning', () => {
    const { config, warnings } = parse({ 'flow-name': 'a\n\n  b  \r\na\nc' })
    expect(config?.flowNames).toEqual(['a', 'b', 'c'])
    expect(warnings).toEqual(['flow-name lists "a" more than once; each flow is deleted once'])
  })

  it('accepts every option spelled as allowed', () => {
    const { config } = parse({
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
    const { config, warnings } = parse({ region: 'eu-central-1' })
    expect(config?.endpoint.href).toBe('https://eu-central-1.fnf.aliyuncs.com/')
    expect(warnings).toEqual([
      "region 'eu-central-1' is not one of the regions with a documented public Serverless Workflow endpoint; trying https://eu-central-1.fnf.aliyuncs.com"
    ])
  })

  it('needs no region when an endpoint is given', () => {
    const { config } = parse({ region: '', endpoint: 'https://fnf.example.com' })
    expect(config?.region).toBe('')
    expect(config?.endpoint.href).toBe('https://fnf.example.com/')
  })

  it('warns when an STS key comes without its token', () => {
    expect(parse({ 'access-key-id': 'STS.abc' }).warnings).toEqual([
      'access-key-id is a temporary STS key but no security-token was given; the service will likely refuse it'
    ])
  })
})

describe('parseInputs: every bad input is refused with a message naming it', () => {
  it.each([
    [{ operation: '' }, 'operation', "Input 'operation' is required: one of delete, cancel"],
    [{ operation: 'destroy' }, 'operation', 'Input \'operation\' must be one of delete, cancel; got "destroy"'],
    [
      { operation: 'cancel' },
      'operation',
      "Input 'operation' is 'cancel' (EnOS Batch Processing), which this version of flow-ops does not support yet; supported now: delete"
    ],
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
    [{ timeout: '0' }, 'timeout', 'Input \'timeout\' must be a number of seconds from 0.1 to 600; got "0"']
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
