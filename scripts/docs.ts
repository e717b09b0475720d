/**
 * npm run docs: the input tables of docs/reference.md (one per operation, and one of the inputs
 * every operation reads) and the README's table of outputs, written from action.yml: each
 * input's default and description as action.yml gives them, and which operations read it as the
 * provider registry declares. __tests__/repository/docs.test.ts holds both files to what this
 * writes, so that the docs cannot drift from action.yml.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import YAML from 'yaml'
import { COMMON_INPUTS } from '../src/config/inputs.js'
import { OPERATIONS, REGISTRY } from '../src/providers/index.js'
import { ROOT } from './lib/run-action.js'

interface ActionYml {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>
  outputs: Record<string, { description: string }>
}

const PROVIDER_NAMES: Record<string, string> = { alibaba: 'Alibaba Cloud', enos: 'EnOS' }

function actionYml(): ActionYml {
  return YAML.parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionYml
}

/** A table cell: one line, pipes escaped, no `<` that markdown could take for a tag. */
const cell = (text: string) => text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|').replace(/</g, '&lt;')

function inputRows(names: readonly string[], yml: ActionYml, whose?: (name: string) => string): string[] {
  const ordered = Object.keys(yml.inputs).filter((name) => names.includes(name))
  return [
    `| input | default | ${whose ? 'provider | ' : ''}description |`,
    `|---|---|${whose ? '---|' : ''}---|`,
    ...ordered.map((name) => {
      const input = yml.inputs[name]!
      const fallback = input.required ? '(required)' : input.default ? `\`${cell(input.default)}\`` : ''
      return `| \`${name}\` | ${fallback} | ${whose ? `${whose(name)} | ` : ''}${cell(input.description)} |`
    })
  ]
}

/** One table per operation (its own inputs), then the inputs every operation reads. */
export function inputTables(yml = actionYml()): string {
  const sections = OPERATIONS.map((operation) => {
    const offering = REGISTRY.filter((r) => r.operation === operation)
    const own = [...new Set(offering.flatMap((r) => r.inputs))].filter((name) => !COMMON_INPUTS.includes(name))
    const whose =
      offering.length > 1
        ? (name: string) =>
            offering
              .filter((r) => r.inputs.includes(name))
              .map((r) => PROVIDER_NAMES[r.provider] ?? r.provider)
              .join(', ')
        : undefined
    const by = offering.map((r) => PROVIDER_NAMES[r.provider] ?? r.provider).join(' or ')
    return [`### \`operation: ${operation}\` (${by})`, '', ...inputRows(own, yml, whose)].join('\n')
  })
  const common = ['### Every operation', '', ...inputRows(COMMON_INPUTS, yml)].join('\n')
  return [...sections, common].join('\n\n')
}

export function outputsTable(yml = actionYml()): string {
  return [
    '| output | description |',
    '|---|---|',
    ...Object.entries(yml.outputs).map(([name, output]) => `| \`${name}\` | ${cell(output.description)} |`)
  ].join('\n')
}

/** `markdown` with what stands between `<!-- name: generated … -->` and `<!-- end of name -->` replaced. */
export function withGenerated(markdown: string, name: string, content: string): string {
  const pattern = new RegExp(`(<!-- ${name}: generated[^\\n]*-->\\n)[\\s\\S]*?(<!-- end of ${name} -->)`)
  if (!pattern.test(markdown)) throw new Error(`no <!-- ${name}: generated … --> … <!-- end of ${name} --> markers`)
  return markdown.replace(pattern, (_, start: string, end: string) => `${start}\n${content}\n\n${end}`)
}

/** The files npm run docs writes, with what they should hold. */
export function generatedDocs(): { file: string; text: string }[] {
  const yml = actionYml()
  const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8')
  return [
    { file: 'docs/reference.md', text: withGenerated(read('docs/reference.md'), 'inputs', inputTables(yml)) },
    { file: 'README.md', text: withGenerated(read('README.md'), 'outputs', outputsTable(yml)) }
  ]
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const { file, text } of generatedDocs()) fs.writeFileSync(path.join(ROOT, file), text)
  console.log('docs/reference.md (inputs) and README.md (outputs) written from action.yml')
}
