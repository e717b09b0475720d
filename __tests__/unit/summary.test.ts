import { describe, expect, it } from '@jest/globals'
import { renderSummary } from '../../src/summary.js'
import { DELETE, deleted, failed, manyFailed } from '../helpers/results.js'

describe('renderSummary', () => {
  it('has a header row and one escaped row per target', () => {
    const html = renderSummary([failed, { ...deleted, requestId: '<b>x</b>' }], DELETE)
    expect(html).toContain(
      '<tr><th>Target</th><th>Where</th><th>Result</th><th>Final state</th><th>Request ID</th><th>Attempts</th><th>Duration</th></tr>'
    )
    expect(html).toContain(
      '<tr><td><code>c</code></td><td>cn-hangzhou</td><td>❌ failed: AccessDenied (HTTP 403)</td><td>—</td><td><code>R3</code></td><td>1</td><td>1.5 s</td></tr>'
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
})
