/** What the release workflow relies on: the notes come from CHANGELOG.md's section of the tagged version. */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

function section(version: string, changelog: string) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-changelog-')), 'CHANGELOG.md')
  fs.writeFileSync(file, changelog)
  return spawnSync(process.execPath, ['scripts/changelog-section.mjs', version, file], { encoding: 'utf8' })
}

const CHANGELOG =
  '# Changelog\n\nIntro.\n\n## Unreleased\n\n- next\n\n## 1.2.0 (2026-11-30)\n\n### Added\n- max-rate\n\n## 1.1.0\n\n- older\n'

describe('scripts/changelog-section.mjs', () => {
  it("prints the version's section, without its heading, up to the next", () => {
    const result = section('1.2.0', CHANGELOG)
    expect(result.status).toBe(0)
    expect(result.stdout).toBe('### Added\n- max-rate\n')
    expect(section('1.1.0', CHANGELOG).stdout).toBe('- older\n')
  })

  it('fails when the version has no section (a tag cannot be released without notes)', () => {
    const result = section('2.0.0', CHANGELOG)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain("CHANGELOG.md has no section '## 2.0.0'")
    expect(section('1.2', CHANGELOG).status).toBe(1)
  })

  it('the release workflow checks dist/, uses the section and moves the major tag', () => {
    const workflow = fs.readFileSync('.github/workflows/release.yml', 'utf8')
    expect(workflow).toContain("tags: ['v*.*.*']")
    expect(workflow).toContain('npm run build')
    expect(workflow).toContain('npm test')
    expect(workflow).toContain('node scripts/changelog-section.mjs')
    expect(workflow).toMatch(/git tag --force "\$\{\{ steps\.notes\.outputs\.major \}\}"/)
  })

  it('the version in package.json has its CHANGELOG section, so tagging it releases', () => {
    const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string }
    expect(version).toMatch(/^\d+\.\d+\.\d+$/)
    const result = spawnSync(process.execPath, ['scripts/changelog-section.mjs', version], { encoding: 'utf8' })
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('### Added')
  })
})
