/**
 * The pipeline of one operation, driven through a made-up provider: what any provider gets from
 * the runner (the ledger, dry runs, credentials once, concurrency, timing, waiting, cancellation).
 */
import { describe, expect, it } from '@jest/globals'
import { localFailure } from '../../../src/http/attempt.js'
import { runOperation } from '../../../src/run/operation.js'
import type { Provider } from '../../../src/providers/contract.js'
import type { ActionConfig, SettingsScope } from '../../../src/config/settings.js'
import { TargetLedger } from '../../../src/run/targets.js'
import type { PollResult } from '../../../src/run/wait.js'
import { testRuntime } from '../../helpers/runtime.js'

interface Settings {
  names: string[]
  /** What connect() answers. */
  credentials: 'ok' | 'refused'
  /** Polls each target needs before it is finished. */
  polls: number
  /** What the selector finds (none: no selector), or that it fails. */
  found?: string[] | 'refused'
  /** What prepare() adds, or that it fails. */
  prepared?: string[] | 'refused'
}

type Session = { settings: Settings }

/** What the pipeline is told of the fake's settings, as a provider's parser would say it. */
function fakeScope(settings: Settings): SettingsScope {
  return {
    serviceUrls: [new URL('https://fake.example.com')],
    location: 'fake-region',
    targets: settings.names,
    ...(settings.found ? { selector: 'purge-pattern' } : {}),
    selectors: { 'purge-name': settings.names },
    dryRunNotes: ['Dry run: would log in']
  }
}

function fakeProvider(log: string[]): Provider<Settings, Session> {
  const polls = new Map<string, number>()
  const refused = (action: string) => ({
    ok: false as const,
    interrupted: false,
    failure: { action, code: 'NoList', message: `${action} refused` }
  })
  return {
    wording: {
      action: 'Purge',
      service: 'The fake service',
      doneStatus: 'purged',
      targetNoun: 'purgeable',
      waitTimeoutHint: 'wait longer',
      label: (name) => `Purge '${name}'`,
      reached: (name, state) => ({ warning: false, message: `${name} reached ${state}` }),
      pending: (name, state) => `${name} is still ${state}`,
      hintFor: (code) => (code === 'NoEntry' ? 'Check the key.' : undefined)
    },
    parseInputs: () => {
      const settings: Settings = { names: [], credentials: 'ok', polls: 0 }
      return { settings, scope: fakeScope(settings) }
    },
    select: async ({ settings }) => {
      log.push('select')
      return settings.found === 'refused'
        ? refused('ListPurgeables')
        : { ok: true, value: { targets: settings.found ?? [], notes: ['found some'] } }
    },
    prepare: async ({ settings }, selection, dryRun) => {
      log.push(`prepare ${selection.targets.join(',')}${dryRun ? ' (dry run)' : ''}`)
      return settings.prepared === 'refused'
        ? refused('Lock')
        : { ok: true, value: { targets: settings.prepared ?? [], notes: [] } }
    },
    preview: async (_settings, target) => `PURGE ${target.name}`,
    plan: async (_session, target) => {
      log.push(`plan ${target.name}`)
      return { name: target.name, action: 'Purge', location: 'fake-region', status: 'dry-run', attempts: 1 }
    },
    connect: async (settings) => {
      log.push('connect')
      return settings.credentials === 'ok' ? { ok: true, value: { settings } } : localFailure('NoEntry', 'refused')
    },
    act: async (_session, target) => {
      log.push(`act ${target.name}${target.selected ? ' (selected)' : ''}`)
      return {
        result: {
          name: target.name,
          action: 'Purge',
          location: 'fake-region',
          status: target.name === 't1' ? 'failed' : 'done',
          attempts: 1
        }
      }
    },
    poll: async (_session, target): Promise<PollResult> => {
      const seen = (polls.get(target.name) ?? 0) + 1
      polls.set(target.name, seen)
      return { done: seen >= 2, state: seen >= 2 ? 'gone' : 'there' }
    }
  }
}

function config(settings: Partial<Settings>, common: Partial<ActionConfig['common']> = {}): ActionConfig<Settings> {
  const all: Settings = { names: ['t0', 't1', 't2'], credentials: 'ok', polls: 0, ...settings }
  return {
    operation: 'purge',
    provider: 'test',
    settings: all,
    scope: fakeScope(all),
    common: {
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
      timeoutMs: 1000,
      concurrency: 2,
      dryRun: false,
      wait: false,
      waitTimeoutMs: 60_000,
      maxTargets: 100,
      ...common
    }
  }
}

describe('runOperation with any provider', () => {
  it('connects once, then runs every target in input order, timed on the runtime clock', async () => {
    const log: string[] = []
    let now = 0
    const runtime = testRuntime({ now: () => (now += 10) })
    const { results } = await runOperation(fakeProvider(log), config({}), runtime, new TargetLedger(runtime.now))
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
    const { results } = await runOperation(
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
    const { results } = await runOperation(fakeProvider(log), config({}, { dryRun: true }), runtime, new TargetLedger())
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
    const { results } = await runOperation(fakeProvider([]), config({}, { wait: true }), runtime, new TargetLedger())
    expect(results.map((r) => [r.status, r.finalState])).toEqual([
      ['done', 'gone'],
      ['failed', undefined],
      ['done', 'gone']
    ])
    expect(runtime.logger.lines.filter((l) => l.includes('reached'))).toEqual([
      'info: t0 reached gone',
      'info: t2 reached gone'
    ])
    // Progress at the normal level, one line a round, not only in debug logs.
    expect(runtime.logger.lines.filter((l) => l.includes('still'))).toEqual([
      'info: t0 is still there after 0 s; next check in 1 s',
      'info: t2 is still there after 0 s; next check in 1 s'
    ])
  })

  it('starts no target once the run is cancelled; the ledger reports them not started', async () => {
    const log: string[] = []
    const runtime = testRuntime()
    const provider = fakeProvider(log)
    const act = provider.act
    provider.act = async (session, target) => {
      runtime.cancellation.request('SIGTERM')
      return act(session, target)
    }
    const { results } = await runOperation(provider, config({}, { concurrency: 1 }), runtime, new TargetLedger())
    expect(log).toEqual(['connect', 'act t0'])
    expect(results.map((r) => r.status)).toEqual(['done', 'not-started', 'not-started'])
  })
})

describe('runOperation with a selector', () => {
  it('runs the named targets first, then what the selector found, each once, marked as selected', async () => {
    const log: string[] = []
    const runtime = testRuntime()
    const outcome = await runOperation(
      fakeProvider(log),
      config({ names: ['t0'], found: ['s1', 't0', 's2'] }),
      runtime,
      new TargetLedger()
    )
    expect(log).toEqual(['connect', 'select', 'prepare s1,s2', 'act t0', 'act s1 (selected)', 'act s2 (selected)'])
    expect(outcome.results.map((r) => r.name)).toEqual(['t0', 's1', 's2'])
    expect(outcome.notes).toEqual(['found some'])
    expect(runtime.logger.lines).toContain('info: found some')
  })

  it('max-targets: more found than allowed fails the run before prepare or any target, naming the first few', async () => {
    const log: string[] = []
    const found = Array.from({ length: 7 }, (_, i) => `s${i}`)
    const outcome = await runOperation(
      fakeProvider(log),
      config({ names: ['t0'], found }, { maxTargets: 6 }),
      testRuntime(),
      new TargetLedger()
    )
    expect(log).toEqual(['connect', 'select'])
    expect(outcome.failure).toMatchObject({
      action: 'max-targets',
      code: 'TooManyTargets',
      message:
        '7 purgeables matched purge-pattern, more than max-targets (6): s0, s1, s2, s3, s4, …. Nothing was changed.'
    })
    expect(outcome.results).toHaveLength(8)
    expect(outcome.results.every((r) => r.status === 'not-started')).toBe(true)
    // Exactly max-targets is allowed; the named targets do not count against it.
    const allowed = await runOperation(
      fakeProvider([]),
      config({ names: ['t0'], found }, { maxTargets: 7 }),
      testRuntime(),
      new TargetLedger()
    )
    expect(allowed.failure).toBeUndefined()
    expect(allowed.results).toHaveLength(8)
  })

  it('a selector that fails fails the run; the named targets are not started', async () => {
    const log: string[] = []
    const outcome = await runOperation(
      fakeProvider(log),
      config({ names: ['t0'], found: 'refused' }),
      testRuntime(),
      new TargetLedger()
    )
    expect(log).toEqual(['connect', 'select'])
    expect(outcome.failure).toMatchObject({ action: 'ListPurgeables', code: 'NoList' })
    expect(outcome.results).toEqual([
      expect.objectContaining({
        name: 't0',
        status: 'not-started',
        message: 'not started: ListPurgeables failed first'
      })
    ])
  })

  it('what prepare adds is run too; a prepare that fails fails the run with every target not started', async () => {
    const log: string[] = []
    const added = await runOperation(
      fakeProvider(log),
      config({ names: [], found: ['s1'], prepared: ['s1', 's9'] }),
      testRuntime(),
      new TargetLedger()
    )
    expect(added.results.map((r) => r.name)).toEqual(['s1', 's9'])
    const refused = await runOperation(
      fakeProvider([]),
      config({ names: ['t0'], found: ['s1'], prepared: 'refused' }),
      testRuntime(),
      new TargetLedger()
    )
    expect(refused.failure).toMatchObject({ action: 'Lock' })
    expect(refused.results.map((r) => [r.name, r.status])).toEqual([
      ['t0', 'not-started'],
      ['s1', 'not-started']
    ])
  })

  it('a selector that finds nothing leaves no target and no failure', async () => {
    const outcome = await runOperation(
      fakeProvider([]),
      config({ names: [], found: [] }),
      testRuntime(),
      new TargetLedger()
    )
    expect(outcome).toEqual({ results: [], notes: ['found some'] })
  })

  it('dry run with a selector: connects and selects, plans each target, acts on none', async () => {
    const log: string[] = []
    const outcome = await runOperation(
      fakeProvider(log),
      config({ names: ['t0'], found: ['s1'] }, { dryRun: true }),
      testRuntime(),
      new TargetLedger()
    )
    expect(log).toEqual(['connect', 'select', 'prepare s1 (dry run)', 'plan t0', 'plan s1'])
    expect(outcome.results.map((r) => [r.name, r.status])).toEqual([
      ['t0', 'dry-run'],
      ['s1', 'dry-run']
    ])
  })

  it('credentials that cannot be had with only a selector fail the run itself', async () => {
    const outcome = await runOperation(
      fakeProvider([]),
      config({ names: [], found: ['s1'], credentials: 'refused' }),
      testRuntime(),
      new TargetLedger()
    )
    expect(outcome.results).toEqual([])
    expect(outcome.failure).toMatchObject({ action: 'Getting credentials', code: 'NoEntry', hint: 'Check the key.' })
  })
})
