import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import type { InputSource } from '../../../src/config/input-rules.js'
import {
  chooseRegistration,
  handlerOf,
  INPUT_CATALOGUE,
  loadEveryOperation,
  loadOperation,
  OPERATIONS,
  REGISTRY,
  handlerFor,
  type Registration
} from '../../../src/providers/index.js'
import { deleteProvider } from '../../../src/providers/alibaba/index.js'
import { alibabaRestoreProvider } from '../../../src/providers/alibaba/restore.js'
import { cancelProvider } from '../../../src/providers/enos/index.js'
import { enosRestoreProvider } from '../../../src/providers/enos/restore.js'

/** An input source over `inputs`, with `files` to read. */
function sourceOver(inputs: Record<string, string>, files: Record<string, string> = {}): InputSource {
  return {
    read: (name) => inputs[name] ?? '',
    env: {},
    secret: () => '',
    warn: () => {},
    readFile: (file) => {
      if (files[file] === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' })
      return files[file]
    }
  }
}

const manifestOf = (provider: string) =>
  `${JSON.stringify({ format: 'flow-ops manifest', version: 1, operation: 'x', provider, location: 'l', endpoint: 'https://example.com/', selectors: {}, dryRun: false, startedAt: 't' })}\n`

describe('the provider registry', () => {
  it('is keyed by provider and operation: each pair once, each operation found by its name', () => {
    const keys = REGISTRY.map((r) => `${r.provider}.${r.operation}`)
    expect(keys).toEqual(['alibaba.delete', 'enos.cancel', 'alibaba.restore', 'enos.restore'])
    expect(new Set(keys).size).toBe(keys.length)
    expect(OPERATIONS).toEqual(['delete', 'cancel', 'restore'])
    expect(() => handlerFor('purge', 'alibaba')).toThrow("provider 'alibaba' offers no operation 'purge'")
    expect(() => chooseRegistration('purge', sourceOver({}))).toThrow("no provider for operation 'purge'")
  })

  it('an operation one provider offers is that provider’s; restore, which both offer, is the one whose manifest from-manifest names', () => {
    expect(chooseRegistration('cancel', sourceOver({})).provider).toBe('enos')
    const files = { 'a.jsonl': manifestOf('alibaba'), 'e.jsonl': manifestOf('enos'), 'x.jsonl': manifestOf('other') }
    expect(chooseRegistration('restore', sourceOver({ 'from-manifest': 'a.jsonl' }, files)).provider).toBe('alibaba')
    expect(chooseRegistration('restore', sourceOver({ 'from-manifest': 'e.jsonl' }, files)).provider).toBe('enos')
    // It refuses to guess: no manifest, or one of a provider that does not offer it.
    expect(() => chooseRegistration('restore', sourceOver({}, files))).toThrow(
      "Input 'from-manifest' is required with operation 'restore'"
    )
    expect(() => chooseRegistration('restore', sourceOver({ 'from-manifest': 'x.jsonl' }, files))).toThrow(
      'is a manifest of provider "other"; operation \'restore\' reads manifests of alibaba and enos'
    )
  })

  it('loads an operation’s code only when asked, each provider’s that offers it, and nothing for an unknown one', async () => {
    const loads: string[] = []
    const fake = (provider: string, operation: string): Registration => ({
      provider,
      operation,
      secretInputs: [],
      inputs: [],
      load: async () => (loads.push(`${provider}.${operation}`), deleteProvider)
    })
    const registry = [fake('a', 'delete'), fake('b', 'cancel'), fake('a', 'restore'), fake('b', 'restore')]
    expect(() => handlerOf(registry[0]!)).toThrow("the code of provider 'a' operation 'delete' is not loaded")
    await loadOperation('purge', registry)
    await loadOperation('', registry)
    expect(loads).toEqual([])
    await loadOperation(' Delete ', registry)
    expect(loads).toEqual(['a.delete'])
    expect(handlerOf(registry[0]!)).toBe(deleteProvider)
    await loadOperation('delete', registry)
    expect(loads).toEqual(['a.delete'])
    await loadOperation('restore', registry)
    expect(loads.sort()).toEqual(['a.delete', 'a.restore', 'b.restore'])
    expect(() => handlerOf(registry[1]!)).toThrow('is not loaded')
  })

  it('loads each registration’s own code', async () => {
    await loadEveryOperation()
    expect(REGISTRY.map(handlerOf)).toEqual([
      deleteProvider,
      cancelProvider,
      alibabaRestoreProvider,
      enosRestoreProvider
    ])
  })

  it('hands config/ every secret input of every provider, each once, and each operation’s inputs and parser', async () => {
    await loadEveryOperation()
    const all = REGISTRY.flatMap((r) => r.secretInputs)
    expect(INPUT_CATALOGUE.secretInputs).toEqual([...new Set(all)])
    expect(INPUT_CATALOGUE.operations).toBe(OPERATIONS)
    const cancel = INPUT_CATALOGUE.inputsOf('cancel', sourceOver({}))
    expect(cancel.provider).toBe('enos')
    expect(cancel.inputs.inputs).toBe(REGISTRY[1]!.inputs)
    expect(handlerFor('cancel', 'enos')).toBe(cancelProvider)
    expect(() => cancel.inputs.parseInputs(sourceOver({}))).toThrow(
      "Input 'flow-instance-id' is required with operation 'cancel'"
    )
    expect(INPUT_CATALOGUE.reads('cancel', 'flow-instance-id')).toBe(true)
    expect(INPUT_CATALOGUE.reads('delete', 'flow-instance-id')).toBe(false)
  })

  it('names every operation and every secret input in action.yml', () => {
    const actionYml = fs.readFileSync('action.yml', 'utf8')
    for (const { operation, secretInputs } of REGISTRY) {
      expect(actionYml).toContain(`\`${operation}\``)
      for (const [input, envName] of secretInputs) {
        expect(actionYml).toMatch(new RegExp(`^  ${input}:$`, 'm'))
        expect(actionYml).toContain(envName)
      }
    }
  })
})
