/** The documentation (README.md and docs/) covers what the action has: every input and output, every error code with its retry behaviour. */
import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import { FNF_ERRORS, STS_ERRORS } from '../../src/providers/alibaba/errors.js'
import { ENOS_ERRORS } from '../../src/providers/enos/errors.js'

/** The README and every page of docs/, one text. */
const readme = ['README.md', ...fs.readdirSync('docs').map((f) => `docs/${f}`)]
  .filter((f) => f.endsWith('.md'))
  .map((f) => fs.readFileSync(f, 'utf8'))
  .join('\n')
const troubleshooting = fs.readFileSync('docs/troubleshooting.md', 'utf8')
const actionYml = fs.readFileSync('action.yml', 'utf8')

describe('the documentation', () => {
  it('documents every input and output of action.yml', () => {
    const names = [...actionYml.matchAll(/^ {2}([a-z0-9-]+):\s*$/gm)].map((m) => m[1]!)
    expect(names.length).toBeGreaterThan(15)
    for (const name of names) expect(readme).toContain(`| \`${name}\` |`)
  })

  it('has a row for every Alibaba Cloud code in the catalogues, with its status and whether it is retried', () => {
    for (const [code, entry] of Object.entries({ ...FNF_ERRORS, ...STS_ERRORS })) {
      expect(troubleshooting).toContain(
        `| \`${code}\` | ${entry.httpStatus} | ${entry.transience === 'permanent' ? 'no' : 'yes'} |`
      )
    }
  })

  it('has a row for every EnOS code in the catalogue, with whether it is retried', () => {
    for (const [code, entry] of Object.entries(ENOS_ERRORS)) {
      expect(troubleshooting).toMatch(
        new RegExp(`\\| \`${code}\` \\| [a-z ]+ \\| ${entry.transience === 'permanent' ? 'no' : 'yes'} \\|`)
      )
    }
  })
})
