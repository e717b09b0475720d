/**
 * The pipeline of one operation, driven through a made-up provider: what any provider gets from
 * the runner (the ledger, dry runs, credentials once, concurrency, timing, waiting, cancellation).
 */
import { describe, expect, it } from '@jest/globals'
import { localFailure } from '../../src/attempt.js'
import { RateController } from '../../src/http/rate-controller.js'
import { runOperation } from '../../src/operation.js'
import type { Provider } from '../../src/provider.js'
import type { ActionConfig } from '../../src/settings.js'
import { TargetLedger } from '../../src/targets.js'
import type { PollResult } from '../../src/wait.js'
import { testRuntime } from '../helpers/runtime.js'

interface Settings {
  names: string[]
  /** What connect() answers. */
  credentials: 'ok' | 'refused'
  /** Polls each target needs before it is finished. */
  polls: number
}

function fakeProvider(log: string[]): Provider<Settings, { limiter: RateController }> {
  const polls = new Map<number, number>()
  return {
    operation: 'purge',
    action: 'Purge',
    service: 'The fake service',
    doneStatus: 'purged',
    secretInputs: [],
    waitTimeoutHint: 'wait longer',
    parseInputs: () => ({ names: [], credentials: 'ok', polls: 0 }),
    serviceUrls: () => [new URL('https://fake.example.com')],
    location: () => 'fake-region',
    targets: (settings) => settings.names,
    label: (name) => `Purge '${name}'`,
    dryRunNotes: () => ['Dry run: would log in'],
    preview: (settings, index) => `PURGE ${settings.names[index]}`,
    connect: async (settings) => {
      log.push('connect')
      return settings.credentials === 'ok'
        ? {
            ok: true,
            value: {
              limiter: new RateController(
                () => 0,
                async () => {}
              )
            }
          }
        : localFailure('NoEntry', 'refused')
    },
    act: async (_session, index) => {
      log.push(`act ${index}`)
      return {
        result: {
          name: `t${index}`,
          action: 'Purge',
          location: 'fake-region',
          status: index === 1 ? 'failed' : 'done',
          attempts: 1
        }
      }
    },
    poll: async (_session, index): Promise<PollResult> => {
      const seen = (polls.get(index) ?? 0) + 1
      polls.set(index, seen)
      return { done: seen >= 2, state: seen >= 2 ? 'gone' : 'there' }
    },
    reached: (name, state) => ({ warning: false, message: `${name} reached ${state}` }),
    hintFor: (code) => (code === 'NoEntry' ? 'Check the key.' : undefined),
    limiter: (session) => session.limiter
  }
}

function config(settings: Partial<Settings>, common: Partial<ActionConfig['common']> = {}): ActionConfig<Settings> {
  return {
    operation: 'purge',
    settings: { names: ['t0', 't1', 't2'], credentials: 'ok', polls: 0, ...settings },
    common: {
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
      timeoutMs: 1000,
      concurrency: 2,
      dryRun: false,
      wait: false,
      waitTimeoutMs: 60_000,
      ...common
    }
  }
}

describe('runOperation with any provider', () => {
  it('connects once, then runs every target in input order, timed on the runtime clock', async () => {
    const log: string[] = []
    let now = 0
    const runtime = testRuntime({ now: () => (now += 10) })
    const results = await runOperation(fakeProvider(log), config({}), runtime, new TargetLedger(runtime.now))
    expect(log[0]).toBe('connect')
    expect(log.filter((l) => l === 'connect')).toHaveLength(1)
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['t0', 'done'],
      ['t1', 'failed'],
      ['t2', 'done']
    ])
    expect(results.every((r) => r.durationMs > 0)).toBe(true)
  })

  it('fails every target with the provider’s hint when credentials cannot be had, starting none', async () => {
    const log: string[] = []
    const runtime = testRuntime()
    const results = await runOperation(
      fakeProvider(log),
      config({ credentials: 'refused' }),
      runtime,
      new TargetLedger()
    )
    expect(log).toEqual(['connect'])
    expect(results.map((r) => [r.status, r.attempts, r.errorCode, r.hint])).toEqual(
      Array(3).fill(['failed', 0, 'NoEntry', 'Check the key.'])
    )
  })

  it('dry run: previews every target, logs the provider’s notes, connects to nothing', async () => {
    const log: string[] = []
    const runtime = testRuntime()
    const results = await runOperation(fakeProvider(log), config({}, { dryRun: true }), runtime, new TargetLedger())
    expect(log).toEqual([])
    expect(results.map((r) => [r.status, r.preview])).toEqual([
      ['dry-run', 'PURGE t0'],
      ['dry-run', 'PURGE t1'],
      ['dry-run', 'PURGE t2']
    ])
    expect(runtime.logger.lines).toEqual([
      'info: Dry run: would log in',
      "info: Dry run: Purge 't0' (fake-region) would send: PURGE t0",
      "info: Dry run: Purge 't1' (fake-region) would send: PURGE t1",
      "info: Dry run: Purge 't2' (fake-region) would send: PURGE t2"
    ])
  })

  it('waits for done targets by polling the provider, and says what each reached', async () => {
    const runtime = testRuntime()
    const results = await runOperation(fakeProvider([]), config({}, { wait: true }), runtime, new TargetLedger())
    expect(results.map((r) => [r.status, r.finalState])).toEqual([
      ['done', 'gone'],
      ['failed', undefined],
      ['done', 'gone']
    ])
    expect(runtime.logger.lines.filter((l) => l.includes('reached'))).toEqual([
      'info: t0 reached gone',
      'info: t2 reached gone'
    ])
  })

  it('starts no target once the run is cancelled; the ledger reports them not started', async () => {
    const log: string[] = []
    const runtime = testRuntime()
    const provider = fakeProvider(log)
    const act = provider.act
    provider.act = async (session, index) => {
      runtime.cancellation.request('SIGTERM')
      return act(session, index)
    }
    const results = await runOperation(provider, config({}, { concurrency: 1 }), runtime, new TargetLedger())
    expect(log).toEqual(['connect', 'act 0'])
    expect(results.map((r) => r.status)).toEqual(['done', 'not-started', 'not-started'])
  })
})
