/**
 * The `flow-ops` command: the engine (engine.ts) in a terminal, for laptops, other CI systems and
 * the night a teardown went wrong. `flow-ops <operation> [--input value]…`: every action input is
 * a flag (cli-flags.ts); credentials come from the environment variables the action reads; the log
 * is plain text, secrets scrubbed from every line; the report is the job summary as text, and
 * `--json` puts `results` on stdout with the log on stderr. Exit codes are the action's.
 */
import path from 'node:path'
import { ACTION_DEFAULTS } from './action-defaults.js'
import { ACTION_DESCRIPTION, INPUT_DESCRIPTIONS } from './action-descriptions.js'
import { FlagError, parseCommand } from './cli-flags.js'
import { evaluateDefault } from './config/inputs.js'
import { runEngine, type Edge } from './engine.js'
import { INPUT_CATALOGUE } from './providers/index.js'
import { failureAccount } from './report/annotations.js'
import { resultsJson } from './report/outputs.js'
import { renderTextSummary } from './report/text-summary.js'
import { safeLogLine } from './safety/untrusted.js'

/** Inputs a terminal user keeps in the environment, beside those the action reads there itself. */
export const COMMAND_ENVIRONMENT: Readonly<Record<string, string>> = {
  'apigw-url': 'ENOS_APIGW_URL',
  'org-id': 'ENOS_ORG_ID',
  'user-id': 'ENOS_USER_ID'
}

/** The help: the operations, every input with its default and description, where credentials come from. */
export function helpText(): string {
  const inputs = Object.keys(ACTION_DEFAULTS).filter((name) => name !== 'operation')
  const wrap = (text: string) => {
    const lines: string[] = []
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const last = lines.at(-1)
      if (last !== undefined && last.length + word.length < 96) lines[lines.length - 1] = `${last} ${word}`
      else lines.push(word)
    }
    return lines.map((l) => `      ${l}`).join('\n')
  }
  return [
    'Usage: flow-ops <operation> [--input value]… [--json]',
    '',
    ACTION_DESCRIPTION,
    '',
    'Operations: delete, cancel, restore.',
    wrap(INPUT_DESCRIPTIONS['operation'] ?? ''),
    '',
    'Every input of the action is a flag of the same name. A list is the flag given again, or one value',
    'with newlines. A true-or-false input alone means true (--dry-run); --no-<input> means false.',
    '',
    'Credentials come from the environment: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET,',
    'ALIBABA_CLOUD_SECURITY_TOKEN and ALIBABA_CLOUD_REGION_ID; ENOS_APP_KEY, ENOS_APP_SECRET, ENOS_APIGW_URL,',
    'ENOS_ORG_ID and ENOS_USER_ID. Their flags work too, but a flag ends up in your shell history.',
    'Keyless authentication (--role-arn, --oidc-provider-arn) needs a GitHub Actions job: not here.',
    '',
    '--json     print `results` as JSON on stdout, and the log on stderr',
    '--help     this text',
    '',
    'Inputs:',
    ...inputs.map((name) => {
      const fallback = ACTION_DEFAULTS[name] ?? ''
      return `  --${name}${fallback !== '' ? ` (default: ${fallback})` : ''}\n${wrap(INPUT_DESCRIPTIONS[name] ?? '')}`
    }),
    ''
  ].join('\n')
}

/** `20261207T121500.123Z`: a manifest's name tells runs apart. */
const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '')

export async function runCommand(args: readonly string[], env = process.env): Promise<void> {
  let command
  try {
    command = parseCommand(args, ACTION_DEFAULTS)
  } catch (error) {
    if (!(error instanceof FlagError)) throw error
    process.stderr.write(`flow-ops: ${error.message}\n`)
    process.exitCode = 1
    return
  }
  if (command.help) {
    process.stdout.write(helpText())
    return
  }
  const keyless = ['role-arn', 'oidc-provider-arn'].filter((name) => (command.inputs[name] ?? '') !== '')
  if (keyless.length > 0) {
    process.stderr.write(
      `flow-ops: --${keyless[0]}: keyless authentication exchanges a GitHub Actions job's OIDC token, which a terminal does not have. Give access keys in ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN for temporary ones) instead.\n`
    )
    process.exitCode = 1
    return
  }
  const log = command.json ? process.stderr : process.stdout
  const line = (text: string) => void log.write(`${safeLogLine(text)}\n`)
  // A secret input given as a flag (each provider declares its own) is in the shell's history now.
  for (const [name] of INPUT_CATALOGUE.secretInputs.filter(([n]) => command.inputs[n] !== undefined)) {
    line(`Warning: --${name} is in your shell's history now; the environment variable keeps it out of it.`)
  }
  const edge: Edge = {
    readInput: (name) => {
      if (name === 'operation') return command.operation ?? ''
      const given = command.inputs[name]
      if (given !== undefined) return given.trim()
      const variable = COMMAND_ENVIRONMENT[name]
      if (variable && env[variable]) return env[variable].trim()
      return evaluateDefault(ACTION_DEFAULTS[name] ?? '', env)
    },
    // Nothing to hide them from but the engine's own output, which scrubs them.
    maskSecret: () => {},
    logger: (clean) => ({
      debug: (message) => {
        if (env['FLOW_OPS_DEBUG']) line(`Debug: ${clean(message)}`)
      },
      info: (message) => line(clean(message)),
      warning: (message) => line(`Warning: ${clean(message)}`),
      finish: () => {}
    }),
    runUrl: () => undefined,
    idToken: () => async () => {
      throw Object.assign(new Error('a terminal has no GitHub Actions OIDC token'), { permanent: true })
    },
    manifestPath: (operation) => ({
      path: path.resolve(`flow-ops-manifest-${operation.replace(/[^a-z]/g, '_')}-${stamp(Date.now())}.jsonl`),
      instead: 'a new file in the current folder'
    }),
    publish: async (results, report) => {
      log.write(`\n${renderTextSummary(results, report)}`)
      if (command.json) process.stdout.write(`${resultsJson(results, report.doneStatus)}\n`)
      if (failureAccount(results, report)) process.exitCode = 1
    },
    publishInputError: async (_operation, message) => {
      process.stderr.write(`flow-ops: ${message}\n`)
      process.exitCode = 1
    },
    failUnexpected: (message, stack) => {
      process.stderr.write(`flow-ops: ${message}\n${env['FLOW_OPS_DEBUG'] ? `${stack}\n` : ''}`)
      process.exitCode = 1
    }
  }
  await runEngine(edge)
}
