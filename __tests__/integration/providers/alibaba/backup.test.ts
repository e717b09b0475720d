/**
 * backup: each flow's definition and schedules in the manifest before its first change, over real
 * HTTP against the fnf emulator: DescribeFlow for a named flow, what ListFlows listed for a selected
 * one, ListSchedules (the removal's own listing with delete-schedules); a backup that cannot be read
 * leaves its flow alone.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { EMULATOR_DEFAULT_ACCOUNT, FnfEmulator } from '../../../../emulators/fnf-emulator.js'
import { SecretRegistry } from '../../../../src/safety/secrets.js'
import { recordedManifest } from '../../../helpers/manifest.js'
import { runDelete, type DeleteOverrides } from '../../../helpers/operations.js'

let emulator: FnfEmulator
beforeEach(async () => {
  emulator = await new FnfEmulator().start()
  emulator.addFlow('pr-3-api')
  emulator.addSchedule('pr-3-api', 'nightly')
  emulator.addFlow('pr-3-web')
})
afterEach(async () => {
  await emulator.stop()
})

async function withManifest(overrides: DeleteOverrides) {
  const { records, manifest } = recordedManifest()
  const run = await runDelete(emulator, { backup: true, ...overrides }, { manifest })
  return { ...run, records }
}
const calls = () => emulator.requests.map((r) => `${r.action} ${r.target}`.trim())

describe('backup', () => {
  it('a named flow: DescribeFlow and ListSchedules before DeleteFlow, both on record before the delete', async () => {
    const { results, records } = await withManifest({ flowNames: ['pr-3-api'] })
    expect(calls()).toEqual(['DescribeFlow pr-3-api', 'ListSchedules pr-3-api', 'DeleteFlow pr-3-api'])
    expect(results[0]).toMatchObject({ status: 'done', requests: 3 })
    expect(records.map((r) => ('type' in r ? r.type : 'header'))).toEqual(['target', 'dependents', 'change'])
    expect(records[0]).toMatchObject({
      type: 'target',
      name: 'pr-3-api',
      service: { Name: 'pr-3-api', Definition: expect.stringContaining('version: v1'), Type: 'FDL' }
    })
    expect(records[0]).not.toHaveProperty('service.RequestId')
    expect(records[1]).toMatchObject({
      kind: 'schedules',
      items: [expect.objectContaining({ ScheduleName: 'nightly' })]
    })
  })

  it('with delete-schedules, the removal’s own listing is the backup’s: ListSchedules once', async () => {
    await withManifest({ flowNames: ['pr-3-api'], deleteSchedules: true })
    expect(calls()).toEqual([
      'DescribeFlow pr-3-api',
      'ListSchedules pr-3-api',
      'DeleteSchedule pr-3-api/nightly',
      'DeleteFlow pr-3-api'
    ])
  })

  it('a flow found by flow-name-pattern: no DescribeFlow, what ListFlows listed is the backup', async () => {
    const { records } = await withManifest({ flowNames: [], flowNamePatterns: ['pr-3-a*'] })
    expect(calls()).toEqual(['ListFlows', 'ListSchedules pr-3-api', 'DeleteFlow pr-3-api'])
    expect(records[0]).toMatchObject({ type: 'target', service: { Name: 'pr-3-api', Id: expect.any(String) } })
  })

  it('a DescribeFlow refused: the flow is left alone with BackupFailed and what to grant; the others carry on', async () => {
    // A policy without fnf:ListFlows (a teardown by name never needed it): DescribeFlow each, as before.
    emulator.injectFault({ action: 'ListFlows', fault: { kind: 'error', status: 403, code: 'AccessDenied' } })
    emulator.injectFault({ action: 'DescribeFlow', fault: { kind: 'error', status: 403, code: 'AccessDenied' } })
    const { results } = await withManifest({ flowNames: ['pr-3-api', 'pr-3-web'], concurrency: 1 })
    expect(results[0]).toMatchObject({
      name: 'pr-3-api',
      status: 'failed',
      action: 'DescribeFlow',
      errorCode: 'BackupFailed',
      message: expect.stringContaining('AccessDenied'),
      hint: expect.stringContaining('`backup: false`')
    })
    expect(results[0]?.hint).toContain('`fnf:DescribeFlow`')
    expect(results[1]).toMatchObject({ name: 'pr-3-web', status: 'done' })
    expect(emulator.flows).toEqual(['pr-3-api'])
    expect(calls()).not.toContain('DeleteFlow pr-3-api')
  })

  it('a wrong secret: the backup’s DescribeFlow meets SignatureNotMatch, reported as itself with its own hint, not BackupFailed', async () => {
    const { results } = await withManifest({
      flowNames: ['pr-3-api'],
      credentials: { accessKeyId: 'emulator-access-key-id', accessKeySecret: 'a-wrong-secret-0000' }
    })
    expect(results[0]).toMatchObject({
      name: 'pr-3-api',
      status: 'failed',
      action: 'DescribeFlow',
      errorCode: 'SignatureNotMatch',
      hint: expect.stringContaining("Check that 'access-key-secret' belongs to 'access-key-id'")
    })
    expect(results[0]?.message).toContain("(reading the flow's backup before deleting it); nothing was done to it")
    expect(results[0]?.hint).not.toContain('fnf:DescribeFlow')
    expect(emulator.flows).toContain('pr-3-api')
  })

  it.each([
    ['InvalidAccessKeyId.NotFound', 404],
    ['InvalidSecurityToken.Expired', 400],
    ['InvalidSecurityToken.MismatchWithAccessKey', 400]
  ])('%s on the backup’s DescribeFlow is reported as itself', async (code, status) => {
    emulator.injectFault({ action: 'DescribeFlow', fault: { kind: 'error', status, code } })
    const { results } = await withManifest({ flowNames: ['pr-3-api'] })
    expect(results[0]).toMatchObject({ status: 'failed', errorCode: code, action: 'DescribeFlow' })
    expect(results[0]?.hint).toMatch(code.startsWith('InvalidSecurityToken') ? /'security-token'/ : /'access-key-id'/)
    expect(emulator.flows).toContain('pr-3-api')
  })

  it('a flow that is not there: the read that shows it ends it (one call, no ListSchedules, no DeleteFlow)', async () => {
    const missing = await withManifest({ flowNames: ['no-such-flow'] })
    expect(missing.results[0]).toMatchObject({
      status: 'failed',
      errorCode: 'FlowNotExists',
      action: 'DescribeFlow',
      message: 'DescribeFlow answered FlowNotExists: the flow does not exist, and nothing was sent to delete it',
      hint: expect.stringContaining('ignore-not-found: true')
    })
    expect(missing.records[0]).toMatchObject({ type: 'target', name: 'no-such-flow', gone: true })
    const ignored = await withManifest({ flowNames: ['no-such-flow'], ignoreNotFound: true })
    expect(ignored.results[0]).toMatchObject({ status: 'not-found', attempts: 1 })
    expect(ignored.results[0]).not.toHaveProperty('requests')
    expect(calls()).toEqual(['DescribeFlow no-such-flow', 'DescribeFlow no-such-flow'])
  })

  it('backup: false sends a delete’s own calls only, and the manifest still records the change', async () => {
    const { records } = await withManifest({ flowNames: ['pr-3-api'], backup: false })
    expect(calls()).toEqual(['DeleteFlow pr-3-api'])
    expect(records).toContainEqual(expect.objectContaining({ type: 'change', action: 'DeleteFlow', outcome: 'done' }))
  })
})

describe('a backup that would hold a redaction', () => {
  /** The manifest as the action writes it: every credential of the run redacted. */
  async function redactedRun(overrides: DeleteOverrides) {
    const secrets = new SecretRegistry()
    secrets.add(EMULATOR_DEFAULT_ACCOUNT.accessKeyId)
    secrets.add(EMULATOR_DEFAULT_ACCOUNT.accessKeySecret)
    const { records, manifest } = recordedManifest((t) => secrets.redact(t))
    const run = await runDelete(emulator, { backup: true, ...overrides }, { manifest })
    return { ...run, records }
  }

  it('the run’s access key id in a definition: the flow is left alone (BackupRedacted, naming the field), the others go', async () => {
    emulator.addFlow('pr-3-leaky', { Definition: `env:\n  key: ${EMULATOR_DEFAULT_ACCOUNT.accessKeyId}` })
    const { results, records } = await redactedRun({ flowNames: ['pr-3-leaky', 'pr-3-web'], concurrency: 1 })
    expect(results[0]).toMatchObject({ name: 'pr-3-leaky', status: 'failed', errorCode: 'BackupRedacted' })
    expect(results[0]!.message).toContain("a credential of this run appears in the flow's Definition")
    expect(results[0]!.hint).toContain('`backup: false`')
    expect(results[1]).toMatchObject({ name: 'pr-3-web', status: 'done' })
    expect(emulator.flows).toContain('pr-3-leaky')
    expect(records[0]).toMatchObject({ type: 'target', name: 'pr-3-leaky', redacted: ['Definition'] })
    expect(JSON.stringify(records)).not.toContain(EMULATOR_DEFAULT_ACCOUNT.accessKeyId)
  })

  it('a schedule’s payload: the flow is left alone before any schedule is deleted (with delete-schedules too)', async () => {
    emulator.addSchedule('pr-3-web', 'leaky', '0 0 * * * *', {
      payload: `{"k":"${EMULATOR_DEFAULT_ACCOUNT.accessKeySecret}"}`
    })
    for (const deleteSchedules of [false, true]) {
      const { results } = await redactedRun({ flowNames: ['pr-3-web'], deleteSchedules })
      expect(results[0]).toMatchObject({ status: 'failed', errorCode: 'BackupRedacted', action: 'ListSchedules' })
      expect(results[0]!.message).toContain("appears in the flow's schedule 'leaky' Payload")
    }
    expect(emulator.schedulesOf('pr-3-web')).toEqual(['leaky'])
    expect(emulator.flows).toContain('pr-3-web')
  })

  it('a dry run tells the reviewer now that a real run would leave it alone', async () => {
    emulator.addFlow('pr-3-leaky', { Definition: `key: ${EMULATOR_DEFAULT_ACCOUNT.accessKeyId}` })
    const { results } = await redactedRun({ flowNames: [], flowNamePatterns: ['pr-3-*'], dryRun: true })
    const leaky = results.find((r) => r.name === 'pr-3-leaky')
    expect(leaky).toMatchObject({
      status: 'dry-run',
      message:
        'a credential of this run appears in its Definition, so a real run leaves it alone (BackupRedacted) unless backup: false'
    })
    expect(results.find((r) => r.name === 'pr-3-api')?.message).toBeUndefined()
  })

  it('backup: false deletes it, and the manifest marks the field so that no restore writes it back', async () => {
    emulator.addFlow('pr-3-leaky', { Definition: `key: ${EMULATOR_DEFAULT_ACCOUNT.accessKeyId}` })
    const { results, records } = await redactedRun({ flowNames: [], flowNamePatterns: ['pr-3-leaky'], backup: false })
    expect(results[0]).toMatchObject({ status: 'done' })
    expect(records.find((r) => 'type' in r && r.type === 'target')).toMatchObject({ redacted: ['Definition'] })
  })
})
