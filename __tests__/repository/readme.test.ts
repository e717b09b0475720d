/** The README documents what the action has: every input and output, every error code with its retry behaviour. */
import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import { FNF_ERRORS, STS_ERRORS } from '../../src/providers/alibaba/errors.js'
import { ENOS_ERRORS } from '../../src/providers/enos/errors.js'

const readme = fs.readFileSync('README.md', 'utf8')
const actionYml = fs.readFileSync('action.yml', 'utf8')

describe('README', () => {
  it('documents every input and output of action.yml', () => {
    const names = [...actionYml.matchAll(/^ {2}([a-z0-9-]+):\s*$/gm)].map((m) => m[1]!)
    expect(names.length).toBeGreaterThan(15)
    for (const name of names) expect(readme).toContain(`| \`${name}\` |`)
  })

  it('has a row for every Alibaba Cloud code in the catalogues, with its status and whether it is retried', () => {
    for (const [code, entry] of Object.entries({ ...FNF_ERRORS, ...STS_ERRORS })) {
      expect(readme).toContain(
        `| \`${code}\` | ${entry.httpStatus} | ${entry.transience === 'permanent' ? 'no' : 'yes'} |`
      )
    }
  })

  it('has a row for every EnOS code in the catalogue, with whether it is retried', () => {
    for (const [code, entry] of Object.entries(ENOS_ERRORS)) {
      expect(readme).toMatch(
        new RegExp(`\\| \`${code}\` \\| [a-z ]+ \\| ${entry.transience === 'permanent' ? 'no' : 'yes'} \\|`)
      )
    }
  })
})
