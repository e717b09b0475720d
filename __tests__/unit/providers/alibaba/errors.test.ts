import { describe, expect, it } from '@jest/globals'
import {
  classifyFnfError,
  classifyStsError,
  FNF_ERRORS,
  hintForAlibabaError,
  STS_ERRORS
} from '../../../../src/providers/alibaba/errors.js'

// The DeleteFlow page's error table
// (https://www.alibabacloud.com/help/en/serverless-workflow/latest/api-fnf-2019-03-15-deleteflow), code → HTTP status.
const SEED_TABLE: Record<string, number> = {
  AccessDenied: 403,
  ActionNotSupported: 400,
  APIVersionNotSupported: 400,
  ConcurrentUpdateError: 409,
  EntityTooLarge: 400,
  FlowNotExists: 404,
  InternalServerError: 500,
  InvalidAccessKeyID: 403,
  InvalidArgument: 400,
  MissingRequiredParams: 400,
  PreconditionFailed: 412,
  RequestTimeTooSkewed: 403,
  SignatureNotMatch: 403,
  UnsupportedMediaType: 415
}

// Codes the reference lists for fnf's other operations and for Alibaba's common gateway.
const REFERENCE_CODES: Record<string, number> = {
  ResourceThrottled: 429,
  MissingRequiredHeader: 400,
  'Throttling.User': 400,
  SignatureDoesNotMatch: 400,
  'InvalidTimeStamp.Expired': 400,
  SignatureNonceUsed: 400,
  'InvalidAccessKeyId.NotFound': 404,
  ServiceUnavailable: 503
}

describe('the fnf error catalogue', () => {
  it.each(Object.entries({ ...SEED_TABLE, ...REFERENCE_CODES }))('has %s with HTTP %i and a hint', (code, status) => {
    const entry = FNF_ERRORS[code]
    expect(entry?.httpStatus).toBe(status)
    expect(entry?.hint.length).toBeGreaterThan(40)
  })

  it('keeps the seed’s messages word for word', () => {
    expect(FNF_ERRORS['FlowNotExists']?.message).toBe('Flow %s does not exist.')
    expect(FNF_ERRORS['SignatureNotMatch']?.message).toBe(
      'The request signature we calculated does not match the signature you provided. Check your access key and signing method.'
    )
  })

  it('points each hint at what to check', () => {
    expect(hintForAlibabaError('FlowNotExists')).toContain('`ignore-not-found: true`')
    expect(hintForAlibabaError('SignatureNotMatch')).toContain("'access-key-secret'")
    expect(hintForAlibabaError('InvalidAccessKeyID')).toContain("'access-key-id'")
    expect(hintForAlibabaError('RequestTimeTooSkewed')).toContain('NTP')
    expect(hintForAlibabaError('AccessDenied')).toContain('fnf:DeleteFlow')
    expect(hintForAlibabaError('RequestTimeout')).toContain("'timeout'")
    expect(hintForAlibabaError('SomethingNew')).toBeUndefined()
  })
})

describe('classifyFnfError', () => {
  it.each([
    ['InternalServerError', 500, 'transient'],
    ['ServiceUnavailable', 503, 'transient'],
    ['InternalError', 500, 'transient'],
    ['ConcurrentUpdateError', 409, 'transient'],
    ['ResourceThrottled', 429, 'throttled'],
    ['Throttling.User', 400, 'throttled'],
    ['Throttling.Api', 400, 'throttled'],
    ['Rejected.Throttling', 400, 'throttled'],
    ['SomethingNew', 429, 'throttled'],
    ['SomethingNew', 502, 'transient'],
    ['SomethingNew', 400, 'permanent'],
    ['FlowNotExists', 404, 'permanent'],
    ['AccessDenied', 403, 'permanent'],
    ['SignatureNotMatch', 403, 'permanent'],
    ['InvalidArgument', 400, 'permanent'],
    ['PreconditionFailed', 412, 'permanent'],
    ['RequestTimeTooSkewed', 403, 'permanent']
  ])('%s (HTTP %i) is %s', (code, status, expected) => {
    expect(classifyFnfError(code, status)).toBe(expected)
  })
})

describe('the STS catalogue', () => {
  it('has the AssumeRoleWithOIDC codes, 401 and permanent, and the gateway codes', () => {
    for (const code of ['AuthenticationFail.NoPermission', 'AuthenticationFail.OIDCToken.AudienceNotMatch']) {
      expect(STS_ERRORS[code]).toMatchObject({ httpStatus: 401, transience: 'permanent' })
      expect(FNF_ERRORS[code]).toBeUndefined()
      expect(hintForAlibabaError(code)).toBeDefined()
    }
    expect(classifyStsError('Throttling.User', 400)).toBe('throttled')
    expect(classifyStsError('FlowNotExists', 404)).toBe('permanent')
    expect(hintForAlibabaError('OidcTokenUnavailable')).toContain('id-token: write')
  })
})
