import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import type { InputSource } from '../../../src/config/input-rules.js'
import {
  chooseRegistration,
  INPUT_CATALOGUE,
  OPERATIONS,
  REGISTRY,
  registrationFor
} from '../../../src/providers/index.js'

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
    for (const r of REGISTRY) expect(registrationFor(r.operation, r.provider).handler).toBe(r.handler)
    expect(OPERATIONS).toEqual(['delete', 'cancel', 'restore'])
    expect(() => registrationFor('purge', 'alibaba')).toThrow("provider 'alibaba' offers no operation 'purge'")
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

  it('hands config/ every secret input of every provider, each once', () => {
    const all = REGISTRY.flatMap((r) => r.handler.secretInputs)
    expect(INPUT_CATALOGUE.secretInputs).toEqual([...new Set(all)])
    expect(INPUT_CATALOGUE.operations).toBe(OPERATIONS)
    expect(INPUT_CATALOGUE.inputsOf('cancel', sourceOver({}))).toEqual({
      provider: 'enos',
      inputs: registrationFor('cancel', 'enos').handler
    })
  })

  it('names every operation and every secret input in action.yml', () => {
    const actionYml = fs.readFileSync('action.yml', 'utf8')
    for (const { operation, handler } of REGISTRY) {
      expect(actionYml).toContain(`\`${operation}\``)
      for (const [input, envName] of handler.secretInputs) {
        expect(actionYml).toMatch(new RegExp(`^  ${input}:$`, 'm'))
        expect(actionYml).toContain(envName)
      }
    }
  })
})
