import { describe, expect, it } from '@jest/globals'
import { cleanResults } from '../../../src/report/clean.js'
import { SecretRegistry } from '../../../src/safety/secrets.js'
import { neutralise } from '../../../src/safety/untrusted.js'
import { failed } from '../../helpers/results.js'

describe('cleanResults', () => {
  it('replaces every masked value in messages, hints and ids, longest first', () => {
    const secrets = new SecretRegistry()
    for (const secret of ['key-123', 'key-123456', '']) secrets.add(secret)
    const [result] = cleanResults(
      [
        {
          ...failed,
          message: 'The AccessKey ID key-123 is invalid (key-123456).',
          requestId: 'R-key-123',
          hint: 'see key-123'
        }
      ],
      (text) => secrets.redact(text)
    )
    expect(result).toMatchObject({
      message: 'The AccessKey ID *** is invalid (***).',
      requestId: 'R-***',
      hint: 'see ***'
    })
    expect(result?.errorCode).toBe('AccessDenied')
  })
})

describe('cleanResults with the edge gate', () => {
  it('escapes control characters in every text field', () => {
    const [result] = cleanResults([{ ...failed, message: 'a\n::error::b', requestId: 'r\r\n1' }], neutralise)
    expect(result).toMatchObject({ message: 'a\\n::error::b', requestId: 'r\\r\\n1' })
  })
})
