import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import { INPUT_CATALOGUE, OPERATIONS, providerFor, REGISTRY, registrationFor } from '../../../src/providers/index.js'

describe('the provider registry', () => {
  it('is keyed by provider and operation: each pair once, each operation found by its name', () => {
    const keys = REGISTRY.map((r) => `${r.provider}.${r.operation}`)
    expect(keys).toEqual(['alibaba.delete', 'enos.cancel'])
    expect(new Set(keys).size).toBe(keys.length)
    for (const r of REGISTRY) expect(providerFor(r.operation)).toBe(r.handler)
    expect(OPERATIONS).toEqual(['delete', 'cancel'])
    expect(() => providerFor('purge')).toThrow("no provider for operation 'purge'")
  })

  it('an operation that two providers offer is not taken for either without a choice', () => {
    const both = [...REGISTRY, { ...REGISTRY[0]!, provider: 'other' }]
    const offered = both.filter((r) => r.operation === 'delete').map((r) => r.provider)
    expect(offered).toEqual(['alibaba', 'other'])
    // The lookup refuses to guess between them.
    expect(() => registrationFor('delete', both)).toThrow("operation 'delete' is offered by alibaba and other")
    expect(registrationFor('cancel', both).provider).toBe('enos')
  })

  it('hands config/ every secret input of every provider, each once', () => {
    const all = REGISTRY.flatMap((r) => r.handler.secretInputs)
    expect(INPUT_CATALOGUE.secretInputs).toEqual([...new Set(all)])
    expect(INPUT_CATALOGUE.operations).toBe(OPERATIONS)
    expect(INPUT_CATALOGUE.inputsOf('cancel')).toBe(providerFor('cancel'))
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
