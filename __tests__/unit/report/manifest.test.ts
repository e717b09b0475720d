import { describe, expect, it } from '@jest/globals'
import { answerIds, changeOutcome, ManifestWriter } from '../../../src/report/manifest.js'
import { DELETE_HEADER } from '../../helpers/manifest.js'
import { SecretRegistry } from '../../../src/safety/secrets.js'

const header = DELETE_HEADER

function written(redact: (text: string) => string = (t) => t) {
  const lines: string[] = []
  const writer = new ManifestWriter((line) => void lines.push(line), redact)
  return { lines, writer }
}

describe('ManifestWriter', () => {
  it('appends one whole JSON line a record, each at once, in the order they happen', () => {
    const { lines, writer } = written()
    writer.write(header)
    writer.found('pr-7-api', { service: { Name: 'pr-7-api', Definition: 'version: v1' } })
    writer.dependents('pr-7-api', 'schedules', [{ ScheduleName: 'nightly', CronExpression: '0 0 * * * *' }])
    expect(lines).toHaveLength(3)
    writer.changed('pr-7-api', { action: 'DeleteFlow', outcome: 'done', requestId: 'R1' })
    expect(lines).toHaveLength(4)
    expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true)
    expect(lines.map((line) => (JSON.parse(line) as { type?: string }).type)).toEqual([
      undefined,
      'target',
      'dependents',
      'change'
    ])
  })

  it('redacts every line: a credential that reached a service’s text never reaches the file', () => {
    const secrets = new SecretRegistry()
    secrets.add('Zq8PnW4vKxT2mB7sLd9Fh3Jc6Ny1Rg5W')
    const { lines, writer } = written((text) => secrets.redact(text))
    writer.found('f', { service: { Description: 'key Zq8PnW4vKxT2mB7sLd9Fh3Jc6Ny1Rg5W here' } })
    expect(lines[0]).not.toContain('Zq8PnW4v')
    // The field is marked: a restore must never write *** back as if it were the description.
    expect(JSON.parse(lines[0]!)).toEqual({
      type: 'target',
      name: 'f',
      service: { Description: 'key *** here' },
      redacted: ['Description']
    })
  })
})

describe('how a change is recorded', () => {
  const call = (result: object, more: object = {}) =>
    ({ result, interrupted: false, earlierAttemptMayHaveLanded: false, ...more }) as Parameters<typeof changeOutcome>[0]
  it('done, gone, failed, or unknown when it may have taken effect', () => {
    expect(changeOutcome(call({ ok: true, value: {} }))).toBe('done')
    const refused = { ok: false, failure: { code: 'AccessDenied', mayHaveLanded: false } }
    expect(changeOutcome(call(refused))).toBe('failed')
    expect(changeOutcome(call(refused), true)).toBe('gone')
    expect(changeOutcome(call({ ok: false, failure: { code: 'NetworkError', mayHaveLanded: true } }))).toBe('unknown')
    expect(changeOutcome(call(refused, { earlierAttemptMayHaveLanded: true }))).toBe('unknown')
  })
  it('keeps the answer’s code and request id', () => {
    expect(answerIds({ ok: true, value: { requestId: 'R1' } })).toEqual({ requestId: 'R1' })
    const failure = { code: 'X', message: 'm', transience: 'permanent', mayHaveLanded: false, requestId: 'R2' } as const
    expect(answerIds({ ok: false, failure })).toEqual({
      errorCode: 'X',
      requestId: 'R2'
    })
  })
})
