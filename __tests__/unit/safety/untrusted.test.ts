import { describe, expect, it } from '@jest/globals'
import { neutralise, safeLogLine, summaryText } from '../../../src/safety/untrusted.js'

describe('neutralise', () => {
  it('escapes line breaks and every other control character, so the text stays one line', () => {
    expect(neutralise('a\nb\r\nc\td\u0000e\u001bf\u007fg\u0085h\u2028i\u2029j\u202ek\ufeffl')).toBe(
      'a\\nb\\r\\nc\\td\\u0000e\\u001bf\\u007fg\\u0085h\\u2028i\\u2029j\\u202ek\\ufeffl'
    )
  })
  it("breaks up the runner's legacy ##[command] marker wherever it is", () => {
    expect(neutralise('x ##[error]y ##[add-mask]z')).toBe('x ##\\[error]y ##\\[add-mask]z')
  })
  it('leaves ordinary text, including non-ASCII letters, as it is', () => {
    expect(neutralise('Flow ä-1 does not exist.')).toBe('Flow ä-1 does not exist.')
  })
  it('is idempotent', () => {
    const once = neutralise('a\n##[b')
    expect(neutralise(once)).toBe(once)
  })
})

describe('safeLogLine', () => {
  it('never starts with a workflow command, even after leading white space', () => {
    expect(safeLogLine('::error::x')).toBe('\\::error::x')
    expect(safeLogLine('  ::add-mask::x')).toBe('\\  ::add-mask::x')
    expect(safeLogLine('Deleted ::error::x')).toBe('Deleted ::error::x')
  })
})

describe('summaryText', () => {
  it('escapes what HTML or markdown would act on, and keeps the text on one line', () => {
    expect(summaryText('![x](https://e/x.png) <img> [l](u) *b* _i_ `c` ~s~ |t| #h \\ {}\n\nnext')).toBe(
      '&#33;&#91;x&#93;&#40;https://e/x.png&#41; &#60;img&#62; &#91;l&#93;&#40;u&#41; &#42;b&#42; &#95;i&#95; &#96;c&#96; &#126;s&#126; &#124;t&#124; &#35;h &#92; &#123;&#125;&#92;n&#92;nnext'
    )
  })
})
