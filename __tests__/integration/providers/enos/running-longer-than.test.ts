/**
 * running-longer-than over real HTTP against the EnOS emulator, whose clock runs 25 minutes ahead
 * of the runner's (within the 31 minutes a clock is trusted) and whose zone is GMT+8: an instance's age is its startTime read in the gateway's
 * zone against the gateway's clock, read once a run; an instance with no readable start is kept.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { EnosEmulator } from '../../../../emulators/enos-emulator.js'
import { Cancellation } from '../../../../src/http/cancellation.js'
import { sendHttp } from '../../../../src/http/send.js'
import { NO_RECORDS, type Recorder } from '../../../../src/report/manifest.js'
import { runCancel } from '../../../helpers/operations.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const AHEAD = 25 * MINUTE
const gatewayNow = () => Date.now() + AHEAD

let emulator: EnosEmulator
beforeEach(async () => {
  // A gateway that takes timestamps hours off its clock, so the skew shows in ages, not in refusals.
  emulator = await new EnosEmulator({ now: gatewayNow, zoneHours: 8, timestampWindowMs: 6 * HOUR }).start()
})
afterEach(async () => {
  await emulator.stop()
})

const rule = (text: string, ms: number) => ({ kind: 'duration' as const, ms, text })

describe('running-longer-than', () => {
  it('cancels only what started more than 2h ago by the gateway’s clock and zone', async () => {
    const now = gatewayNow()
    // By the runner's clock (25 minutes behind) none of these has run 2 h; read as UTC (ignoring GMT+8) all have.
    emulator.addInstance('24-long', { startTime: now - 2 * HOUR - 10 * MINUTE, triggerTime: now - 3 * HOUR })
    emulator.addInstance('24-short', { startTime: now - 90 * MINUTE, triggerTime: now - 2 * HOUR })
    emulator.addInstance('24-nostart', { startTime: null, triggerTime: now - 5 * HOUR })
    emulator.addInstance('24-garbled', { startTime: 'soon', triggerTime: now - 5 * HOUR })
    const kept: [string, string[]][] = []
    const record: Recorder = { ...NO_RECORDS, kept: (reason, names) => void kept.push([reason, [...names]]) }
    const { results, outcome } = await runCancel(
      emulator,
      { instanceIds: [], flowIds: [24], runningLongerThan: rule('2h', 2 * HOUR) },
      { manifest: { ...record, write: () => {} } }
    )
    expect(results.map((r) => [r.name, r.status])).toEqual([['24-long', 'done']])
    // The searches alone are counted as List Flow Instances' requests.
    expect(outcome.notes[0]).toMatch(/^List Flow Instances: 1 flow × 3 scheduling types, 7 requests/)
    expect(emulator.requests.filter((r) => r.action === 'cancel').map((r) => r.target)).toEqual(['24-long'])
    // The clock and the zone are read once, before the first search.
    expect(emulator.requests.map((r) => r.action).filter((a) => a.startsWith('get') && a !== 'get')).toEqual([
      'getCurrentTime',
      'getTimeZone'
    ])
    expect(outcome.notes[1]).toMatch(
      /^Ages are measured on the gateway's clock, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\+8 \(Get Current Time, Get Time Zone\): running-longer-than 2h means started before /
    )
    expect(outcome.notes).toContainEqual(
      expect.stringMatching(
        /^flow-id 24: 4 active instances triggered in the last 168 h; 1 started more than 2h ago: 24-long; kept 3: /
      )
    )
    expect(outcome.notes).toContain('flow-id 24: kept started within 2h: 24-short')
    // The search window ends at the gateway's now (trigger times are its), not 3 hours earlier at the runner's.
    const search = emulator.requests.find((r) => r.action === 'search')!
    const to = Number((JSON.parse(search.raw.body) as { toTriggerTime: number }).toTriggerTime)
    expect(Math.abs(to - gatewayNow())).toBeLessThan(60_000)
    expect(kept).toEqual(
      expect.arrayContaining([
        ['started within 2h', ['24-short']],
        ['with no startTime', ['24-nostart']],
        ['with an unreadable startTime', ['24-garbled']]
      ])
    )
  })

  it('the second search after Disable Flow uses the same clock, read once', async () => {
    const now = gatewayNow()
    emulator.addInstance('24-long', { startTime: now - 5 * HOUR, triggerTime: now - 6 * HOUR })
    const { results } = await runCancel(emulator, {
      instanceIds: [],
      flowIds: [24],
      disableFlow: true,
      runningLongerThan: rule('2h', 2 * HOUR)
    })
    expect(results.map((r) => r.name)).toEqual(['24-long'])
    expect(emulator.requests.filter((r) => r.action === 'getCurrentTime')).toHaveLength(1)
  })

  it('a gateway whose zone cannot be read fails the run before anything is cancelled', async () => {
    emulator.addInstance('24-long', { startTime: gatewayNow() - 5 * HOUR })
    emulator.injectFault({
      action: 'getTimeZone',
      fault: { kind: 'raw', status: 200, body: '{"code":0,"msg":"OK","data":{"timezone":"Asia/Shanghai"}}' }
    })
    const { results, outcome } = await runCancel(emulator, {
      instanceIds: [],
      flowIds: [24],
      runningLongerThan: rule('2h', 2 * HOUR)
    })
    expect(results).toEqual([])
    expect(outcome.failure).toMatchObject({
      action: 'GetTimeZone',
      code: 'InvalidResponse',
      message:
        'reading the gateway\'s clock for running-longer-than failed: Get Time Zone answered "Asia/Shanghai", not a zone such as GMT+8; nothing was changed'
    })
    expect(emulator.requests.filter((r) => r.action === 'cancel')).toEqual([])
  })

  it('a run cancelled while it searches lists as not started only what the rule would cancel', async () => {
    const now = gatewayNow()
    emulator.addInstance('24-long', { startTime: now - 5 * HOUR, triggerTime: now - 6 * HOUR })
    emulator.addInstance('24-short', { startTime: now - 30 * MINUTE, triggerTime: now - HOUR })
    const cancellation = new Cancellation(0)
    let searches = 0
    // The job is cancelled as the first page of periodic instances answers: the fourth search (each
    // scheduling type is read from page 0, which this 1-based gateway refuses).
    const send: typeof sendHttp = async (request, options) => {
      const response = await sendHttp(request, options)
      if (request.url.includes('action=search') && ++searches === 4) cancellation.request('SIGTERM')
      return response
    }
    const { results } = await runCancel(
      emulator,
      { instanceIds: [], flowIds: [24], runningLongerThan: rule('2h', 2 * HOUR) },
      { cancellation, send }
    )
    expect(results.map((r) => [r.name, r.status])).toEqual([['24-long', 'not-started']])
    expect(emulator.requests.filter((r) => r.action === 'cancel')).toEqual([])
  })
})
