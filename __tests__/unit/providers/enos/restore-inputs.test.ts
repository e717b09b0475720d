/** The inputs of a restore of a cancel: which flows are enabled again, and what is refused. */
import { describe, expect, it } from '@jest/globals'
import type { EnosRestoreSettings } from '../../../../src/providers/enos/restore.js'
import { MANIFEST_FORMAT, MANIFEST_VERSION } from '../../../../src/report/manifest.js'
import { parse, VALID_CANCEL } from '../../../helpers/inputs.js'

const lines = (...records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n'
const disabled = (flowId: number, active: unknown) => [
  { type: 'target', name: String(flowId), service: { flowId, active } },
  { type: 'change', name: String(flowId), action: 'DisableFlow', subject: `flow ${flowId}`, outcome: 'done' }
]
/** A cancel's manifest header: the run at apim.example.com that disabled `flowIds`, started at `startedAt`. */
const header = (flowIds: string[], startedAt: string) => ({
  format: MANIFEST_FORMAT,
  version: MANIFEST_VERSION,
  operation: 'cancel',
  provider: 'enos',
  location: 'apim.example.com',
  endpoint: 'https://apim.example.com/',
  selectors: { 'flow-id': flowIds },
  dryRun: false,
  startedAt
})
const CANCEL = lines(
  header(['1', '2', '3', '4'], '2026-12-03T09:00:00.000Z'),
  ...disabled(1, 1),
  ...disabled(2, 0),
  ...disabled(3, undefined),
  { type: 'target', name: '4', service: { flowId: 4, active: 1 } },
  { type: 'change', name: '4', action: 'DisableFlow', outcome: 'failed', errorCode: '62103' },
  { type: 'target', name: '1-20261203', service: {} },
  { type: 'change', name: '1-20261203', action: 'CancelFlowInstance', outcome: 'done' },
  { type: 'end', status: 'cancelled', finishedAt: 'x' }
)
const INPUTS = { operation: 'restore', 'flow-instance-id': '', 'apigw-url': '', 'from-manifest': 'c.jsonl' }

function restore(inputs: Record<string, string> = {}) {
  const result = parse({ ...INPUTS, ...inputs }, {}, VALID_CANCEL, undefined, { 'c.jsonl': CANCEL })
  return { ...result, settings: result.config?.settings as EnosRestoreSettings | undefined }
}

describe('operation: restore of a cancel’s manifest', () => {
  it('enables only the flows it disabled that were active before; says what it leaves and that instances cannot come back', () => {
    const { config, settings, error } = restore({ 'apigw-url': 'https://apim.example.com' })
    expect(error).toBeUndefined()
    expect(config).toMatchObject({ operation: 'restore', provider: 'enos' })
    expect(settings!.flowIds).toEqual([1])
    expect(settings!.apigw.href).toBe('https://apim.example.com/')
    expect(config!.scope.notes).toEqual([
      'Restoring: enabling 1 flow that the cancel of 2026-12-03T09:00:00.000Z disabled while it was active (from-manifest "c.jsonl")',
      'Left paused, as they were before that run: flow 2',
      'Left as they are, since the manifest does not say whether they were active before that run: flow 3',
      '1 cancelled flow instance cannot be restored: EnOS cannot start a cancelled instance again'
    ])
  })

  it('apigw-url moves it, and a note says so; flow-id narrows it, and a flow it would not enable is refused', () => {
    const moved = restore({ 'apigw-url': 'https://other.example.com' })
    expect(moved.config!.scope.notes).toContain(
      "The flows are enabled at https://other.example.com, not at the manifest's gateway (\"https://apim.example.com/\"): 'apigw-url' says so"
    )
    const apigw = { 'apigw-url': 'https://apim.example.com' }
    expect(restore({ ...apigw, 'flow-id': '1' }).settings!.flowIds).toEqual([1])
    expect(restore({ ...apigw, 'flow-id': '2' }).error?.message).toBe(
      'Input \'flow-id\' names flow 2, which the run of "c.jsonl" did not disable while it was active: there is nothing to enable (it can enable 1)'
    )
  })
})

describe('a manifest never decides where the app’s key and secret go', () => {
  it('without the run’s own apigw-url a restore is refused, naming from-manifest, the gateway and what to set', () => {
    const { error } = restore()
    expect(error?.input).toBe('from-manifest')
    expect(error?.message).toBe(
      'Input \'from-manifest\' records the gateway "https://apim.example.com/" ("c.jsonl"), and a manifest never decides where the app\'s key and secret go. Set \'apigw-url\' in the workflow to your EnOS API gateway ("https://apim.example.com" if that is it)'
    )
  })

  it('an apigw-url given is checked as ever: plain http only to loopback', () => {
    expect(restore({ 'apigw-url': 'http://10.1.1.1' }).error?.message).toContain(
      "Input 'apigw-url' must use https://; plain http:// is allowed only for loopback hosts"
    )
  })
})

describe('several cancels’ manifests', () => {
  it('each flow as the oldest run that disabled it found it: a re-run that found it disabled already does not leave it paused', () => {
    const rerun = lines(
      header(['1', '5'], '2026-12-03T10:00:00.000Z'),
      // Flow 1 was disabled by the first run: this one found it paused, and disabled it again.
      ...disabled(1, 0),
      ...disabled(5, 1),
      { type: 'end', status: 'cancelled', finishedAt: 'x' }
    )
    const result = parse(
      { ...INPUTS, 'apigw-url': 'https://apim.example.com', 'from-manifest': 'r.jsonl\nc.jsonl' },
      {},
      VALID_CANCEL,
      undefined,
      { 'c.jsonl': CANCEL, 'r.jsonl': rerun }
    )
    expect(result.error).toBeUndefined()
    expect((result.config!.settings as EnosRestoreSettings).flowIds).toEqual([1, 5])
  })
})
