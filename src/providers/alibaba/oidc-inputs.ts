/**
 * Keyless authentication's inputs: role-arn and oidc-provider-arn (given together), the session's
 * name, the audience, the duration and the STS endpoint, for AssumeRoleWithOIDC.
 */
import { describeValue, InputError, parseInteger, parseServiceUrl, type InputSource } from '../../config/input-rules.js'

export const DEFAULT_STS_ENDPOINT = 'https://sts.aliyuncs.com'
/** What aliyun/configure-aliyun-credentials-action asks for by default. */
export const DEFAULT_OIDC_AUDIENCE = 'sts.aliyuncs.com'

/** Keyless authentication: which role to assume with the job's OIDC token, and where. */
export interface OidcRoleSettings {
  roleArn: string
  oidcProviderArn: string
  roleSessionName: string
  audience: string
  durationSeconds: number
  stsEndpoint: URL
}

const ROLE_ARN_PATTERN = /^acs:ram::\d+:role\/[A-Za-z0-9._@/-]{1,128}$/
const OIDC_PROVIDER_ARN_PATTERN = /^acs:ram::\d+:oidc-provider\/[A-Za-z0-9._-]{1,128}$/
const SESSION_NAME_PATTERN = /^[A-Za-z0-9.@_-]{2,64}$/
const AUDIENCE_PATTERN = /^[\x21-\x7e]{1,256}$/

/** One of the two ARNs keyless authentication needs: given when the other is, and well formed. */
function checkArn(
  input: string,
  value: string,
  rule: { with: string; what: string; kind: string; example: string; pattern: RegExp }
): void {
  if (value === '')
    throw new InputError(input, `is required with '${rule.with}': ${rule.what}, such as ${rule.example}`)
  if (!rule.pattern.test(value)) {
    throw new InputError(input, `must be ${rule.kind} such as ${rule.example}; got ${describeValue(value)}`)
  }
}

/** Keyless authentication settings, when role-arn or oidc-provider-arn is given. */
export function parseOidcRole(source: InputSource): OidcRoleSettings | undefined {
  const roleArn = source.read('role-arn')
  const oidcProviderArn = source.read('oidc-provider-arn')
  if (roleArn === '' && oidcProviderArn === '') return undefined
  checkArn('role-arn', roleArn, {
    with: 'oidc-provider-arn',
    what: 'the RAM role to assume',
    kind: 'a RAM role ARN',
    example: 'acs:ram::1234567890123456:role/github-deploy',
    pattern: ROLE_ARN_PATTERN
  })
  checkArn('oidc-provider-arn', oidcProviderArn, {
    with: 'role-arn',
    what: 'the RAM OIDC provider',
    kind: 'a RAM OIDC provider ARN',
    example: 'acs:ram::1234567890123456:oidc-provider/github',
    pattern: OIDC_PROVIDER_ARN_PATTERN
  })
  const defaultSessionName =
    `flow-ops-${(source.env['GITHUB_RUN_ID'] ?? 'run').replace(/[^A-Za-z0-9.@_-]/g, '')}`.slice(0, 64)
  // action.yml's default is flow-ops-${{ github.run_id }}; the runner evaluates it, a local tool
  // (@github/local-action) passes it as written, which means the same default.
  const givenSessionName = source.read('role-session-name')
  const roleSessionName =
    givenSessionName === '' || givenSessionName === UNEVALUATED_SESSION_NAME ? defaultSessionName : givenSessionName
  if (!SESSION_NAME_PATTERN.test(roleSessionName)) {
    throw new InputError(
      'role-session-name',
      `must be 2-64 letters, digits, '.', '@', '_' or '-'; got ${describeValue(roleSessionName)}`
    )
  }
  const audience = source.read('oidc-audience') || DEFAULT_OIDC_AUDIENCE
  if (!AUDIENCE_PATTERN.test(audience)) {
    throw new InputError(
      'oidc-audience',
      `must be one printable word, such as ${DEFAULT_OIDC_AUDIENCE}; got ${describeValue(audience)}`
    )
  }
  const stsRaw = source.read('sts-endpoint')
  return {
    roleArn,
    oidcProviderArn,
    roleSessionName,
    audience,
    durationSeconds: parseInteger('role-duration-seconds', source.read('role-duration-seconds'), {
      min: 900,
      max: 43_200,
      fallback: 3600
    }),
    stsEndpoint: stsRaw ? parseServiceUrl('sts-endpoint', stsRaw, DEFAULT_STS_ENDPOINT) : new URL(DEFAULT_STS_ENDPOINT)
  }
}

/** role-session-name's default in action.yml, as a tool that does not evaluate expressions passes it. */
export const UNEVALUATED_SESSION_NAME = 'flow-ops-${{ github.run_id }}'
