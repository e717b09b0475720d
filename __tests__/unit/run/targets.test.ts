import { describe, expect, it } from '@jest/globals'
import { Cancellation } from '../../../src/http/cancellation.js'
import type { TargetResult } from '../../../src/report/results.js'
import { forEachTarget, runTargets, TargetLedger } from '../../../src/run/targets.js'

describe('forEachTarget', () => {
  it('never runs more than `concurrency` at once, and keeps input order whatever finishes first', async () => {
    let running = 0
    let peak = 0
    const delays = [30, 5, 20, 1, 15, 10, 2, 25]
    const results = await forEachTarget(delays, 3, async (delay, index) => {
      running++
      peak = Math.max(peak, running)
      await new Promise((resolve) => setTimeout(resolve, delay))
      running--
      return `${index}:${delay}`
    })
    expect(peak).toBe(3)
    expect(results).toEqual(delays.map((d, i) => `${i}:${d}`))
  })

  it('handles an empty list and a concurrency above the number of targets', async () => {
    expect(await forEachTarget([], 8, async () => 1)).toEqual([])
    expect(await forEachTarget(['a'], 32, async (t) => t.toUpperCase())).toEqual(['A'])
  })
})

const identity = (name: string) => ({ name, action: 'DeleteFlow', location: 'cn-hangzhou' })

const done = (name: string): TargetResult => ({ ...identity(name), status: 'done', attempts: 1, durationMs: 5 })

describe('TargetLedger and runTargets', () => {
  it('reports every target: done with its result, in flight as unknown, the rest as not started', () => {
    let now = 1000
    const ledger = new TargetLedger(() => now)
    ledger.register(['a', 'b', 'c'].map(identity))
    ledger.start(0)
    ledger.finish(0, done('a'))
    ledger.start(1)
    now = 1750
    expect(ledger.snapshot()).toEqual([
      done('a'),
      {
        ...identity('b'),
        status: 'unknown',
        attempts: 0,
        durationMs: 750,
        message: expect.stringContaining('in flight')
      },
      {
        ...identity('c'),
        status: 'not-started',
        attempts: 0,
        durationMs: 0,
        message: expect.stringContaining('not started')
      }
    ])
  })

  it('starts no target once cancellation is requested; the ones not started are reported so', async () => {
    const ledger = new TargetLedger()
    ledger.register(['a', 'b', 'c', 'd'].map(identity))
    const cancellation = new Cancellation()
    const started: number[] = []
    const results = await runTargets(ledger, { concurrency: 1, cancellation }, async (index) => {
      started.push(index)
      if (index === 1) cancellation.request('SIGTERM')
      return done(`${'abcd'[index]}`)
    })
    expect(started).toEqual([0, 1])
    expect(results.map((r) => r.status)).toEqual(['done', 'done', 'not-started', 'not-started'])
  })

  it('runs every target when nothing cancels, at most `concurrency` at a time', async () => {
    const ledger = new TargetLedger()
    ledger.register(Array.from({ length: 10 }, (_, i) => identity(`t${i}`)))
    let running = 0
    let most = 0
    const results = await runTargets(ledger, { concurrency: 3, cancellation: new Cancellation() }, async (index) => {
      most = Math.max(most, ++running)
      await new Promise((resolve) => setTimeout(resolve, 5))
      running--
      return done(`t${index}`)
    })
    expect(most).toBe(3)
    expect(results.map((r) => r.name)).toEqual(Array.from({ length: 10 }, (_, i) => `t${i}`))
  })
})

describe('TargetLedger while selecting and preparing', () => {
  const identity = (name: string) => ({ name, action: 'CancelFlowInstance', location: 'gw' })

  it('a run cancelled mid-listing reports the phase and the targets found so far, not started', () => {
    const ledger = new TargetLedger(() => 0)
    ledger.doing('listing the active instances of flow 7 (List Flow Instances, scheduling type 0, page 2)')
    ledger.found(['7-a', '7-b'].map(identity))
    const outcome = ledger.outcome()
    expect(outcome.interruptedWhile).toBe(
      'listing the active instances of flow 7 (List Flow Instances, scheduling type 0, page 2)'
    )
    expect(outcome.results.map((r) => [r.name, r.status])).toEqual([
      ['7-a', 'not-started'],
      ['7-b', 'not-started']
    ])
    expect(outcome.results[0]?.message).toBe(
      'found, but not started: the run was cancelled while listing the active instances of flow 7 (List Flow Instances, scheduling type 0, page 2)'
    )
  })

  it('what is found later replaces what was found before; a target the inputs name is not listed twice', () => {
    const ledger = new TargetLedger(() => 0)
    ledger.register([identity('named')])
    ledger.doing('disabling flow 7')
    ledger.found(['7-a'].map(identity))
    ledger.found(['7-a', '7-b', 'named'].map(identity))
    expect(ledger.outcome().results.map((r) => r.name)).toEqual(['named', '7-a', '7-b'])
  })

  it('once settled there is no phase and nothing found: the targets are the registered ones', () => {
    const ledger = new TargetLedger(() => 0)
    ledger.doing('listing')
    ledger.found(['7-a'].map(identity))
    ledger.settled()
    expect(ledger.outcome()).toEqual({ results: [], notes: [] })
  })
})
