/** action.yml as the Marketplace lists it, and as the runner reads it: short name and description, real defaults. */
import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import YAML from 'yaml'
import { UNEVALUATED_SESSION_NAME } from '../../src/providers/alibaba/oidc-inputs.js'
import { DEFAULT_OIDC_AUDIENCE, DEFAULT_STS_ENDPOINT } from '../../src/providers/alibaba/oidc-inputs.js'
import { resultsJson } from '../../src/report/outputs.js'
import { deleted } from '../helpers/results.js'
import { dependentDetails } from '../../src/providers/alibaba/dependents.js'

const action = YAML.parse(fs.readFileSync('action.yml', 'utf8')) as {
  name: string
  description: string
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
}

describe('action.yml', () => {
  it('has a name and a description the Marketplace shows whole (description under 125 characters)', () => {
    expect(action.description.length).toBeLessThan(125)
    expect(action.name.length).toBeLessThanOrEqual(40)
  })

  it('says the real defaults in `default:`, the ones the code uses', () => {
    expect(action.inputs['oidc-audience']?.default).toBe(DEFAULT_OIDC_AUDIENCE)
    expect(action.inputs['sts-endpoint']?.default).toBe(DEFAULT_STS_ENDPOINT)
    expect(action.inputs['role-session-name']?.default).toBe(UNEVALUATED_SESSION_NAME)
  })

  it('gives every optional input a default, so that no boolean ever arrives empty unless given so', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      if (name !== 'operation') expect({ name, default: typeof input.default }).toEqual({ name, default: 'string' })
    }
  })
})

describe('the results output', () => {
  it("names every key resultsJson writes, in action.yml's description and the README's schema", () => {
    // Every detail a provider hands the report (the Alibaba teardown's schedules and executions).
    const withEverything = {
      ...deleted,
      ...dependentDetails({ schedules: ['nightly'], schedulesDeleted: 1, executions: ['run-1'], executionsStopped: 1 })
    }
    const keys = Object.keys((JSON.parse(resultsJson([withEverything], 'deleted')) as object[])[0]!)
    expect(keys).toHaveLength(15)
    const description = (action as unknown as { outputs: Record<string, { description: string }> }).outputs['results']!
      .description
    const readme = fs.readFileSync('docs/reference.md', 'utf8')
    for (const key of keys) {
      expect({ key, inAction: new RegExp(`\\b${key}\\b`).test(description) }).toEqual({ key, inAction: true })
      expect({ key, inReadme: readme.includes(`| \`${key}\``) || readme.includes(`\`${key}\` |`) }).toEqual({
        key,
        inReadme: true
      })
    }
  })
})

describe('action.yml and the README describe the outputs alike', () => {
  const outputs = (action as unknown as { outputs: Record<string, { description: string }> }).outputs
  const readme = fs.readFileSync('README.md', 'utf8')
  /** The README's outputs table row of an output. */
  const readmeRow = (name: string) =>
    readme.split('\n').find((line) => line.startsWith(`| \`${name}\` | `) && !line.includes('| |'))
  /** The values an output's text names in backticks (status words, codes, states). */
  const named = (text: string) => new Set([...text.matchAll(/`([a-z][a-z-]*|[A-Z][A-Za-z]+)`/g)].map((m) => m[1]!))

  it.each(['status', 'final-state'])(
    'every value action.yml names for %s, the README names too, and the other way round',
    (name) => {
      const inAction = named(outputs[name]!.description)
      const inReadme = named(readmeRow(name) ?? '')
      expect(inAction.size).toBeGreaterThan(2)
      expect([...inAction].filter((value) => !inReadme.has(value))).toEqual([])
      expect([...inReadme].filter((value) => !inAction.has(value) && value !== name)).toEqual([])
    }
  )

  it('results are in the same order in both: named targets first in input order, then selected ones in listing order', () => {
    const order = 'named targets first in input order, then selected ones in listing order'
    expect(outputs['results']!.description.replace(/\s+/g, ' ')).toContain(order)
    expect(readmeRow('results')).toContain(order)
  })
})

describe('the inputs the action knows', () => {
  it('the defaults built into the action are action.yml’s, in its order, as npm run build writes them', async () => {
    const { ACTION_DEFAULTS } = await import('../../src/action-defaults.js')
    const yml = YAML.parse(fs.readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default?: string }> }
    expect(ACTION_DEFAULTS).toEqual(
      Object.fromEntries(Object.entries(yml.inputs).map(([name, input]) => [name, input.default ?? '']))
    )
    // @ts-expect-error -- a build script in plain JavaScript, without types
    const { defaultsModule, descriptionsModule } = await import('../../scripts/action-defaults.mjs')
    expect(await (defaultsModule as () => Promise<string>)()).toBe(fs.readFileSync('src/action-defaults.ts', 'utf8'))
    // And the descriptions the command's --help prints.
    expect(await (descriptionsModule as () => Promise<string>)()).toBe(
      fs.readFileSync('src/action-descriptions.ts', 'utf8')
    )
  })

  it('the inputs the operations read are action.yml’s: each provider declares its own, the core takes the union', async () => {
    const { INPUT_CATALOGUE } = await import('../../src/providers/index.js')
    const yml = YAML.parse(fs.readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> }
    expect([...INPUT_CATALOGUE.inputs].sort()).toEqual(Object.keys(yml.inputs).sort())
  })
})
