/**
 * running-longer-than's clock: the gateway's time and zone, read once a run (Get Current Time, Get
 * Time Zone: https://support.enos-iot.com/docs/batch-processing-api/en/2.3.0/v2.1/get_current_time.html)
 * and trusted only near the runner's; and each active instance's age on it, never older than its
 * trigger time allows.
 */
import type { CallOutcome } from '../../http/attempt.js'
import { runFailureOf } from '../../report/results.js'
import type { SelectOutcome } from '../contract.js'
import type { BatchProcessingClient } from './client.js'
import { hintForEnosError } from './errors.js'
import { parseEnosTime, parseGmtZone, type FoundInstance } from './response.js'

/**
 * How far the gateway's clock may be from the runner's and be used: the widest window Alibaba
 * gives a request's timestamp (31 minutes), the rule the delete's sweep holds its service to too.
 */
const CLOCK_AGREEMENT_MS = 31 * 60_000

/**
 * The gateway's clock and zone, read once a run (Get Current Time, Get Time Zone): EnOS time
 * strings name no zone, and the docs' samples show triggerTime and startTime 8 hours apart, so an
 * instance's age is its startTime read in the gateway's zone, against the gateway's now.
 */
export interface GatewayClock {
  /** The gateway's time when it was read, and the run's clock then. */
  serverNow: number
  readAt: number
  zone: string
  zoneMinutes: number
}

/** Where a run keeps the gateway's clock once read (a second search after Disable Flow reuses it). */
export interface ClockHolder {
  clock?: GatewayClock
}

export async function readGatewayClock(
  client: BatchProcessingClient
): Promise<{ ok: true; value: GatewayClock } | { ok: false; outcome: SelectOutcome & { ok: false } }> {
  const failed = (action: string, outcome: CallOutcome<unknown>, message: string) => ({
    ok: false as const,
    outcome: {
      ok: false as const,
      interrupted: outcome.interrupted,
      failure: runFailureOf(action, outcome.result.ok ? notReadable(message) : outcome.result.failure, {
        message: `reading the gateway's clock for running-longer-than failed: ${outcome.result.ok ? message : outcome.result.failure.message}; nothing was changed`,
        hint: outcome.result.ok
          ? "running-longer-than is measured on the gateway's clock and zone (Get Current Time, Get Time Zone): check 'apigw-url', or leave running-longer-than out."
          : hintForEnosError(outcome.result.failure.code, action)
      })
    }
  })
  const now = await client.serverTime('getCurrentTime')
  if (!now.result.ok) return failed('GetCurrentTime', now, '')
  const serverNow = now.result.value.data
  if (typeof serverNow !== 'number' || !Number.isFinite(serverNow) || serverNow <= 0) {
    return failed(
      'GetCurrentTime',
      now,
      `Get Current Time answered ${describeAnswer(serverNow)}, not epoch milliseconds`
    )
  }
  const readAt = client.now()
  // Trusted only near the runner's own: a clock far off would make every age, and the window, wrong.
  if (Math.abs(serverNow - readAt) > CLOCK_AGREEMENT_MS) {
    return {
      ok: false,
      outcome: {
        ok: false,
        interrupted: false,
        failure: {
          action: 'GetCurrentTime',
          code: 'ClockDisagrees',
          message: `Get Current Time says ${new Date(serverNow).toISOString()}, more than 31 minutes from the runner's clock (${new Date(readAt).toISOString()}): ages cannot be measured on a clock that one of them has wrong; nothing was changed`,
          hint: "Check the gateway's clock and the runner's (NTP). running-longer-than is measured on the gateway's clock; without it, the search needs no clock but the runner's."
        }
      }
    }
  }
  const zoneAnswer = await client.serverTime('getTimeZone')
  if (!zoneAnswer.result.ok) return failed('GetTimeZone', zoneAnswer, '')
  const data = zoneAnswer.result.value.data
  const zone = data && typeof data === 'object' ? (data as Record<string, unknown>)['timezone'] : undefined
  const zoneMinutes = typeof zone === 'string' ? parseGmtZone(zone) : undefined
  if (typeof zone !== 'string' || zoneMinutes === undefined) {
    return failed('GetTimeZone', zoneAnswer, `Get Time Zone answered ${describeAnswer(zone)}, not a zone such as GMT+8`)
  }
  return { ok: true, value: { serverNow, readAt, zone, zoneMinutes } }
}

function notReadable(message: string) {
  return { code: 'InvalidResponse', message, transience: 'permanent' as const, mayHaveLanded: false }
}

/** A value from the gateway in a message: its type, or a short JSON of it. */
function describeAnswer(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length <= 40 ? text : `a ${typeof value} of ${text.length} characters`
}

/** The gateway's time, as "2026-12-04 00:15:00 GMT+8". */
export function gatewayTime(ms: number, clock: GatewayClock): string {
  return `${new Date(ms + clock.zoneMinutes * 60_000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '')} ${clock.zone}`
}

/** The time an instance id carries (`2438-201908081020`, `2809-20190812080700`), read in the gateway's zone. */
function idTime(instanceId: string, zoneMinutes: number): number | undefined {
  const m = /^\d+-(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(instanceId)
  return m ? parseEnosTime(`${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6] ?? '00'}`, zoneMinutes) : undefined
}

/**
 * running-longer-than over a flow's active instances: the targets, each kept one with its reason,
 * and those measured from their trigger time. An instance cannot start before it was triggered: a
 * startTime that reads earlier than its triggerTime (or the time in its id) was written in another
 * zone (the Get Flow Instance sample's startTime is 8 hours before its triggerTime under GMT+8), so
 * the later of them is its start; one triggered within the rule is never a target.
 */
export function narrowByAge(
  active: readonly FoundInstance[],
  rule: { ms: number; text: string },
  clock: GatewayClock,
  gatewayNow: number
): { targets: string[]; kept: Map<string, string[]>; fromTrigger: string[] } {
  const targets: string[] = []
  const fromTrigger: string[] = []
  const kept = new Map<string, string[]>()
  const keep = (reason: string, id: string) => {
    const ids = kept.get(reason)
    if (ids) ids.push(id)
    else kept.set(reason, [id])
  }
  for (const instance of active) {
    const id = instance.instanceId
    const started = instance.startTime === undefined ? undefined : parseEnosTime(instance.startTime, clock.zoneMinutes)
    if (started === undefined) {
      keep(instance.startTime === undefined ? 'with no startTime' : 'with an unreadable startTime', id)
      continue
    }
    const triggers = [
      instance.triggerTime === undefined ? undefined : parseEnosTime(instance.triggerTime, clock.zoneMinutes),
      idTime(id, clock.zoneMinutes)
    ].filter((t): t is number => t !== undefined)
    const triggered = triggers.length > 0 ? Math.max(...triggers) : undefined
    const early = triggered !== undefined && started < triggered
    if (early) fromTrigger.push(id)
    const since = early ? triggered : started
    if (gatewayNow - since > rule.ms) targets.push(id)
    else keep(`${early ? 'triggered' : 'started'} within ${rule.text}`, id)
  }
  return { targets, kept, fromTrigger }
}
