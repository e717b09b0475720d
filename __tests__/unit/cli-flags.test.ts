/** The command's arguments → an operation and its inputs, as the action reads them. */
import { describe, expect, it } from '@jest/globals'
import { FlagError, nearestFlag, parseCommand } from '../../src/cli-flags.js'
import { ACTION_DEFAULTS } from '../../src/action-defaults.js'

const parse = (...args: string[]) => parseCommand(args, ACTION_DEFAULTS)
const refusal = (...args: string[]) => {
  try {
    parse(...args)
  } catch (error) {
    if (error instanceof FlagError) return { flag: error.flag, message: error.message }
    throw error
  }
  throw new Error('not refused')
}

describe('parseCommand', () => {
  it('takes the operation first and each input as a flag of its name, with a value after it or after =', () => {
    expect(parse('delete', '--flow-name', 'a', '--region=cn-hangzhou')).toEqual({
      operation: 'delete',
      inputs: { 'flow-name': 'a', region: 'cn-hangzhou' },
      help: false,
      json: false
    })
    expect(parse('delete', '--request-id=a=b').inputs['request-id']).toBe('a=b')
  })

  it('makes a list of a flag given again, one value a line, and keeps a value that holds newlines', () => {
    expect(parse('delete', '--flow-name', 'a', '--flow-name', 'b').inputs['flow-name']).toBe('a\nb')
    expect(parse('delete', '--flow-name-pattern', 'pr-1-*\npr-2-*').inputs['flow-name-pattern']).toBe('pr-1-*\npr-2-*')
  })

  it('reads a true-or-false input alone as true, --no-<input> as false, and takes true or false after it', () => {
    expect(parse('delete', '--dry-run', '--flow-name', 'a').inputs).toEqual({ 'dry-run': 'true', 'flow-name': 'a' })
    expect(parse('delete', '--no-backup').inputs).toEqual({ backup: 'false' })
    expect(parse('delete', '--wait', 'false').inputs).toEqual({ wait: 'false' })
    expect(parse('delete', '--wait').inputs).toEqual({ wait: 'true' })
    expect(refusal('delete', '--no-flow-name')).toEqual({
      flag: 'no-flow-name',
      message: "'--no-flow-name': '--flow-name' is not a true-or-false input"
    })
    expect(refusal('delete', '--no-backup=yes').message).toBe("'--no-backup' takes no value")
  })

  it('refuses an unknown or misspelt flag, naming the nearest real one', () => {
    expect(refusal('delete', '--flow-name-patern', 'x')).toEqual({
      flag: 'flow-name-patern',
      message: "Unknown flag '--flow-name-patern'. Did you mean '--flow-name-pattern'? (flow-ops --help lists them)"
    })
    expect(refusal('delete', '--dryrun').message).toContain("Did you mean '--dry-run'?")
    expect(refusal('delete', '--no-such').message).toContain("Unknown flag '--no-such'")
    // operation is the first argument, not a flag
    expect(refusal('--operation', 'delete').message).toContain("Unknown flag '--operation'")
  })

  it('refuses a flag without its value and a second bare argument', () => {
    expect(refusal('delete', '--flow-name').message).toBe("'--flow-name' needs a value")
    expect(refusal('delete', '--flow-name', '--region', 'x').message).toBe("'--flow-name' needs a value")
    expect(refusal('delete', 'my-flow').message).toBe(
      "Unexpected argument 'my-flow': give inputs as flags, such as --flow-name my-flow"
    )
  })

  it('takes --help and --json as the command’s own', () => {
    expect(parse('--help')).toEqual({ operation: undefined, inputs: {}, help: true, json: false })
    expect(parse('cancel', '--json').json).toBe(true)
  })

  it('finds the nearest flag by edit distance', () => {
    expect(nearestFlag('regoin', ['region', 'endpoint'])).toBe('region')
  })
})
