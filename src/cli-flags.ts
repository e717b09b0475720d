/**
 * The command's arguments → an operation and its inputs, as the action would read them: every
 * action input is a flag of the same name. Pure: it takes the arguments and action.yml's defaults
 * (which say which inputs are booleans) and throws FlagError naming the flag.
 *
 * - `--name value` or `--name=value`; a flag given twice, or a value with newlines, is a list (the
 *   values joined one a line, as the input takes them).
 * - A boolean input's flag alone means true (`--dry-run`), `--no-<name>` false.
 * - A flag no input has is refused, naming the nearest one.
 */

/** An argument the command cannot take; `flag` is what was given (without its dashes). */
export class FlagError extends Error {
  constructor(
    readonly flag: string,
    message: string
  ) {
    super(message)
  }
}

/** The command's own flags, beside the action's inputs. */
export const COMMAND_FLAGS = ['help', 'json'] as const

export interface ParsedCommand {
  operation: string | undefined
  inputs: Record<string, string>
  help: boolean
  json: boolean
}

/** Levenshtein distance, for the nearest flag to a misspelt one. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.length]!
}

/** The known flag nearest to `flag`. */
export function nearestFlag(flag: string, known: readonly string[]): string {
  return [...known].sort((x, y) => distance(flag, x) - distance(flag, y) || x.localeCompare(y))[0]!
}

/**
 * Parses `args` (after the command's name). `defaults` is action.yml's inputs with their defaults:
 * its keys are the flags, and a default of 'true' or 'false' marks a boolean.
 */
export function parseCommand(args: readonly string[], defaults: Readonly<Record<string, string>>): ParsedCommand {
  const inputs = Object.keys(defaults).filter((name) => name !== 'operation')
  const known = [...inputs, ...COMMAND_FLAGS]
  const isBoolean = (name: string) => defaults[name] === 'true' || defaults[name] === 'false'
  const given = new Map<string, string[]>()
  let operation: string | undefined
  let help = false
  let json = false
  const refuse = (flag: string): never => {
    throw new FlagError(
      flag,
      `Unknown flag '--${flag}'. Did you mean '--${nearestFlag(flag, known)}'? (flow-ops --help lists them)`
    )
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (!arg.startsWith('--')) {
      if (operation === undefined) {
        operation = arg
        continue
      }
      throw new FlagError(arg, `Unexpected argument '${arg}': give inputs as flags, such as --flow-name ${arg}`)
    }
    const [rawName, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
    if (rawName === 'help') {
      help = true
      continue
    }
    if (rawName === 'json') {
      json = true
      continue
    }
    if (rawName.startsWith('no-') && !inputs.includes(rawName)) {
      const name = rawName.slice(3)
      if (!inputs.includes(name)) refuse(rawName)
      if (!isBoolean(name)) throw new FlagError(rawName, `'--${rawName}': '--${name}' is not a true-or-false input`)
      if (inline !== undefined) throw new FlagError(rawName, `'--${rawName}' takes no value`)
      given.set(name, [...(given.get(name) ?? []), 'false'])
      continue
    }
    if (!inputs.includes(rawName)) refuse(rawName)
    let value = inline
    if (value === undefined) {
      const next = args[i + 1]
      if (isBoolean(rawName) && (next === undefined || next.startsWith('--') || !/^(true|false)$/i.test(next))) {
        value = 'true'
      } else if (next === undefined || next.startsWith('--')) {
        throw new FlagError(rawName, `'--${rawName}' needs a value`)
      } else {
        value = next
        i++
      }
    }
    given.set(rawName, [...(given.get(rawName) ?? []), value])
  }
  return {
    operation,
    inputs: Object.fromEntries([...given].map(([name, values]) => [name, values.join('\n')])),
    help,
    json
  }
}
