import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import { PROVIDERS, providerFor } from '../../../src/providers/index.js'

describe('the provider registry', () => {
  it('has one provider per operation, each found by its name', () => {
    const operations = PROVIDERS.map((p) => p.operation)
    expect(new Set(operations).size).toBe(operations.length)
    for (const provider of PROVIDERS) expect(providerFor(provider.operation)).toBe(provider)
    expect(() => providerFor('purge')).toThrow("no provider for operation 'purge'")
  })

  it('names every operation and every secret input in action.yml', () => {
    const actionYml = fs.readFileSync('action.yml', 'utf8')
    for (const provider of PROVIDERS) {
      expect(actionYml).toContain(`\`${provider.operation}\``)
      for (const [input, envName] of provider.secretInputs) {
        expect(actionYml).toMatch(new RegExp(`^  ${input}:$`, 'm'))
        expect(actionYml).toContain(envName)
      }
    }
  })
})
