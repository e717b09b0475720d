import { describe, expect, it } from '@jest/globals'
import {
  checkCredential,
  describeValue,
  InputError,
  isLoopbackHost,
  parseBoolean,
  parseChoice,
  parseInteger,
  parseLines,
  parseOptionalNumber,
  parseSeconds,
  parseServiceUrl,
  parseTargets,
  readWithFallback,
  type InputSource
} from '../../../src/config/input-rules.js'

/** The message of the InputError `f` throws. */
function refusal(f: () => unknown): string {
  try {
    f()
  } catch (error) {
    if (error instanceof InputError) return error.message
    throw error
  }
  throw new Error('expected an InputError')
}

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.12.34.56', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['[::1]', true],
    ['::1', true],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['127.0.0.1.example.com', false],
    ['localhost.example.com', false]
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected)
  })
})

describe('the scalar rules', () => {
  it('parseBoolean takes the YAML 1.2 core spellings and refuses the rest, empty too (an expression that came out empty)', () => {
    expect(['true', 'True', 'TRUE'].map((v) => parseBoolean('wait', v))).toEqual([true, true, true])
    expect(['false', 'False', 'FALSE'].map((v) => parseBoolean('wait', v))).toEqual([false, false, false])
    expect(refusal(() => parseBoolean('wait', 'yes'))).toBe('Input \'wait\' must be true or false; got "yes"')
    expect(refusal(() => parseBoolean('dry-run', ''))).toBe(
      "Input 'dry-run' must be true or false; got an empty value. If it comes from an expression such as ${{ inputs.dry-run }}, check that what it names is defined and set; or leave 'dry-run' out to use its default."
    )
  })

  it('parseInteger and parseSeconds hold their bounds', () => {
    expect(parseInteger('concurrency', '', { min: 1, max: 32, fallback: 8 })).toBe(8)
    expect(parseInteger('concurrency', '32', { min: 1, max: 32, fallback: 8 })).toBe(32)
    expect(refusal(() => parseInteger('concurrency', '1.5', { min: 1, max: 32, fallback: 8 }))).toContain(
      'whole number from 1 to 32'
    )
    expect(parseSeconds('timeout', '2.5', { min: 0.1, max: 600, fallback: 30 })).toBe(2500)
    expect(parseSeconds('timeout', '', { min: 0.1, max: 600, fallback: 30 })).toBe(30_000)
    expect(refusal(() => parseSeconds('timeout', '-1', { min: 0.1, max: 600, fallback: 30 }))).toContain(
      'seconds from 0.1 to 600'
    )
  })

  it('parseOptionalNumber is undefined when empty', () => {
    const rule = { min: 0.1, max: 1000, unit: 'requests a second' }
    expect(parseOptionalNumber('max-rate', '', rule)).toBeUndefined()
    expect(parseOptionalNumber('max-rate', '0.5', rule)).toBe(0.5)
    expect(refusal(() => parseOptionalNumber('max-rate', '1e3', rule))).toContain(
      'requests a second from 0.1 to 1000, or empty'
    )
  })

  it('parseChoice is case-insensitive, has a fallback, and says what is allowed', () => {
    expect(parseChoice('signature-version', 'V3', ['v1', 'v3'])).toBe('v3')
    expect(parseChoice('signature-version', '', ['v1', 'v3'], 'v1')).toBe('v1')
    expect(refusal(() => parseChoice('operation', '', ['delete', 'cancel']))).toBe(
      "Input 'operation' is required: one of delete, cancel"
    )
  })

  it('describeValue quotes, escapes and shortens what it shows', () => {
    expect(describeValue('a\nb')).toBe('"a\\nb"')
    // Whole or not at all: a cut could leave a piece of a secret that no mask recognises.
    expect(describeValue('x'.repeat(200))).toBe(`"${'x'.repeat(200)}"`)
    expect(describeValue('x'.repeat(201))).toBe('a value of 201 characters (too long to quote)')
  })

  it('readWithFallback prefers the input, then the trimmed environment variable', () => {
    expect(readWithFallback(() => 'in', { E: 'env' }, 'i', 'E')).toBe('in')
    expect(readWithFallback(() => '', { E: ' env ' }, 'i', 'E')).toBe('env')
  })
})

describe('parseServiceUrl', () => {
  it('takes https anywhere and http only to loopback, as a base URL', () => {
    expect(parseServiceUrl('endpoint', 'https://fnf.example.com', 'x').href).toBe('https://fnf.example.com/')
    expect(parseServiceUrl('endpoint', 'http://127.0.0.1:9', 'x').href).toBe('http://127.0.0.1:9/')
    expect(refusal(() => parseServiceUrl('endpoint', 'ftp://h', 'x'))).toBe(
      'Input \'endpoint\' must use https://; got "ftp:"'
    )
    expect(refusal(() => parseServiceUrl('endpoint', 'https://u:p@h', 'x'))).toBe(
      "Input 'endpoint' must not contain a user name or password"
    )
    expect(refusal(() => parseServiceUrl('endpoint', 'https://h/path?q', 'x'))).toContain('no path, query or fragment')
  })
})

describe('lists and credentials', () => {
  const source = (value: string): InputSource & { warnings: string[] } => {
    const warnings: string[] = []
    return { read: () => value, env: {}, secret: () => '', warn: (m) => void warnings.push(m), warnings }
  }

  it('parseLines trims, drops blanks and keeps the first of duplicates', () => {
    expect(parseLines(' a \n\nb\r\na')).toEqual({ values: ['a', 'b'], duplicates: ['a'] })
  })

  it('parseTargets checks each line, warns of duplicates, and bounds the count', () => {
    const s = source('a\nb\na')
    const lines: number[] = []
    expect(
      parseTargets(s, 'flow-name', { noun: 'flow', whenMissing: '', validate: (_v, line) => void lines.push(line) })
    ).toEqual(['a', 'b'])
    expect(lines).toEqual([1, 2])
    expect(s.warnings).toEqual(['flow-name lists "a" more than once; each is handled once'])
    expect(
      refusal(() => parseTargets(source(''), 'flow-name', { noun: 'flow', whenMissing: 'always', validate: () => {} }))
    ).toBe("Input 'flow-name' is required always")
  })

  it('checkCredential refuses white space and control characters without showing the value', () => {
    expect(refusal(() => checkCredential('app-secret', 'E', 'se cret'))).toBe(
      "Input 'app-secret' contains white space or control characters; paste the value again without line breaks"
    )
    expect(refusal(() => checkCredential('app-secret', 'E', ''))).toBe(
      "Input 'app-secret' is required: set it (from a secret) or the E environment variable"
    )
    expect(() => checkCredential('security-token', 'E', '', { required: false })).not.toThrow()
  })
})
