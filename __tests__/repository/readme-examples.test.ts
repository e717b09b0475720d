/**
 * Every workflow snippet in the README and docs/ that uses flow-ops, run through the action's own
 * input parser, so that the documentation cannot drift from action.yml again: each `with:` key is an input,
 * each expression names a workflow input the example defines and a step output the action has,
 * and the values (expressions replaced by what they could be at run time) are accepted.
 */
import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import YAML from 'yaml'
import { InputError, parseInputs } from '../../src/config/inputs.js'
import { INPUT_CATALOGUE } from '../../src/providers/index.js'
import { DEFAULTS, readerOver } from '../helpers/inputs.js'

/** The README and every page of docs/, one text (each example is one ```yaml block of one file). */
const readme = ['README.md', ...fs.readdirSync('docs').map((f) => `docs/${f}`)]
  .filter((f) => f.endsWith('.md'))
  .map((f) => fs.readFileSync(f, 'utf8'))
  .join('\n')
const action = YAML.parse(fs.readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
}

type Mapping = Record<string, unknown>
const isMapping = (value: unknown): value is Mapping =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The README's ```yaml blocks, dedented (some are steps cut out of a job), parsed. */
function yamlBlocks(markdown: string): { source: string; doc: unknown }[] {
  return [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => {
    const lines = m[1]!.split('\n')
    const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length))
    const source = lines.map((l) => l.slice(indent)).join('\n')
    return { source, doc: YAML.parse(source) as unknown }
  })
}

interface Example {
  source: string
  step: Mapping
  /** The workflow's `on.workflow_dispatch.inputs` (or workflow_call's); undefined for a fragment. */
  workflowInputs?: Mapping
  /** env of the workflow, the job and the step, and what steps before it in the job export. */
  env: Record<string, string>
  /** The ids of the flow-ops steps of the same job, for `steps.<id>.outputs.<name>`. */
  flowOpsStepIds: string[]
  /** Every expression of the job (or fragment), for the outputs it reads. */
  expressions: string[]
}

const usesFlowOps = (step: Mapping) => typeof step['uses'] === 'string' && step['uses'].startsWith('flow-ops/flow-ops@')
const expressionsIn = (text: string) => [...text.matchAll(/\$\{\{\s*(.*?)\s*\}\}/g)].map((m) => m[1]!)

/**
 * The manifest a `from-manifest` of an example names, as the run before it would have written it:
 * a plan (a dry run of a delete) when its path says so, else a teardown that ran.
 */
function exampleManifest(file: string): string {
  const header = {
    format: 'flow-ops manifest',
    version: 1,
    operation: 'delete',
    provider: 'alibaba',
    location: 'cn-hangzhou',
    endpoint: 'https://cn-hangzhou.fnf.aliyuncs.com/',
    selectors: { 'flow-name-pattern': ['pr-42-*'] },
    dryRun: file.includes('plan'),
    removes: { 'delete-schedules': true, 'stop-executions': true },
    startedAt: '2026-12-03T10:00:00.000Z'
  }
  const target = {
    type: 'target',
    name: 'pr-42-api',
    service: { Name: 'pr-42-api', Id: 'e589e092-0000', LastModifiedTime: '2026-12-01T01:01:01.001Z', Definition: 'x' }
  }
  const change = { type: 'change', name: 'pr-42-api', action: 'DeleteFlow', outcome: 'done' }
  const records = header.dryRun ? [header, target] : [header, target, change]
  return `${[...records, { type: 'end', status: 'x', finishedAt: 'x' }].map((r) => JSON.stringify(r)).join('\n')}\n`
}

/** What aliyun/configure-aliyun-credentials-action exports for the steps after it. */
const CONFIGURE_ALIYUN_EXPORTS = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.sample-key-id',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'sample-secret',
  ALIBABA_CLOUD_SECURITY_TOKEN: 'sample-token'
}

function examples(markdown: string): Example[] {
  const found: Example[] = []
  for (const { source, doc } of yamlBlocks(markdown)) {
    const workflow = isMapping(doc) && isMapping(doc['jobs']) ? doc : undefined
    const on = workflow && isMapping(workflow['on']) ? workflow['on'] : undefined
    const trigger = on && (isMapping(on['workflow_dispatch']) ? on['workflow_dispatch'] : on['workflow_call'])
    const workflowInputs = workflow
      ? isMapping(trigger) && isMapping(trigger['inputs'])
        ? trigger['inputs']
        : {}
      : undefined
    // A workflow's jobs, a job cut out of one ({jobs: …} without `on`), or bare steps.
    const jobs: Mapping[] =
      isMapping(doc) && isMapping(doc['jobs'])
        ? Object.values(doc['jobs']).filter(isMapping)
        : Array.isArray(doc)
          ? [{ steps: doc }]
          : isMapping(doc) && Array.isArray(doc['steps'])
            ? [doc]
            : []
    for (const job of jobs) {
      const steps = (Array.isArray(job['steps']) ? job['steps'] : []).filter(isMapping)
      const exported: Record<string, string> = {}
      for (const step of steps) {
        if (
          typeof step['uses'] === 'string' &&
          step['uses'].startsWith('aliyun/configure-aliyun-credentials-action@')
        ) {
          Object.assign(exported, CONFIGURE_ALIYUN_EXPORTS)
        }
        if (!usesFlowOps(step)) continue
        const env = Object.fromEntries(
          Object.entries({
            ...(isMapping(workflow?.['env']) ? workflow['env'] : {}),
            ...(isMapping(job['env']) ? job['env'] : {}),
            ...exported,
            ...(isMapping(step['env']) ? step['env'] : {})
          }).map(([name, value]) => [name, String(value)])
        )
        found.push({
          source,
          step,
          ...(workflowInputs ? { workflowInputs } : {}),
          env,
          flowOpsStepIds: steps.filter(usesFlowOps).flatMap((s) => (typeof s['id'] === 'string' ? [s['id']] : [])),
          expressions: expressionsIn(YAML.stringify(job))
        })
      }
    }
  }
  return found
}

/** A value an input could take at run time, for an expression the test cannot evaluate. */
const SAMPLES: Record<string, string> = {
  'flow-name': 'pr-42-preview',
  'flow-name-pattern': 'pr-42-*',
  'flow-instance-id': '2438-201908081020',
  'flow-id': '2438',
  region: 'cn-hangzhou',
  'apigw-url': 'https://apim-gateway.example.com',
  'app-key': 'sample-app-key',
  'app-secret': 'sample-app-secret',
  'org-id': 'o15000000000001',
  'user-id': 'u15000000000002',
  'access-key-id': 'sample-key-id',
  'access-key-secret': 'sample-secret',
  'request-id': 'deploy-42-1'
}

/** The value as the action would see it: a whole-value expression becomes a sample of its kind, a part of one `pr42`. */
function runTimeValue(input: string, value: unknown): string {
  const text = String(value)
  const whole = /^\$\{\{.*\}\}$/s.test(text.trim())
  if (!whole) return text.replace(/\$\{\{.*?\}\}/g, 'pr42')
  const fallback = DEFAULTS[input]
  if (fallback === 'true' || fallback === 'false') return 'true'
  return SAMPLES[input] ?? fallback ?? 'sample'
}

/** What is wrong with an example, if anything: each problem one line. */
function problemsOf(example: Example): string[] {
  const problems: string[] = []
  const withs = isMapping(example.step['with']) ? example.step['with'] : {}
  // Every key is an input the action has (the runner only warns about the others).
  for (const key of Object.keys(withs)) {
    if (!(key in action.inputs)) problems.push(`'${key}' is not an input of action.yml`)
  }
  // Every `inputs.X` is defined by the example's workflow: a fragment may not use any.
  for (const expression of Object.values(withs).flatMap((v) => expressionsIn(String(v)))) {
    for (const [, name] of expression.matchAll(/\binputs\.([A-Za-z0-9_-]+)/g)) {
      if (!(name! in (example.workflowInputs ?? {})))
        problems.push(`\${{ ${expression} }}: no workflow input '${name}'`)
    }
  }
  // Every output read from a flow-ops step is one the action sets.
  for (const expression of example.expressions) {
    for (const [, id, output] of expression.matchAll(/\bsteps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g)) {
      if (example.flowOpsStepIds.includes(id!) && !(output! in action.outputs)) {
        problems.push(`\${{ ${expression} }}: the action has no output '${output}'`)
      }
    }
  }
  // The values, as they could be at run time, pass the action's own validation.
  const given = Object.fromEntries(Object.entries(withs).map(([k, v]) => [k, runTimeValue(k, v)]))
  try {
    parseInputs(INPUT_CATALOGUE, readerOver(given), example.env, () => {}, {
      readFile: exampleManifest,
      defaults: DEFAULTS
    })
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    problems.push(error.message)
  }
  return problems
}

const found = examples(readme)

describe("the documentation's examples against action.yml and the action's input parser", () => {
  it('finds every example: one per `uses: flow-ops/flow-ops@…` line of the README and docs/', () => {
    const lines = readme.match(/^\s*(?:- )?uses: flow-ops\/flow-ops@/gm) ?? []
    expect(lines.length).toBeGreaterThanOrEqual(10)
    expect(found).toHaveLength(lines.length)
  })

  it.each(found.map((e, i) => [i + 1, e.source.split('\n').find((l) => l.includes('name:')) ?? '', e] as const))(
    'example %i %s',
    (_, _name, example) => {
      expect({ problems: problemsOf(example), source: example.source }).toEqual({
        problems: [],
        source: example.source
      })
    }
  )
})

describe('the README-examples check itself', () => {
  const fence = (yaml: string) => `\`\`\`yaml\n${yaml}\n\`\`\``
  it("catches what the README's old dry-run snippet did: a workflow input it does not define", () => {
    const old = fence(`      - uses: flow-ops/flow-ops@v1
        with:
          operation: delete
          flow-name: \${{ inputs.flow }}
          region: cn-hangzhou
          dry-run: \${{ inputs.dry-run }}
          access-key-id: \${{ secrets.ALIBABA_CLOUD_ACCESS_KEY_ID }}
          access-key-secret: \${{ secrets.ALIBABA_CLOUD_ACCESS_KEY_SECRET }}`)
    const [example] = examples(old)
    expect(problemsOf(example!)).toEqual([
      "${{ inputs.flow }}: no workflow input 'flow'",
      "${{ inputs.dry-run }}: no workflow input 'dry-run'"
    ])
  })

  it('catches an input action.yml does not have, an output it does not set, and a value it refuses', () => {
    const bad = fence(`steps:
  - id: t
    uses: flow-ops/flow-ops@v1
    with:
      operation: delete
      flow-names: a
      region: cn-hangzhou
      max-attempts: 99
      access-key-id: k
      access-key-secret: s
  - run: echo \${{ steps.t.outputs.requestId }}`)
    const [example] = examples(bad)
    expect(problemsOf(example!)).toEqual([
      "'flow-names' is not an input of action.yml",
      "${{ steps.t.outputs.requestId }}: the action has no output 'requestId'",
      "Input 'flow-name' is required with operation 'delete': the name of the flow to delete, one per line (or give flow-name-pattern)"
    ])
  })
})
