/** dry-run through dist/index.js: everything checked and signed, nothing sent, for both operations. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { ENOS_EMULATOR_APP, ENOS_EMULATOR_USER, EnosEmulator } from '../../emulators/enos-emulator.js'
import { EMULATOR_DEFAULT_ACCOUNT, FnfEmulator } from '../../emulators/fnf-emulator.js'
import { leaksOf, runAction } from '../helpers/run-action.js'

let fnf: FnfEmulator
let enos: EnosEmulator
beforeAll(async () => {
  fnf = await new FnfEmulator({ flows: ['orders-pipeline'] }).start()
  enos = await new EnosEmulator({ instances: ['2438-201908081020'] }).start()
})
afterAll(async () => {
  await fnf.stop()
  await enos.stop()
})

describe('dry-run', () => {
  it('delete: previews each signed request, sends nothing, status dry-run', async () => {
    const run = await runAction(
      {
        operation: 'delete',
        'flow-name': 'orders-pipeline\nnightly-etl',
        region: 'cn-hangzhou',
        endpoint: fnf.url,
        'access-key-id': EMULATOR_DEFAULT_ACCOUNT.accessKeyId,
        'access-key-secret': EMULATOR_DEFAULT_ACCOUNT.accessKeySecret,
        'security-token': 'dry-run-sts-token-value',
        'dry-run': 'true'
      },
      { env: { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' } }
    )
    expect(run.code).toBe(0)
    expect(fnf.requests).toHaveLength(0)
    expect(fnf.flows).toEqual(['orders-pipeline'])
    expect(run.outputs['status']).toBe('dry-run')
    expect(JSON.parse(run.outputs['results']!).map((r: { status: string }) => r.status)).toEqual(['dry-run', 'dry-run'])
    const previews = run.stdout.split('\n').filter((l) => l.startsWith('Dry run: '))
    expect(previews).toHaveLength(2)
    expect(previews[0]).toMatch(
      /^Dry run: DeleteFlow 'orders-pipeline' \(127\.0\.0\.1:\d+\) would send: POST http:\/\/127\.0\.0\.1:\d+\/\?Action=DeleteFlow&Format=json&Version=2019-03-15&Timestamp=[^&]+&SignatureNonce=[0-9a-f]{32}&SignatureMethod=HMAC-SHA1&SignatureVersion=1\.0&AccessKeyId=\*\*\*&SecurityToken=\*\*\*&Signature=\*\*\* \{"content-type":"application\/x-www-form-urlencoded"\} body: Name=orders-pipeline$/
    )
    expect(run.summary).toContain('🔍 dry run: nothing changed')
    expect(run.summary).toContain('<pre><code>POST http://127.0.0.1:')
    expect(
      leaksOf(run, [
        EMULATOR_DEFAULT_ACCOUNT.accessKeyId,
        EMULATOR_DEFAULT_ACCOUNT.accessKeySecret,
        'dry-run-sts-token-value'
      ])
    ).toEqual([])
  })

  it('delete: still refuses bad input', async () => {
    const run = await runAction({ operation: 'delete', 'flow-name': 'x y', region: 'cn-hangzhou', 'dry-run': 'true' })
    expect(run.code).toBe(1)
    expect(run.errors[0]).toContain("Input 'flow-name' line 1 is not a valid flow name")
  })

  it('cancel: previews the signed cancel without fetching a token', async () => {
    const run = await runAction({
      operation: 'cancel',
      'flow-instance-id': '2438-201908081020',
      'apigw-url': enos.url,
      'app-key': ENOS_EMULATOR_APP.appKey,
      'app-secret': ENOS_EMULATOR_APP.appSecret,
      'org-id': ENOS_EMULATOR_USER.orgId,
      'user-id': ENOS_EMULATOR_USER.userId,
      'dry-run': 'true'
    })
    expect(run.code).toBe(0)
    expect(enos.requests).toHaveLength(0)
    expect(enos.instanceStatus('2438-201908081020')).toBe(2)
    expect(run.outputs['status']).toBe('dry-run')
    expect(run.stdout).toMatch(
      /^Dry run: cancel of flow instance '2438-201908081020' \(127\.0\.0\.1:\d+\) would send: POST http:\/\/127\.0\.0\.1:\d+\/batch-processing-service\/v2\.1\/flowInstances\?action=cancel&userId=u15000000000002&orgId=o15000000000001 \{"apim-accesstoken":"\*\*\*","apim-signature":"\*\*\*","apim-timestamp":"\d+","content-type":"application\/json;charset=UTF-8"\} body: \{"flowInstId":"2438-201908081020"\}$/m
    )
    expect(leaksOf(run, [ENOS_EMULATOR_APP.appKey, ENOS_EMULATOR_APP.appSecret])).toEqual([])
  })
})
