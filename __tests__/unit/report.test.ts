import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import {
  annotationsFor,
  cancellationMessage,
  cleanResults,
  countsByStatus,
  errorMessageFor,
  outputsFor,
  overallStatus,
  renderSummary,
  resultsJson
} from '../../src/report.js'
import { neutralise } from '../../src/untrusted.js'
import { SecretRegistry } from '../../src/secrets.js'
import type { TargetResult } from '../../src/results.js'
import { VERSION } from '../../src/version.js'

const deleted: TargetResult = {
  name: 'a',
  status: 'deleted',
  action: 'DeleteFlow',
  location: 'cn-hangzhou',
  requestId: 'R1',
  attempts: 1,
  durationMs: 12
}
const notFound: TargetResult = {
  name: 'b',
  status: 'not-found',
  action: 'DeleteFlow',
  location: 'cn-hangzhou',
  requestId: 'R2',
  errorCode: 'FlowNotExists',
  message: 'Flow b does not exist.',
  httpStatus: 404,
  attempts: 1,
  durationMs: 5
}
const failed: TargetResult = {
  name: 'c',
  status: 'failed',
  action: 'DeleteFlow',
  location: 'cn-hangzhou',
  requestId: 'R3',
  errorCode: 'AccessDenied',
  message: "The resources doesn't belong to you.",
  httpStatus: 403,
  hint: 'Grant fnf:DeleteFlow.',
  attempts: 1,
  durationMs: 1500
}

describe('overallStatus', () => {
  it.each([
    [[deleted], 'deleted'],
    [[notFound], 'not-found'],
    [[deleted, notFound], 'deleted'],
    [[deleted, failed, notFound], 'failed'],
    [[{ ...deleted, status: 'dry-run' }], 'dry-run']
  ] as const)('%#', (results, status) => {
    expect(overallStatus(results)).toBe(status)
  })
})

describe('outputsFor', () => {
  it('describes the first failed target and lists every target', () => {
    const outputs = outputsFor([deleted, failed, notFound])
    expect(outputs).toEqual({
      'request-id': 'R3',
      status: 'failed',
      'error-code': 'AccessDenied',
      'error-message': "The resources doesn't belong to you.",
      'http-status': '403',
      'final-state': '',
      results: expect.any(String)
    })
    expect(JSON.parse(outputs['results']!)).toEqual([
      {
        name: 'a',
        status: 'deleted',
        requestId: 'R1',
        errorCode: null,
        message: null,
        httpStatus: null,
        finalState: null,
        attempts: 1,
        durationMs: 12
      },
      {
        name: 'c',
        status: 'failed',
        requestId: 'R3',
        errorCode: 'AccessDenied',
        message: "The resources doesn't belong to you.",
        httpStatus: 403,
        finalState: null,
        attempts: 1,
        durationMs: 1500
      },
      {
        name: 'b',
        status: 'not-found',
        requestId: 'R2',
        errorCode: 'FlowNotExists',
        message: 'Flow b does not exist.',
        httpStatus: 404,
        finalState: null,
        attempts: 1,
        durationMs: 5
      }
    ])
  })

  it('describes the last target when none failed, with no error fields', () => {
    expect(outputsFor([deleted, notFound])).toMatchObject({
      'request-id': 'R2',
      status: 'deleted',
      'error-code': '',
      'error-message': '',
      'http-status': '404'
    })
  })
})

describe('errorMessageFor', () => {
  it('says what was attempted, the code, status, message, hint and RequestId', () => {
    expect(errorMessageFor(failed)).toBe(
      "DeleteFlow 'c' (cn-hangzhou) failed after 1 attempt: AccessDenied (HTTP 403): The resources doesn't belong to you. — Grant fnf:DeleteFlow. RequestId: R3."
    )
  })
  it('copes with a failure that has no status, hint or request id', () => {
    expect(
      errorMessageFor({
        name: 'd',
        status: 'failed',
        action: 'DeleteFlow',
        location: 'x',
        errorCode: 'Weird',
        message: 'm',
        attempts: 3,
        durationMs: 0
      })
    ).toBe("DeleteFlow 'd' (x) failed after 3 attempts: Weird: m RequestId: none.")
  })
})

describe('renderSummary', () => {
  it('has a header row and one escaped row per target', () => {
    const html = renderSummary([failed, { ...deleted, requestId: '<b>x</b>' }], { operation: 'delete' })
    expect(html).toContain(
      '<tr><th>Target</th><th>Where</th><th>Result</th><th>Final state</th><th>Request ID</th><th>Attempts</th><th>Duration</th></tr>'
    )
    expect(html).toContain(
      '<tr><td><code>c</code></td><td>cn-hangzhou</td><td>❌ failed: AccessDenied (HTTP 403)</td><td>—</td><td><code>R3</code></td><td>1</td><td>1.5 s</td></tr>'
    )
    expect(html).toContain('<code>&#60;b&#62;x&#60;/b&#62;</code>')
  })
})

describe('VERSION', () => {
  it('matches package.json', () => {
    expect(VERSION).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version)
  })
})

describe('README', () => {
  const readme = fs.readFileSync('README.md', 'utf8')
  const actionYml = fs.readFileSync('action.yml', 'utf8')

  it('documents every input and output of action.yml', () => {
    const names = [...actionYml.matchAll(/^ {2}([a-z0-9-]+):\s*$/gm)].map((m) => m[1]!)
    expect(names.length).toBeGreaterThan(15)
    for (const name of names) expect(readme).toContain(`| \`${name}\` |`)
  })
})

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

describe("the runner's limits", () => {
  const many = (n: number, message: string): TargetResult[] =>
    Array.from({ length: n }, (_, i) => ({ ...failed, name: `flow-${i}`, message, hint: 'Check it.' }))

  it('resultsJson shortens messages until it fits, and keeps every target', () => {
    const results = many(100, 'm'.repeat(5000))
    const json = resultsJson(results, 60_000)
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(60_000)
    const parsed = JSON.parse(json) as { name: string; message: string }[]
    expect(parsed).toHaveLength(100)
    expect(parsed[0]!.message).toMatch(/^m+… \(shortened\)$/)
    // When even empty messages would not fit, they go, and the entries stay.
    expect((JSON.parse(resultsJson(results, 5_000)) as unknown[]).length).toBe(100)
  })

  it('renderSummary shortens messages first, then leaves rows out and says how many', () => {
    const results = many(200, 'x'.repeat(3000))
    const shortened = renderSummary(results, { operation: 'delete' }, 200_000)
    expect(Buffer.byteLength(shortened)).toBeLessThanOrEqual(200_000)
    expect(shortened.match(/<tr>/g)).toHaveLength(201)
    expect(shortened).toContain('… &#40;shortened&#41;')

    const tight = renderSummary(results, { operation: 'delete' }, 30_000)
    expect(Buffer.byteLength(tight)).toBeLessThanOrEqual(30_000)
    const rows = tight.match(/<tr>/g)!.length - 1
    expect(rows).toBeLessThan(200)
    expect(tight).toContain(`${200 - rows} rows`)
    expect(tight).toContain('are left out to keep this summary under the runner&#39;s 1 MiB limit')
  })

  it('annotationsFor keeps within 10 a step: the last says how many more failed', () => {
    expect(annotationsFor(many(10, 'm'))).toHaveLength(10)
    const capped = annotationsFor(many(25, 'm'))
    expect(capped).toHaveLength(10)
    expect(capped[8]!.message).toContain("DeleteFlow 'flow-8'")
    expect(capped[9]).toEqual({
      title: '16 more targets failed',
      message: expect.stringMatching(/^16 more targets failed: flow-9, flow-10, .*flow-24\. The job summary/)
    })
    // Room is kept for the run's own errors (a cancellation, an output file that could not be written).
    expect(annotationsFor(many(25, 'm'), 2)).toHaveLength(8)
  })
})

describe('a cancelled run', () => {
  const notStarted: TargetResult = { ...deleted, name: 'z', status: 'not-started', requestId: undefined }
  it('has status cancelled, error-code RunCancelled and a message that counts the targets by state', () => {
    const outputs = outputsFor([deleted, notStarted], { cancelledBy: 'SIGTERM' })
    expect(outputs).toMatchObject({ status: 'cancelled', 'error-code': 'RunCancelled' })
    expect(outputs['error-message']).toBe(cancellationMessage([deleted, notStarted], 'SIGTERM'))
    expect(countsByStatus([deleted, notStarted, notStarted])).toBe('1 deleted, 2 not started')
    expect(overallStatus([deleted], { cancelledBy: 'SIGINT' })).toBe('cancelled')
  })
})

describe('cleanResults with the edge gate', () => {
  it('escapes control characters in every text field', () => {
    const [result] = cleanResults([{ ...failed, message: 'a\n::error::b', requestId: 'r\r\n1' }], neutralise)
    expect(result).toMatchObject({ message: 'a\\n::error::b', requestId: 'r\\r\\n1' })
  })
})
