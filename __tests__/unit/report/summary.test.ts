import { describe, expect, it } from '@jest/globals'
import { renderInputErrorSummary, renderSummary, totalsLine, withCodeSpans } from '../../../src/report/summary.js'
import { DELETE, deleted, failed, manyFailed, notFound } from '../../helpers/results.js'

describe('renderSummary', () => {
  it('has a header row and one escaped row per target', () => {
    const html = renderSummary([failed, { ...deleted, requestId: '<b>x</b>' }], DELETE)
    expect(html).toContain(
      '<tr><th>Target</th><th>Where</th><th>Result</th><th>Request ID</th><th>Attempts</th><th>Duration</th></tr>'
    )
    expect(html).toContain(
      '<tr><td><code>c</code></td><td>cn-hangzhou</td><td>❌ failed: AccessDenied (HTTP 403)</td><td><code>R3</code></td><td>1</td><td>1.5 s</td></tr>'
    )
    expect(html).toContain('<td>✅ deleted</td>')
    expect(html).toContain('<code>&#60;b&#62;x&#60;/b&#62;</code>')
  })

  it('shows throttled answers beside the attempts', () => {
    expect(renderSummary([{ ...deleted, attempts: 5, throttled: 4 }], DELETE)).toContain('<td>1 (+4 throttled)</td>')
  })

  it('shortens messages first, then leaves rows out and says how many', () => {
    const results = manyFailed(200, 'x'.repeat(3000))
    const shortened = renderSummary(results, DELETE, 200_000)
    expect(Buffer.byteLength(shortened)).toBeLessThanOrEqual(200_000)
    expect(shortened.match(/<tr>/g)).toHaveLength(201)
    expect(shortened).toContain('… &#40;shortened&#41;')

    const tight = renderSummary(results, DELETE, 30_000)
    expect(Buffer.byteLength(tight)).toBeLessThanOrEqual(30_000)
    const rows = tight.match(/<tr>/g)!.length - 1
    expect(rows).toBeLessThan(200)
    expect(tight).toContain(`${200 - rows} rows`)
    expect(tight).toContain('are left out to keep this summary under the runner&#39;s 1 MiB limit')
  })

  it('leads with the operation and the verdict, then the totals: how many in which state, and how long', () => {
    // In one fixed order, whatever the order of the targets.
    const html = renderSummary([failed, notFound, deleted], { ...DELETE, durationMs: 2400 })
    const lines = html.split('\n')
    expect(lines[0]).toBe('<h3>flow-ops delete: ❌ failed</h3>')
    expect(lines[1]).toBe('<p>3 flows: 1 deleted, 1 not found, 1 failed · 2.4 s</p>')
    expect(lines[2]).toMatch(/^<table>/)
    expect(renderSummary([deleted], DELETE).split('\n').slice(0, 2)).toEqual([
      '<h3>flow-ops delete: ✅ deleted</h3>',
      '<p>1 flow: 1 deleted</p>'
    ])
    expect(renderSummary([notFound], DELETE)).toContain('<h3>flow-ops delete: ➖ not found: nothing to do</h3>')
    expect(renderSummary([{ ...deleted, status: 'dry-run' }], { ...DELETE, dryRun: true })).toContain(
      '<h3>flow-ops delete: 🔍 dry run: nothing changed</h3>'
    )
    expect(renderSummary([deleted], { ...DELETE, cancelledBy: 'SIGTERM' })).toContain(
      '<h3>flow-ops delete: ⏹️ run cancelled (SIGTERM)</h3>'
    )
    expect(totalsLine([], { operation: 'cancel', doneStatus: 'cancelled', targetNoun: 'flow instance' })).toBe(
      '0 flow instances'
    )
  })

  it('lists the failures under a heading, and each distinct hint once, its code spans as code', () => {
    const hint = 'Set `ignore-not-found: true` to treat a missing flow as done.'
    const results = [
      { ...failed, name: 'a', hint },
      { ...failed, name: 'b', hint },
      { ...failed, name: 'c', hint: 'Grant `fnf:DeleteFlow`.' }
    ]
    const html = renderSummary(results, DELETE)
    expect(html).toContain('<h4>Failures</h4>')
    expect(html.match(/<li>DeleteFlow &#39;[abc]&#39;/g)).toHaveLength(3)
    expect(html).not.toContain('ignore-not-found: true</code> to treat a missing flow as done.</li><li>DeleteFlow')
    expect(html).toContain(
      '<h4>What to do</h4>\n<ul><li>Set <code>ignore-not-found: true</code> to treat a missing flow as done.</li><li>Grant <code>fnf:DeleteFlow</code>.</li></ul>'
    )
    expect(html.split('ignore-not-found')).toHaveLength(2)
  })

  it('renders code spans only from escaped text: a span cannot carry markup', () => {
    expect(withCodeSpans('run `<img src=x>` then `a`')).toBe('run <code>&#60;img src=x&#62;</code> then <code>a</code>')
    expect(withCodeSpans('one ` alone')).toBe('one &#96; alone')
  })

  it('leaves out columns empty in every row, and has no link to the run the reader is on', () => {
    const html = renderSummary([{ ...deleted, requestId: undefined } as never], DELETE)
    expect(html).not.toContain('Final state')
    expect(html).not.toContain('Request ID')
    expect(html).not.toContain('Run:')
    expect(renderSummary([{ ...deleted, finalState: 'gone' }], DELETE)).toContain('<th>Final state</th>')
  })

  it('says a refused input failed the run and that nothing was sent', () => {
    expect(renderInputErrorSummary('delete', 'Input \'wait\' must be true or false; got "on"')).toBe(
      [
        '<h3>flow-ops delete: ❌ failed</h3>',
        '<p>An input was refused, so nothing was sent.</p>',
        '<p><strong>Input &#39;wait&#39; must be true or false; got &#34;on&#34;</strong></p>'
      ].join('\n') + '\n'
    )
    expect(renderInputErrorSummary(undefined, 'x')).toMatch(/^<h3>flow-ops: ❌ failed<\/h3>/)
  })
})
