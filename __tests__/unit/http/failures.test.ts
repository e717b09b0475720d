import { describe, expect, it } from '@jest/globals'
import { TRANSPORT_HINTS, transportFailure } from '../../../src/http/failures.js'
import { TransportError, type TransportErrorKind } from '../../../src/http/send.js'

describe('transportFailure', () => {
  it.each<[TransportErrorKind, string, string, boolean]>([
    ['timeout', 'RequestTimeout', 'transient', true],
    ['network', 'NetworkError', 'transient', true],
    ['too-large', 'ResponseTooLarge', 'transient', true],
    ['dns', 'DnsError', 'permanent', false],
    ['tls', 'TlsError', 'permanent', false],
    ['redirect', 'RedirectRefused', 'permanent', false],
    ['not-sent', 'RequestNotSent', 'permanent', false]
  ])('%s → %s, %s', (kind, code, transience, mayHaveLanded) => {
    const failure = transportFailure(
      new TransportError(kind, 'what happened', mayHaveLanded, kind === 'redirect' ? 302 : undefined)
    )
    expect(failure).toMatchObject({ code, transience, mayHaveLanded, message: 'what happened' })
    expect(TRANSPORT_HINTS[code]).toBeDefined()
  })

  it('keeps a redirect’s HTTP status', () => {
    expect(transportFailure(new TransportError('redirect', 'm', false, 307)).httpStatus).toBe(307)
  })

  it('never counts a request that was not sent as maybe landed', () => {
    expect(transportFailure(new TransportError('not-sent', 'm', false)).mayHaveLanded).toBe(false)
    expect(TRANSPORT_HINTS['RequestNotSent']).toContain('nothing reached the service')
  })
})
