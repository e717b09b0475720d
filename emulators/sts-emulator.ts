/**
 * A local stand-in for Alibaba Cloud STS AssumeRoleWithOIDC (2015-04-01): anonymous, as the real
 * one is; it reads the OIDC token's claims (issuer, audience, expiry; it cannot check GitHub's
 * signature), checks them against the roles it was given, and hands out temporary credentials,
 * which it passes to `onIssue` (so the fnf emulator can accept them).
 */
import { randomBytes, randomUUID } from 'node:crypto'
import {
  faultMessage,
  LoopbackEmulator,
  type Answer,
  type ErrorFault,
  type ReceivedRequest
} from './loopback-emulator.js'

export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com'

export interface StsRole {
  roleArn: string
  oidcProviderArn: string
  /** The OIDC provider's Client IDs. */
  audiences: string[]
  /** Only tokens whose `sub` starts with this (a trust policy condition). */
  subjectPrefix?: string
}

export interface IssuedCredentials {
  accessKeyId: string
  accessKeySecret: string
  securityToken: string
  /** When they end (epoch ms): the fnf emulator refuses them from then on. */
  expiresAt: number
}

export interface StsEmulatorOptions {
  roles: StsRole[]
  onIssue?: (credentials: IssuedCredentials) => void
  /** How long issued credentials last, whatever DurationSeconds asks (a test's short-lived credentials). */
  lifetimeMs?: number
  latencyMs?: number
  now?: () => number
}

function decodeClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'))
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

export class StsEmulator extends LoopbackEmulator {
  readonly issued: IssuedCredentials[] = []
  protected readonly throttleFault: ErrorFault = {
    kind: 'error',
    status: 400,
    code: 'Throttling.User',
    message: 'Request was denied due to user flow control.'
  }

  constructor(private readonly options: StsEmulatorOptions) {
    super(options)
  }

  private params(request: ReceivedRequest): Record<string, string> {
    return { ...Object.fromEntries(request.url.searchParams), ...Object.fromEntries(new URLSearchParams(request.body)) }
  }

  protected describe(request: ReceivedRequest) {
    const params = this.params(request)
    return { action: params['Action'] ?? '', target: params['RoleArn'] ?? '', auth: 'none' }
  }

  private error(status: number, code: string, message: string, requestId = randomUUID().toUpperCase()): Answer {
    return {
      status,
      code,
      body: { RequestId: requestId, HostId: 'sts.aliyuncs.com', Code: code, Message: message }
    }
  }

  protected errorAnswer(fault: ErrorFault, request: ReceivedRequest): Answer {
    return this.error(
      fault.status,
      fault.code,
      faultMessage(fault, request, `Injected ${fault.code}.`),
      fault.requestId
    )
  }

  protected answer(request: ReceivedRequest): Answer {
    const params = this.params(request)
    if (params['Action'] !== 'AssumeRoleWithOIDC') {
      return this.error(400, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.')
    }
    if (params['Version'] !== '2015-04-01')
      return this.error(400, 'InvalidVersion', 'Specified parameter Version is not valid.')
    for (const name of ['OIDCProviderArn', 'RoleArn', 'OIDCToken', 'RoleSessionName']) {
      if (!params[name])
        return this.error(
          400,
          `MissingParameter`,
          `The input parameter "${name}" that is mandatory for processing this request is not supplied.`
        )
    }
    if (!/^[A-Za-z0-9.@_-]{2,64}$/.test(params['RoleSessionName']!)) {
      return this.error(400, 'InvalidParameter.RoleSessionName', 'The parameter RoleSessionName is invalid.')
    }
    const duration = Number(params['DurationSeconds'] ?? 3600)
    if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
      return this.error(400, 'InvalidParameter.DurationSeconds', 'The Min/Max value of DurationSeconds is 15min/12hr.')
    }
    const role = this.options.roles.find((r) => r.oidcProviderArn === params['OIDCProviderArn'])
    if (!role) return this.error(401, 'AuthenticationFail.NoPermission', 'No such OIDC Provider registered.')
    if (role.roleArn !== params['RoleArn']) {
      return this.error(401, 'AuthenticationFail.NoPermission', 'You are not authorized to assume this role.')
    }
    const claims = decodeClaims(params['OIDCToken']!)
    if (!claims || claims['iss'] !== GITHUB_OIDC_ISSUER) {
      return this.error(401, 'AuthenticationFail.OIDCToken.Invalid', 'The OIDC token is invalid.')
    }
    if (typeof claims['exp'] !== 'number' || claims['exp'] * 1000 <= this.now()) {
      return this.error(401, 'AuthenticationFail.OIDCToken.Expired', 'The OIDC token has expired.')
    }
    const audiences = Array.isArray(claims['aud']) ? claims['aud'] : [claims['aud']]
    if (!audiences.some((aud) => role.audiences.includes(String(aud)))) {
      return this.error(
        401,
        'AuthenticationFail.OIDCToken.AudienceNotMatch',
        'The audience of the OIDC token does not match.'
      )
    }
    if (role.subjectPrefix && !String(claims['sub'] ?? '').startsWith(role.subjectPrefix)) {
      return this.error(
        401,
        'AuthenticationFail.NoPermission',
        'The OIDC token does not satisfy the role trust policy.'
      )
    }
    const expiresAt = this.now() + (this.options.lifetimeMs ?? duration * 1000)
    const credentials: IssuedCredentials = {
      accessKeyId: `STS.${randomBytes(12).toString('hex')}`,
      accessKeySecret: randomBytes(20).toString('base64url'),
      securityToken: `CAIS${randomBytes(48).toString('base64')}`,
      expiresAt
    }
    this.issued.push(credentials)
    this.options.onIssue?.(credentials)
    return {
      status: 200,
      code: '',
      body: {
        RequestId: randomUUID().toUpperCase(),
        Credentials: {
          AccessKeyId: credentials.accessKeyId,
          AccessKeySecret: credentials.accessKeySecret,
          SecurityToken: credentials.securityToken,
          Expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z')
        },
        AssumedRoleUser: {
          Arn: `${role.roleArn}/${params['RoleSessionName']}`,
          AssumedRoleId: `3${randomBytes(8).toString('hex')}:${params['RoleSessionName']}`
        },
        OIDCTokenInfo: { Issuer: claims['iss'], Subject: claims['sub'], ClientIds: audiences.join(',') }
      }
    }
  }
}
