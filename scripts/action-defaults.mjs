// The defaults action.yml gives its inputs, built into the action: src/action-defaults.ts is
// (and, for the command's --help, src/action-descriptions.ts)
// written from action.yml by `npm run build` (before ncc), so that the bundle run by hand, without
// the runner filling in defaults, behaves as on a runner. __tests__/repository/action-yml.test.ts
// holds the file to action.yml. `node scripts/action-defaults.mjs` writes it.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as prettier from 'prettier'
import YAML from 'yaml'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const DEFAULTS_FILE = path.join(root, 'src', 'action-defaults.ts')
export const DESCRIPTIONS_FILE = path.join(root, 'src', 'action-descriptions.ts')

/** action.yml's inputs, in its order: each one's default ('' when it has none). */
export function actionDefaults(yml = fs.readFileSync(path.join(root, 'action.yml'), 'utf8')) {
  const { inputs } = YAML.parse(yml)
  return Object.fromEntries(
    Object.entries(inputs).map(([name, input]) => [name, input.default === undefined ? '' : String(input.default)])
  )
}

/** The TypeScript module that holds them, formatted as the repository formats its code. */
export async function defaultsModule(defaults = actionDefaults()) {
  const entries = Object.entries(defaults).map(([name, value]) => `  ${JSON.stringify(name)}: ${JSON.stringify(value)}`)
  const code = [
    '// Written from action.yml by scripts/action-defaults.mjs (npm run build): edit action.yml, not this file.',
    '',
    '/**',
    ' * Every input action.yml declares, with the default the runner fills in when a workflow leaves it',
    " * out ('' for none), in action.yml's order. The entry point uses them when an INPUT_ variable is",
    ' * absent (the bundle run by hand), as the runner would.',
    ' */',
    'export const ACTION_DEFAULTS: Readonly<Record<string, string>> = {',
    entries.join(',\n'),
    '}',
    ''
  ].join('\n')
  return prettier.format(code, { ...(await prettier.resolveConfig(DEFAULTS_FILE)), filepath: DEFAULTS_FILE })
}

/** action.yml's description of each input, one line each, and of the action itself: the command's --help. */
export async function descriptionsModule(yml = fs.readFileSync(path.join(root, 'action.yml'), 'utf8')) {
  const { description, inputs } = YAML.parse(yml)
  const line = (text) => String(text).replace(/\s+/g, ' ').trim()
  const code = [
    '// Written from action.yml by scripts/action-defaults.mjs (npm run build): edit action.yml, not this file.',
    '',
    "/** What action.yml says the action does, and each input: the command's --help (the action does not load this). */",
    `export const ACTION_DESCRIPTION = ${JSON.stringify(line(description))}`,
    '',
    'export const INPUT_DESCRIPTIONS: Readonly<Record<string, string>> = {',
    Object.entries(inputs)
      .map(([name, input]) => `  ${JSON.stringify(name)}: ${JSON.stringify(line(input.description))}`)
      .join(',\n'),
    '}',
    ''
  ].join('\n')
  return prettier.format(code, { ...(await prettier.resolveConfig(DESCRIPTIONS_FILE)), filepath: DESCRIPTIONS_FILE })
}

/** Writes both files. */
export async function writeActionModules() {
  fs.writeFileSync(DEFAULTS_FILE, await defaultsModule())
  fs.writeFileSync(DESCRIPTIONS_FILE, await descriptionsModule())
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeActionModules()
}
