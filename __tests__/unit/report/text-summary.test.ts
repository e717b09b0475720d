import { describe, expect, it } from '@jest/globals'
import { renderTextSummary } from '../../../src/report/text-summary.js'
import { deleted, failed } from '../../helpers/results.js'

const context = { operation: 'delete', doneStatus: 'deleted', targetNoun: 'flow', durationMs: 2400, notes: ['a note'] }

describe('renderTextSummary', () => {
  it('says the totals, one line a target, what failed with its code, the failure line and the manifest', () => {
    const text = renderTextSummary([deleted, failed], { ...context, manifestPath: '/tmp/m.jsonl' })
    const lines = text.trimEnd().split('\n')
    expect(lines[0]).toBe('delete, 2 flows: 1 deleted, 1 failed · 2.4 s')
    expect(lines[1]).toMatch(new RegExp(`^ {2}${deleted.name} +deleted$`))
    expect(lines[2]).toMatch(new RegExp(`^ {2}${failed.name} +failed {2}${failed.errorCode}$`))
    expect(lines[3]).toMatch(
      /^Failed: DeleteFlow 'c' \(cn-hangzhou\) failed after 1 attempt: AccessDenied \(HTTP 403\)/
    )
    expect(lines.at(-2)).toBe(`1 of 2 flows failed: ${failed.name}`)
    expect(lines.at(-1)).toBe('Manifest: /tmp/m.jsonl')
    // The notes are the log's to say, not the summary's again.
    expect(text).not.toContain('a note')
  })

  it('says a dry run is one, and nothing failed when nothing did', () => {
    const text = renderTextSummary([{ ...deleted, status: 'dry-run' }], { ...context, dryRun: true })
    expect(text).toMatch(/^Dry run: delete, 1 flow: 1 dry run/)
    expect(text).not.toContain('Failed:')
  })
})
