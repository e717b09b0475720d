import { describe, expect, it } from '@jest/globals'
import { errorOf, parse, parseCancel, parseDelete, VALID_CANCEL } from '../../helpers/inputs.js'

describe('parseInputs: what every operation has', () => {
  it('masks every provider’s secrets before anything else, even when validation then fails', () => {
    const { masked, error } = parse({ operation: 'nonsense', 'security-token': 'sts-token', 'app-secret': 'app-s' })
    expect(masked).toEqual(['test-key-id', 'test-key-secret', 'sts-token', 'app-s'])
    expect(error?.input).toBe('operation')
  })

  it('names the operations the registry knows', () => {
    expect(errorOf({ operation: 'purge' }).message).toBe(
      'Input \'operation\' must be one of delete, cancel, restore; got "purge"'
    )
  })

  it('builds the retry policy once, from max-attempts', () => {
    expect(parseDelete({ 'max-attempts': '5' }).common.retry).toEqual({
      maxAttempts: 5,
      baseDelayMs: 1000,
      maxDelayMs: 20_000
    })
    expect(parseCancel({}).common.retry.maxAttempts).toBe(3)
  })

  it('takes max-rate as requests a second, whole or decimal; empty is no cap', () => {
    expect(parseDelete({ 'max-rate': '2' }).common.maxRate).toBe(2)
    expect(parseDelete({ 'max-rate': '0.5' }).common.maxRate).toBe(0.5)
    expect(parseDelete({ 'max-rate': '' }).common).not.toHaveProperty('maxRate')
  })

  it('checks the proxy variable that applies to each service the run may call', () => {
    expect(errorOf({}, { HTTPS_PROXY: 'socks5://p:1080' }).message).toMatch(
      /^Environment variable 'HTTPS_PROXY' uses socks5:\/\/; only http:\/\/ and https:\/\/ proxies are supported/
    )
    // Keyless: STS is called too.
    expect(
      errorOf(
        {
          endpoint: 'http://127.0.0.1:8080',
          'access-key-id': '',
          'access-key-secret': '',
          'role-arn': 'acs:ram::1:role/r',
          'oidc-provider-arn': 'acs:ram::1:oidc-provider/p'
        },
        { HTTPS_PROXY: 'http://[bad' }
      ).message
    ).toContain('requests to sts.aliyuncs.com would go through it')
    // A proxy for the other scheme does not matter.
    expect(parseDelete({}, { HTTP_PROXY: 'http://[bad' }).settings.flowNames).toEqual(['my-flow'])
  })
})

describe('parseInputs: every bad input is refused with a message naming it', () => {
  it.each([
    [{ operation: '' }, 'operation', "Input 'operation' is required: one of delete, cancel, restore"],
    [
      { operation: 'destroy' },
      'operation',
      'Input \'operation\' must be one of delete, cancel, restore; got "destroy"'
    ],
    [
      { 'flow-name': '  \n ' },
      'flow-name',
      "Input 'flow-name' is required with operation 'delete': the name of the flow to delete, one per line (or give flow-name-pattern)"
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
      "Input 'access-key-id' is required and not given. Give it as an input (secrets from ${{ secrets.NAME }}) or in its environment variable: access-key-id or ALIBABA_CLOUD_ACCESS_KEY_ID. Temporary STS keys also need security-token (or ALIBABA_CLOUD_SECURITY_TOKEN). Or authenticate without keys: 'role-arn' and 'oidc-provider-arn' exchange the job's OIDC token for the role (the job needs permissions: id-token: write)."
    ],
    [
      { 'access-key-secret': '' },
      'access-key-secret',
      "Input 'access-key-secret' is required and not given. Give it as an input (secrets from ${{ secrets.NAME }}) or in its environment variable: access-key-secret or ALIBABA_CLOUD_ACCESS_KEY_SECRET. Temporary STS keys also need security-token (or ALIBABA_CLOUD_SECURITY_TOKEN). Or authenticate without keys: 'role-arn' and 'oidc-provider-arn' exchange the job's OIDC token for the role (the job needs permissions: id-token: write)."
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
    [{ 'max-targets': '0' }, 'max-targets', 'Input \'max-targets\' must be a whole number from 1 to 1000; got "0"'],
    [
      { 'flow-name': '', 'flow-name-pattern': 'pr-42-*\npr-42-[ab]' },
      'flow-name-pattern',
      'Input \'flow-name-pattern\' line 2 is not a pattern flow-ops accepts: "pr-42-[ab]"; a flow name holds only letters, digits, _ and -, so use those and the wildcards * (any run of characters) and ? (one character), such as pr-42-*'
    ],
    [
      { 'flow-name-pattern': 'pr 42*' },
      'flow-name-pattern',
      'Input \'flow-name-pattern\' line 1 is not a pattern flow-ops accepts: "pr 42*"; a flow name holds only letters, digits, _ and -, so use those and the wildcards * (any run of characters) and ? (one character), such as pr-42-*'
    ],
    [
      { 'flow-name-pattern': '*'.repeat(129) },
      'flow-name-pattern',
      "Input 'flow-name-pattern' line 1 is 129 characters long; a pattern is at most 128"
    ],
    [{ 'delete-schedules': 'on' }, 'delete-schedules', 'Input \'delete-schedules\' must be true or false; got "on"'],
    [{ 'stop-executions': '1' }, 'stop-executions', 'Input \'stop-executions\' must be true or false; got "1"'],
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

  it.each([
    ['delete', ['dry-run', 'wait', 'ignore-not-found', 'delete-schedules', 'stop-executions']],
    ['cancel', ['dry-run', 'wait', 'disable-flow']]
  ] as const)(
    '%s: a boolean given but empty is refused, naming it (an expression that came out empty)',
    (operation, inputs) => {
      for (const input of inputs) {
        const error = errorOf({ [input]: '' }, {}, operation === 'cancel' ? VALID_CANCEL : undefined)
        expect(error.input).toBe(input)
        expect(error.message).toContain(`Input '${input}' must be true or false; got an empty value`)
      }
    }
  )

  it('never shows a secret in an error', () => {
    const error = errorOf({ 'access-key-secret': 'TOP SECRET VALUE' })
    expect(error.message).not.toContain('TOP SECRET')
  })

  it('refuses more than 1000 flows', () => {
    const names = Array.from({ length: 1001 }, (_, i) => `f${i}`).join('\n')
    expect(errorOf({ 'flow-name': names }).message).toBe("Input 'flow-name' lists 1001 flows; at most 1000 in one step")
  })
})
