/**
 * Writing the report is never all-or-nothing, through dist/index.js: a GITHUB_OUTPUT that is
 * missing, a directory or on a full disk, a GITHUB_STEP_SUMMARY on a full disk, an event file
 * that is not JSON; and the runner's limits: a job summary and an output of at most 1 MiB, at most
 * 10 error annotations a step, at the documented maximum of 1000 targets with long messages.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FnfEmulator } from '../../emulators/fnf-emulator.js'
import { deleteInputs } from '../../scripts/lib/emulator-inputs.js'
import { runAction, type ActionRun } from '../helpers/run-action.js'

let fnf: FnfEmulator
let dir: string
beforeAll(async () => {
  fnf = await new FnfEmulator().start()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-files-'))
})
afterAll(async () => {
  await fnf.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => fnf.addFlow('present'))

const MiB = 1024 * 1024

/** The per-target error and the summary are there whatever else could not be written. */
function expectReportDespite(run: ActionRun): void {
  expect(run.errors.find((e) => e.startsWith("DeleteFlow 'absent'"))).toContain('FlowNotExists')
  expect(run.summary).toContain('<code>present</code>')
  expect(run.summary).toContain('<code>absent</code>')
  expect(`${run.stdout}${run.stderr}`).not.toContain('failed unexpectedly')
}

describe('a report is never all-or-nothing', () => {
  const full = fs.existsSync('/dev/full') ? it : it.skip

  it.each<[string, () => string, RegExp]>([
    ['a missing path', () => path.join(dir, 'no-such-dir', 'output'), /Missing file at path/],
    ['a directory', () => dir, /EISDIR/]
  ])(
    'GITHUB_OUTPUT is %s: the step fails naming the file; annotations and summary are written',
    async (_, file, reason) => {
      const run = await runAction(deleteInputs(fnf, ['present', 'absent']), { env: { GITHUB_OUTPUT: file() } })
      expect(run.code).toBe(1)
      expectReportDespite(run)
      const fileError = run.errors.find((e) => e.startsWith('Could not write'))
      expect(fileError).toContain(`Could not write the step's outputs to GITHUB_OUTPUT (${file()}):`)
      expect(fileError).toMatch(reason)
      expect(run.failedWith).toBe("1 of 2 flows failed: absent; the step's outputs could not be written")
    }
  )

  full(
    'GITHUB_OUTPUT on a full disk (/dev/full): the step fails naming the file, even when every flow was deleted',
    async () => {
      const run = await runAction(deleteInputs(fnf, ['present']), { env: { GITHUB_OUTPUT: '/dev/full' } })
      expect(run.code).toBe(1)
      expect(run.errors).toEqual([
        expect.stringMatching(/^Could not write the step's outputs to GITHUB_OUTPUT \(\/dev\/full\): .*ENOSPC/),
        "the step's outputs could not be written"
      ])
      expect(run.summary).toContain('✅ deleted')
    }
  )

  full('GITHUB_STEP_SUMMARY on a full disk: a warning names it; outputs and annotations are written', async () => {
    const run = await runAction(deleteInputs(fnf, ['present', 'absent']), { env: { GITHUB_STEP_SUMMARY: '/dev/full' } })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /^::warning::Could not write the job summary to GITHUB_STEP_SUMMARY \(\/dev\/full\): .*ENOSPC/m
    )
    expect(run.outputs['status']).toBe('failed')
    expect(run.errors).toHaveLength(2)
    expect(run.failedWith).toBe('1 of 2 flows failed: absent')
  })

  it('GITHUB_EVENT_PATH holds invalid JSON: a warning names it, and the run reports as usual', async () => {
    const event = path.join(dir, 'event.json')
    fs.writeFileSync(event, '{"pull_request": {"number": 42,')
    const run = await runAction(deleteInputs(fnf, ['present', 'absent']), { env: { GITHUB_EVENT_PATH: event } })
    expect(run.code).toBe(1)
    expectReportDespite(run)
    expect(run.stdout).toContain(`::warning::Could not read the event file GITHUB_EVENT_PATH (${event}):`)
    expect(run.outputs['status']).toBe('failed')
    expect(run.errors).toHaveLength(2)
    expect(run.failedWith).toBe('1 of 2 flows failed: absent')
  })
})

describe("the runner's limits, at 1000 targets with 1.5 KiB messages", () => {
  it('summary and results stay under 1 MiB, results keeps every target, at most 10 annotations', async () => {
    const flows = Array.from({ length: 1000 }, (_, i) => `limit-${String(i).padStart(4, '0')}`)
    for (const name of flows) fnf.addFlow(name)
    const longMessage = "The resources doesn't belong to you. ".repeat(42).slice(0, 1536)
    fnf.injectFault({
      action: 'DeleteFlow',
      fault: { kind: 'error', status: 403, code: 'AccessDenied', message: longMessage },
      times: 1000
    })
    const run = await runAction(deleteInputs(fnf, flows, { concurrency: '32' }), { timeoutMs: 60_000 })
    expect(run.code).toBe(1)
    expect(Buffer.byteLength(run.summary)).toBeLessThan(MiB)
    expect(run.summary.match(/<tr>/g)?.length).toBe(1001)
    const results = run.outputs['results']!
    expect(Buffer.byteLength(results)).toBeLessThan(MiB)
    const parsed = JSON.parse(results) as { name: string; errorCode: string }[]
    expect(parsed.map((r) => r.name)).toEqual(flows)
    expect(parsed.every((r) => r.errorCode === 'AccessDenied')).toBe(true)
    expect(run.errors).toHaveLength(10)
    expect(run.errors[8]).toMatch(
      /^992 more targets failed: limit-0008, limit-0009, .*, …\. The job summary and the 'results' output list every one/
    )
    expect(run.failedWith).toMatch(/^1000 of 1000 flows failed: limit-0000, .*, limit-0009 and 990 more$/)
    process.stdout.write(
      `1000 targets: summary ${Buffer.byteLength(run.summary)} bytes, results ${Buffer.byteLength(results)} bytes, ${run.errors.length} error annotations\n`
    )
  }, 60_000)
})
