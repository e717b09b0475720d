/**
 * Leave nothing running, through dist/index.js as the runner runs it, against the EnOS emulator:
 * a listing read to its end whatever `count` says, max-targets held after Disable Flow, no piece
 * of an echoed secret in a shortened message, and a run cancelled mid-listing or mid-disable that
 * says what it was doing.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { ENOS_EMULATOR_USER, EnosEmulator } from '../../emulators/enos-emulator.js'
import { runAction } from '../helpers/run-action.js'

// A secret with no common words in it, so that any piece of it found in the output is a leak.
const APP = { appKey: 'e2e-key-4f1a', appSecret: 'Zq8PnW4vKxT2mB7sLd9Fh3Jc6Ny1Rg5W' }

let emulator: EnosEmulator
beforeEach(async () => {
  emulator = await new EnosEmulator({ apps: [APP] }).start()
})
afterEach(async () => {
  await emulator.stop()
})

function inputs(extra: Record<string, string>): Record<string, string> {
  return {
    operation: 'cancel',
    'apigw-url': emulator.url,
    'app-key': APP.appKey,
    'app-secret': APP.appSecret,
    'org-id': ENOS_EMULATOR_USER.orgId,
    'user-id': ENOS_EMULATOR_USER.userId,
    'max-attempts': '2',
    ...extra
  }
}

interface Result {
  name: string
  status: string
  message: string | null
}
const resultsOf = (run: { outputs: Record<string, string> }) => JSON.parse(run.outputs['results'] ?? '[]') as Result[]
const cancels = () => emulator.requests.filter((r) => r.action === 'cancel')

describe('EnOS listings are read to their end', () => {
  it('8 running instances in pages of 3, count being the page’s size: all 8 are cancelled, exit 0', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `3377-2026120308${String(i).padStart(2, '0')}`)
    for (const id of ids) emulator.addInstance(id, { type: 1 })
    emulator.maxPageSize = 3
    emulator.countReading = 'page'
    const run = await runAction(inputs({ 'flow-id': '3377' }))
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('cancelled')
    expect(resultsOf(run).map((r) => [r.name, r.status])).toEqual(ids.map((id) => [id, 'cancelled']))
    expect(ids.map((id) => emulator.instanceStatus(id))).toEqual(Array(8).fill(8))
    const periodic = emulator.requests.filter((r) => r.action === 'search' && r.target.startsWith('3377/1/'))
    // Page 0 first (this 1-based gateway refuses it), then to the first empty page.
    expect(periodic.map((r) => r.target)).toEqual(['3377/1/0', '3377/1/1', '3377/1/2', '3377/1/3', '3377/1/4'])
  })
})

describe('max-targets on every path', () => {
  it('5 instances before Disable Flow and 20 after, max-targets 10: no cancel, exit 1, and the step says the flow is disabled', async () => {
    for (let i = 0; i < 5; i++) emulator.addInstance(`3377-a${i}`, { type: 1 })
    emulator.beforeDisable = () => {
      for (let i = 0; i < 20; i++) emulator.addInstance(`3377-b${i}`, { type: 0 })
    }
    const run = await runAction(inputs({ 'flow-id': '3377', 'disable-flow': 'true', 'max-targets': '10' }))
    expect(run.code).toBe(1)
    expect(cancels()).toEqual([])
    expect(emulator.isDisabled(3377)).toBe(true)
    expect(run.outputs['error-code']).toBe('TooManyTargets')
    expect(run.outputs['error-message']).toContain(
      '25 flow instances matched flow-id 3377 (5 found first, 20 more after preparing), more than max-targets (10)'
    )
    expect(run.outputs['error-message']).toContain('Flow 3377 disabled: its scheduler starts no new instance')
    expect(resultsOf(run)).toHaveLength(25)
    expect(resultsOf(run).every((r) => r.status === 'not-started')).toBe(true)
    expect(run.summary).toContain('TooManyTargets')
  })

  it('a dry run with disable-flow says a second search follows the disable and is bounded the same way', async () => {
    emulator.addInstance('3377-a0', { type: 1 })
    const run = await runAction(inputs({ 'flow-id': '3377', 'disable-flow': 'true', 'dry-run': 'true' }))
    expect(run.code).toBe(0)
    expect(emulator.isDisabled(3377)).toBe(false)
    const note =
      'Dry run: would disable flow 3377 first, then search it once more for instances started before the disable; those count against max-targets with the ones above, and past it nothing is cancelled'
    expect(run.stdout).toContain(note)
    expect(run.summary).toContain('count against max-targets')
  })
})

describe('a secret echoed by a gateway is redacted before any message is shortened', () => {
  /** Every 5-character piece of the secret (in any letter case) found where the action wrote. */
  function piecesLeaked(run: Awaited<ReturnType<typeof runAction>>): string[] {
    const written = [run.stdout.replace(/^::add-mask::.*$/gm, ''), run.stderr, run.outputFile, run.summary]
      .join('\n')
      .toLowerCase()
    const piecesOf = (text: string) => Array.from({ length: text.length - 4 }, (_, i) => text.slice(i, i + 5))
    // The secret's own characters, and those of its base64 at each of the three offsets.
    const base64 = [0, 1, 2].map((offset) =>
      Buffer.from(`${'-'.repeat(offset)}${APP.appSecret}`)
        .toString('base64')
        .slice(4, -4)
    )
    return [APP.appSecret, ...base64].flatMap(piecesOf).filter((piece) => written.includes(piece.toLowerCase()))
  }

  it.each([
    ['after 110 characters of a text body', `${'x'.repeat(110)} ${APP.appSecret} more text`, 'text/plain'],
    ['in a long HTML title', `<html><title>${'Bad gateway '.repeat(9)}${APP.appSecret}</title></html>`, 'text/html'],
    [
      // The message starts 'a body that is not JSON (text/plain): "' (39 characters) and is cut
      // at 1024: these two put the cut inside the echo, where shortening first would leave a piece.
      'in base64, across the cut',
      `${'y'.repeat(970)} ${Buffer.from(`k:${APP.appSecret}`).toString('base64')} tail`,
      'text/plain'
    ],
    [
      'in upper case, split by a line break, across the cut',
      `${'z'.repeat(975)}${APP.appSecret.toUpperCase().slice(0, 9)}\n${APP.appSecret.toUpperCase().slice(9)} tail`,
      'text/plain'
    ]
  ])('%s', async (_label, body, contentType) => {
    emulator.addInstance('2438-201908081020')
    emulator.injectFault({ action: 'cancel', fault: { kind: 'raw', status: 502, body, contentType }, times: 2 })
    const run = await runAction(inputs({ 'flow-instance-id': '2438-201908081020' }))
    expect(run.code).toBe(1)
    expect(run.outputs['error-code']).toBe('HTTP502')
    expect(run.outputs['error-message']).toContain('***')
    expect(run.errors.some((e) => e.includes('***'))).toBe(true)
    expect(piecesLeaked(run)).toEqual([])
  })
})

describe('a cancelled run says what it was doing', () => {
  it('SIGTERM while List Flow Instances hangs on page 2: the phase, the instances found so far (not started), nothing else changed', async () => {
    for (let i = 0; i < 5; i++) emulator.addInstance(`3377-${i}`, { type: 0 })
    emulator.maxPageSize = 3
    emulator.injectFault({ action: 'search', target: '3377/0/2', fault: { kind: 'hang' } })
    const run = await runAction(inputs({ 'flow-id': '3377' }), {
      signals: [{ signal: 'SIGTERM', afterMs: 1500 }],
      timeoutMs: 15_000
    })
    expect(run.code).toBe(1)
    expect(run.exitAfterSignalMs).toBeLessThan(5000)
    expect(run.outputs['status']).toBe('cancelled')
    expect(cancels()).toEqual([])
    const results = resultsOf(run)
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['3377-0', 'not-started'],
      ['3377-1', 'not-started'],
      ['3377-2', 'not-started']
    ])
    expect(results[0]?.message).toContain('the run was cancelled while listing the active instances of flow 3377')
    const said =
      'The run was cancelled (SIGTERM) while listing the active instances of flow 3377 (List Flow Instances, scheduling type 0, page 2); nothing else was changed: 3 not started. Run the step again to finish.'
    expect(run.outputs['error-message']).toBe(said)
    expect(run.failedWith).toBe(said)
    expect(run.summary).toContain('page 2')
  })

  it('SIGTERM while Disable Flow hangs: the record says the disable may have taken effect, and lists what was found', async () => {
    for (let i = 0; i < 2; i++) emulator.addInstance(`3377-${i}`, { type: 1 })
    emulator.injectFault({ action: 'disable', fault: { kind: 'hang' } })
    const run = await runAction(inputs({ 'flow-id': '3377', 'disable-flow': 'true' }), {
      signals: [{ signal: 'SIGTERM', afterMs: 1500 }],
      timeoutMs: 15_000
    })
    expect(run.code).toBe(1)
    expect(run.exitAfterSignalMs).toBeLessThan(5000)
    expect(cancels()).toEqual([])
    expect(resultsOf(run).map((r) => [r.name, r.status])).toEqual([
      ['3377-0', 'not-started'],
      ['3377-1', 'not-started']
    ])
    expect(run.outputs['error-message']).toBe(
      'The run was cancelled (SIGTERM) while disabling flow 3377 (Disable Flow, which may have taken effect); nothing else was changed: 2 not started. Run the step again to finish.'
    )
  })
})
