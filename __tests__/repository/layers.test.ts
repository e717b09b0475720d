/**
 * The layers of src/ and which may import which (CONTRIBUTING.md draws them): imports point one
 * way, from the entry down to safety/, and no module imports itself round a cycle. A folder that
 * reaches up, or a new folder nobody placed, fails here with the import that does it.
 */
import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'

const SRC = path.resolve('src')

/** Each layer, and the layers below it that it may import (its own folder always). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  entry: ['run', 'providers', 'config', 'report', 'http', 'safety', 'shims'],
  run: ['providers', 'config', 'report', 'http', 'safety'],
  providers: ['config', 'report', 'http', 'safety'],
  config: ['http', 'safety'],
  report: ['http', 'safety'],
  http: ['safety'],
  safety: [],
  shims: []
}

/** The layer of a file under src/: its top folder (providers' own folders are providers), or entry. */
function layerOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep)
  return parts.length === 1 ? 'entry' : parts[0]!
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'types' ? [] : sources(full)
    return entry.name.endsWith('.ts') ? [full] : []
  })
}

/** Every relative import of a file, resolved to the .ts file it names (node_modules left out). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8')
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)]
    .map((m) => path.resolve(path.dirname(file), m[1]!))
    .filter((target) => !target.includes(`${path.sep}node_modules${path.sep}`))
    .map((target) => target.replace(/\.js$/, '.ts'))
}

/** Outside src/, a source may import package.json only (the version, read into the bundle). */
const OUTSIDE_ALLOWED = [path.resolve('package.json')]

const files = sources(SRC)
const outside = files.flatMap((file) =>
  importsOf(file)
    .filter((t) => !t.startsWith(SRC + path.sep))
    .map((t) => [file, t])
)
const graph = new Map(files.map((file) => [file, importsOf(file).filter((t) => t.startsWith(SRC + path.sep))]))

describe('the layers of src/', () => {
  it('imports nothing outside src/ but package.json', () => {
    expect(outside.filter(([, target]) => !OUTSIDE_ALLOWED.includes(target!))).toEqual([])
  })

  it('every file is in a known layer', () => {
    const unknown = files.map(layerOf).filter((layer) => !(layer in MAY_IMPORT))
    expect([...new Set(unknown)]).toEqual([])
  })

  it('imports point down the layers only', () => {
    const upward: string[] = []
    for (const [file, imports] of graph) {
      const from = layerOf(file)
      for (const target of imports) {
        const to = layerOf(target)
        if (to !== from && !MAY_IMPORT[from]!.includes(to)) {
          upward.push(`${path.relative(SRC, file)} (${from}) imports ${path.relative(SRC, target)} (${to})`)
        }
      }
    }
    expect(upward).toEqual([])
  })

  it('no module imports itself round a cycle', () => {
    const cycles: string[] = []
    const state = new Map<string, 'open' | 'done'>()
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(SRC, f)).join(' → '))
        return
      }
      state.set(file, 'open')
      for (const target of graph.get(file) ?? []) visit(target, [...trail, file])
      state.set(file, 'done')
    }
    for (const file of files) visit(file, [])
    expect(cycles).toEqual([])
  })

  it('the check itself finds an upward import (a report module importing run/)', () => {
    const from = layerOf(path.join(SRC, 'report', 'summary.ts'))
    expect(MAY_IMPORT[from]).not.toContain(layerOf(path.join(SRC, 'run', 'operation.ts')))
    expect(layerOf(path.join(SRC, 'providers', 'alibaba', 'client.ts'))).toBe('providers')
    expect(layerOf(path.join(SRC, 'main.ts'))).toBe('entry')
  })
})
