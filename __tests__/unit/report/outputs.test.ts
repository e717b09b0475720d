import { describe, expect, it } from '@jest/globals'
import { cancellationMessage } from '../../../src/report/annotations.js'
import { outputsFor, overallStatus, resultsJson, statusWord } from '../../../src/report/outputs.js'
import type { TargetResult } from '../../../src/report/results.js'
import { DELETE, deleted, failed, manyFailed, notFound } from '../../helpers/results.js'

describe('overallStatus', () => {
  it.each([
    [[deleted], 'deleted'],
    [[notFound], 'not-found'],
    [[deleted, notFound], 'deleted'],
    [[deleted, failed, notFound], 'failed'],
    [[{ ...deleted, status: 'dry-run' }], 'dry-run']
  ] as const)('%#', (results, status) => {
    expect(overallStatus(results, DELETE)).toBe(status)
  })

  it("calls done by the provider's word", () => {
    expect(overallStatus([deleted], { doneStatus: 'cancelled' })).toBe('cancelled')
    expect(statusWord(deleted, 'cancelled')).toBe('cancelled')
    expect(statusWord(failed, 'cancelled')).toBe('failed')
  })
})

describe('outputsFor', () => {
  it('describes the first failed target and lists every target', () => {
    const outputs = outputsFor([deleted, failed, notFound], { ...DELETE, manifestPath: '/tmp/m.jsonl' })
    expect(outputs).toEqual({
      'request-id': 'R3',
      status: 'failed',
      'error-code': 'AccessDenied',
      'error-message': "The resources doesn't belong to you.",
      'http-status': '403',
      'final-state': '',
      results: expect.any(String),
      manifest: '/tmp/m.jsonl'
    })
    const entry = (r: TargetResult, status: string) => ({
      name: r.name,
      status,
      requestId: r.requestId,
      errorCode: r.errorCode ?? null,
      message: r.message ?? null,
      httpStatus: r.httpStatus,
      finalState: null,
      attempts: 1,
      throttled: 0,
      requests: 1,
      durationMs: r.durationMs
    })
    expect(JSON.parse(outputs['results']!)).toEqual([
      entry(deleted, 'deleted'),
      entry(failed, 'failed'),
      entry(notFound, 'not-found')
    ])
  })

  it('describes the last target when none failed, with no error fields', () => {
    expect(outputsFor([deleted, notFound], DELETE)).toMatchObject({
      'request-id': 'R2',
      status: 'deleted',
      'error-code': '',
      'error-message': '',
      'http-status': '404'
    })
  })

  it('has the status of the final answer on success too', () => {
    expect(outputsFor([deleted], DELETE)['http-status']).toBe('200')
  })
})

describe('resultsJson within the output limit', () => {
  it('shortens messages until it fits, and keeps every target', () => {
    const results = manyFailed(100, 'm'.repeat(5000))
    const json = resultsJson(results, 'deleted', 60_000)
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(60_000)
    const parsed = JSON.parse(json) as { name: string; message: string }[]
    expect(parsed).toHaveLength(100)
    expect(parsed[0]!.message).toMatch(/^m+… \(shortened\)$/)
    // When even empty messages would not fit, they go, and the entries stay.
    expect((JSON.parse(resultsJson(results, 'deleted', 5_000)) as unknown[]).length).toBe(100)
  })
})

describe('a cancelled run', () => {
  const notStarted: TargetResult = { ...deleted, name: 'z', status: 'not-started', requestId: undefined }
  it('has status cancelled, error-code RunCancelled and a message that counts the targets by state', () => {
    const outputs = outputsFor([deleted, notStarted], { ...DELETE, cancelledBy: 'SIGTERM' })
    expect(outputs).toMatchObject({ status: 'cancelled', 'error-code': 'RunCancelled' })
    expect(outputs['error-message']).toBe(cancellationMessage([deleted, notStarted], 'SIGTERM', 'deleted'))
    expect(overallStatus([deleted], { ...DELETE, cancelledBy: 'SIGINT' })).toBe('cancelled')
  })
})

describe('resultsJson and a provider’s details', () => {
  it('writes each detail as its list and its count, under the keys the provider names, after the common keys', () => {
    const withDetails: TargetResult = {
      ...deleted,
      details: [
        {
          key: 'schedules',
          doneKey: 'schedulesDeleted',
          label: 'Schedules',
          verb: 'delete',
          past: 'deleted',
          items: ['n', 'h'],
          done: 1
        },
        { key: 'things', doneKey: 'thingsDone', label: 'Things', verb: 'do', past: 'done', items: [], done: 0 }
      ]
    }
    const [entry] = JSON.parse(resultsJson([withDetails], 'deleted')) as Record<string, unknown>[]
    expect(Object.keys(entry!).slice(-4)).toEqual(['schedules', 'schedulesDeleted', 'things', 'thingsDone'])
    expect(entry).toMatchObject({ schedules: ['n', 'h'], schedulesDeleted: 1, things: [], thingsDone: 0 })
    const [plain] = JSON.parse(resultsJson([deleted], 'deleted')) as Record<string, unknown>[]
    expect(Object.keys(plain!)).not.toContain('schedules')
  })
})
