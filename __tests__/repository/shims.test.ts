/**
 * The start-up shims (src/shims/, tsconfig.json's paths) must fail loudly when the package they
 * stand in for changes shape: scripts/check-shims.mjs, which `npm run build` runs, refuses a bundle
 * whose modules import a name a shim does not export. Here it is run on the real importers and on a
 * made-up one that imports too much. (Each shimmed path that a run takes is also exercised from
 * dist/ by the end-to-end tests: keyless OIDC goes through the http-client shim, every run through
 * fetch-blob's and the github context's.)
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const PACKAGES = [
  '@actions/core/lib',
  '@actions/github/lib',
  '@actions/http-client/lib',
  'node-fetch/src',
  'formdata-polyfill'
]

/** Stats as ncc writes them, naming every JavaScript file of the packages the bundle takes modules from. */
function statsOf(files: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-shims-'))
  const stats = path.join(dir, 'stats.json')
  fs.writeFileSync(stats, JSON.stringify({ modules: files.map((name) => ({ name })) }))
  return stats
}

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return jsFiles(full)
    return /\.(m?js|cjs)$/.test(entry.name) ? [`./${path.relative(process.cwd(), full)}`] : []
  })
}

function check(stats: string) {
  return spawnSync(process.execPath, ['scripts/check-shims.mjs', '--stats', stats], { encoding: 'utf8' })
}

describe('the start-up shims', () => {
  it('cover every name the packages they stand in for are imported for', () => {
    const files = PACKAGES.flatMap((p) => jsFiles(path.join('node_modules', p)))
    expect(files.length).toBeGreaterThan(20)
    const result = check(statsOf(files))
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/^shims: \d+ imports of \d+ shimmed modules checked, all covered/)
  })

  it('fail the build when a module imports a name a shim lacks', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-shims-'))
    const importer = path.join(dir, 'oidc-utils.js')
    fs.writeFileSync(
      importer,
      "import { HttpClient, HttpCodes } from '@actions/http-client'\nexport const ok = HttpCodes.OK\n"
    )
    const result = check(statsOf([importer]))
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(
      "imports 'HttpCodes' from '@actions/http-client', which src/shims/http-client.ts does not export"
    )
  })

  it('are for the bundle alone: type checks and tests see the real packages', () => {
    const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as { compilerOptions: { paths?: object } }
    expect(Object.keys(read('tsconfig.json').compilerOptions.paths ?? {})).toContain('@actions/http-client')
    for (const file of ['tsconfig.check.json', 'tsconfig.test.json', 'tsconfig.tools.json']) {
      expect(read(file).compilerOptions.paths).toEqual({})
    }
    expect(JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts.typecheck).toContain('tsconfig.check.json')
  })
})
