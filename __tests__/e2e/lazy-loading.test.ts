/**
 * Each run loads only its own operation's code: dist/index.js loads a chunk (each operation's
 * provider, a selector's listing, a dry run's preview, keyless credentials) only when a run needs
 * it. Shown the hard way: a copy of dist/ without the chunks a run must not need still does the
 * run, and the same copy fails the run that does need one, so the removal is real.
 */
import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { cancelInputs, deleteInputs } from '../../scripts/lib/emulator-inputs.js'
import { ROOT, runAction } from '../helpers/run-action.js'
import { bothEmulators } from '../helpers/emulators.js'

/** An export of each chunk's module, which names it in the minified file (dynamic imports keep export names). */
const CHUNKS = {
  deleteProvider: 'deleteProvider:',
  cancelProvider: 'cancelProvider:',
  alibabaRestore: 'alibabaRestoreProvider:',
  enosRestore: 'enosRestoreProvider:',
  selection: 'selectFlows:',
  preview: 'previewDeleteFlow:',
  keyless: 'keylessCredentials:'
} as const

/** A copy of dist/ without the chunk files that hold any of `chunks`; its entry and the files left out. */
function distWithout(chunks: (keyof typeof CHUNKS)[]): { entrypoint: string; removed: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-dist-'))
  fs.cpSync(path.join(ROOT, 'dist'), dir, { recursive: true })
  const removed: string[] = []
  for (const file of fs.readdirSync(dir).filter((f) => /^\d+\.index\.js$/.test(f))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8')
    if (chunks.some((chunk) => text.includes(CHUNKS[chunk]))) {
      fs.rmSync(path.join(dir, file))
      removed.push(file)
    }
  }
  return { entrypoint: path.join(dir, 'index.js'), removed }
}

const emulators = bothEmulators()

describe('what a run loads', () => {
  it('the entry holds no operation: each is a chunk of its own, and so are selectors, previews and keyless credentials', () => {
    const entry = fs.readFileSync(path.join(ROOT, 'dist', 'index.js'), 'utf8')
    for (const marker of Object.values(CHUNKS)) expect(entry).not.toContain(marker)
    const chunks = fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => /^\d+\.index\.js$/.test(f))
    for (const marker of Object.values(CHUNKS)) {
      expect(chunks.filter((f) => fs.readFileSync(path.join(ROOT, 'dist', f), 'utf8').includes(marker))).toHaveLength(1)
    }
  })

  it('one delete by name with the defaults (backup on) needs none of the other operations, selectors, previews or keyless code', async () => {
    const { entrypoint, removed } = distWithout([
      'cancelProvider',
      'alibabaRestore',
      'enosRestore',
      'selection',
      'preview',
      'keyless'
    ])
    expect(removed.length).toBeGreaterThanOrEqual(5)
    emulators.fnf.addFlow('lazy-a')
    emulators.fnf.addSchedule('lazy-a', 'nightly')
    const run = await runAction(deleteInputs(emulators.fnf, ['lazy-a'], { backup: 'true' }), { entrypoint })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('deleted')
    expect(emulators.fnf.flows).not.toContain('lazy-a')
  })

  it('one cancel needs none of the Alibaba code', async () => {
    const { entrypoint, removed } = distWithout(['deleteProvider', 'alibabaRestore', 'selection', 'preview', 'keyless'])
    expect(removed.length).toBeGreaterThanOrEqual(4)
    emulators.enos.addInstance('2438-201908081020')
    const run = await runAction(cancelInputs(emulators.enos, ['2438-201908081020']), { entrypoint })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('cancelled')
  })

  it('a run that needs a chunk loads it: without the preview chunk a dry run fails, and without the delete chunk a delete does', async () => {
    emulators.fnf.addFlow('lazy-b')
    const noPreview = distWithout(['preview'])
    const dryRun = await runAction(deleteInputs(emulators.fnf, ['lazy-b'], { 'dry-run': 'true' }), {
      entrypoint: noPreview.entrypoint
    })
    expect(dryRun.code).toBe(1)
    expect(dryRun.failedWith).toMatch(/^flow-ops failed unexpectedly/)
    const noDelete = distWithout(['deleteProvider'])
    const run = await runAction(deleteInputs(emulators.fnf, ['lazy-b']), { entrypoint: noDelete.entrypoint })
    expect(run.code).toBe(1)
    expect(emulators.fnf.flows).toContain('lazy-b')
  })
})
