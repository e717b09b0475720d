import { describe, expect, it } from '@jest/globals'
import {
  answerIds,
  changeOutcome,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  ManifestWriter,
  readManifest,
  targetHistories,
  type ManifestHeader
} from '../../../src/report/manifest.js'
import { SecretRegistry } from '../../../src/safety/secrets.js'

const header: ManifestHeader = {
  format: MANIFEST_FORMAT,
  version: MANIFEST_VERSION,
  operation: 'delete',
  provider: 'alibaba',
  location: 'cn-hangzhou',
  endpoint: 'https://cn-hangzhou.fnf.aliyuncs.com/',
  selectors: { 'flow-name-pattern': ['pr-7-*'] },
  dryRun: false,
  startedAt: '2026-12-03T09:00:00.000Z'
}

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

describe('readManifest', () => {
  const text = (...records: object[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('')
  const ended = { type: 'end', status: 'deleted', finishedAt: '2026-12-03T09:00:01.000Z' }

  it('reads a whole manifest back', () => {
    const read = readManifest(text(header, { type: 'target', name: 'a' }, ended))
    expect(read).toEqual({ header, records: [{ type: 'target', name: 'a' }, ended], cutShort: false })
  })

  it('a run killed mid-way: its records up to the last whole line, said to be cut short', () => {
    const whole = text(
      header,
      { type: 'target', name: 'a' },
      { type: 'change', name: 'a', action: 'DeleteFlow', outcome: 'done' }
    )
    const read = readManifest(`${whole}{"type":"target","na`)
    expect(read).toMatchObject({ cutShort: true, records: [{ name: 'a' }, { action: 'DeleteFlow' }] })
    expect(readManifest(whole)).toMatchObject({ cutShort: true })
  })

  it('refuses what is not a manifest, one of another version, and a broken line inside', () => {
    expect(readManifest('{"hello":1}\n')).toEqual({ problem: 'it does not start with a flow-ops manifest header' })
    expect(readManifest(text({ ...header, version: 2 }))).toEqual({
      problem: 'it is version 2; this flow-ops reads version 1'
    })
    expect(readManifest(`${text(header)}not json\n${text(ended)}`)).toEqual({ problem: 'line 2 is not JSON' })
    expect(readManifest('')).toEqual({ problem: 'it does not start with a flow-ops manifest header' })
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

describe('readManifest: what a reader relies on is checked', () => {
  const text = (...records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n'

  it.each([
    [{ ...header, operation: 7 }, 'its header has no operation'],
    [{ ...header, endpoint: undefined }, 'its header has no endpoint'],
    [{ ...header, dryRun: 'no' }, 'its header does not say whether it was a dry run'],
    [{ ...header, selectors: [] }, 'its header has no selectors']
  ])('a header with a field missing or of the wrong type: %j', (bad, problem) => {
    expect(readManifest(text(bad))).toEqual({ problem })
  })

  it.each([
    [{ type: 'party', name: 'x' }, 'line 2 is not a manifest record'],
    [['target'], 'line 2 is not a manifest record'],
    [{ type: 'target' }, 'line 2 is a target record without a name'],
    [
      { type: 'target', name: 'x', service: 'definition' },
      'line 2 is a target record whose service fields are not an object'
    ],
    [
      { type: 'dependents', name: 'x', kind: 'schedules', items: ['a'] },
      'line 2 is a dependents record whose items are not a list of objects'
    ],
    [{ type: 'change', name: 'x', outcome: 'done' }, 'line 2 is a change record without an action or an outcome']
  ])('a record of the wrong shape: %j', (bad, problem) => {
    expect(readManifest(text(header, bad))).toEqual({ problem })
  })
})

describe('targetHistories', () => {
  it('gathers each target’s records in the order the targets first appear: the last description, dependents by kind, every change, the result', () => {
    const read = readManifest(
      [
        header,
        { type: 'target', name: 'b', service: { Id: '1' } },
        { type: 'target', name: 'a' },
        { type: 'dependents', name: 'b', kind: 'schedules', items: [{ ScheduleName: 's' }] },
        { type: 'change', name: 'b', action: 'DeleteSchedule', outcome: 'done' },
        { type: 'change', name: 'b', action: 'DeleteFlow', outcome: 'unknown' },
        { type: 'result', name: 'b', status: 'unknown' },
        { type: 'end', status: 'x', finishedAt: 'y' }
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n'
    )
    if ('problem' in read) throw new Error(read.problem)
    const histories = targetHistories(read)
    expect(histories.map((h) => h.name)).toEqual(['b', 'a'])
    expect(histories[0]).toEqual({
      name: 'b',
      found: { service: { Id: '1' } },
      dependents: new Map([['schedules', [{ ScheduleName: 's' }]]]),
      redactedDependents: new Map([['schedules', []]]),
      changes: [
        { action: 'DeleteSchedule', outcome: 'done' },
        { action: 'DeleteFlow', outcome: 'unknown' }
      ],
      result: { status: 'unknown' }
    })
    expect(histories[1]).toEqual({
      name: 'a',
      found: {},
      dependents: new Map(),
      redactedDependents: new Map(),
      changes: []
    })
  })
})
