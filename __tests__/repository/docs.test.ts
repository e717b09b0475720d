/**
 * The documentation holds together: the input and output tables are what scripts/docs.ts writes
 * from action.yml (npm run docs), every relative link in README.md and docs/ leads to a file and
 * a heading that exist, and the README stays short enough to read, opening with its contents.
 */
import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { generatedDocs } from '../../scripts/docs.js'

const DOCS = ['README.md', ...fs.readdirSync('docs').map((file) => `docs/${file}`)].filter((f) => f.endsWith('.md'))

/** Markdown without its fenced code blocks (links in code are not links). */
const prose = (markdown: string) => markdown.replace(/^```[\s\S]*?^```/gm, '')

/** GitHub's anchor of a heading: lower case, punctuation other than - and _ dropped, spaces as -. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')

function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>()
  const anchors = new Set<string>()
  for (const match of prose(fs.readFileSync(file, 'utf8')).matchAll(/^#{1,6} (.*)$/gm)) {
    const base = slug(match[1]!.replace(/`/g, ''))
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    anchors.add(n === 0 ? base : `${base}-${n}`)
  }
  return anchors
}

describe('the documentation', () => {
  it('has the input and output tables npm run docs writes from action.yml', () => {
    for (const { file, text } of generatedDocs()) {
      expect({ file, upToDate: fs.readFileSync(file, 'utf8') === text }).toEqual({ file, upToDate: true })
    }
  })

  it('links only to files and headings that exist', () => {
    const broken: string[] = []
    let links = 0
    for (const file of DOCS) {
      for (const match of prose(fs.readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1]!
        if (/^[a-z]+:/.test(target)) continue
        links++
        const [pathPart, anchor] = target.split('#') as [string, string | undefined]
        const resolved = pathPart === '' ? file : path.normalize(path.join(path.dirname(file), pathPart))
        if (!fs.existsSync(resolved)) {
          broken.push(`${file}: ${target} (no file ${resolved})`)
          continue
        }
        if (anchor && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) {
          broken.push(`${file}: ${target} (no heading #${anchor} in ${resolved})`)
        }
      }
    }
    expect(broken).toEqual([])
    expect(links).toBeGreaterThan(30)
  })

  it('keeps the README within 450 lines, opening with its contents', () => {
    const readme = fs.readFileSync('README.md', 'utf8').split('\n')
    expect(readme.length).toBeLessThanOrEqual(450)
    expect(readme.slice(0, 15)).toContain('## Contents')
  })
})
