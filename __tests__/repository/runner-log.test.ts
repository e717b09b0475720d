/** The demo's rendering of a step log: what the Actions page would show for the raw stream. */
import { describe, expect, it } from '@jest/globals'
import { renderRunnerLog } from '../../scripts/lib/runner-log.js'

describe('renderRunnerLog', () => {
  const raw = [
    '::add-mask::s3cret%25value',
    '::debug::signing with s3cret%value',
    'Deleted flow a',
    '::warning::clock is off%0Aby 20 min',
    '::error title=DeleteFlow failed%3A b::DeleteFlow b failed: key s3cret%25value',
    '\\::error::not a command',
    '::error::1 of 2 flows failed: b',
    ''
  ].join('\n')

  it('hides masking and debug lines, shows masked values as ***, annotations as the runner words them', () => {
    expect(renderRunnerLog(raw)).toBe(
      [
        'Deleted flow a',
        'Warning: clock is off\nby 20 min',
        'Error: DeleteFlow b failed: key ***',
        '\\::error::not a command',
        'Error: 1 of 2 flows failed: b',
        ''
      ].join('\n')
    )
  })

  it('shows debug lines, masked, with step debug logging on', () => {
    expect(renderRunnerLog(raw, { debug: true })).toContain('##[debug]signing with ***')
  })
})
