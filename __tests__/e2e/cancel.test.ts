/**
 * operation: cancel through the built action, dist/index.js, run as the runner runs it, against
 * the EnOS emulator on 127.0.0.1.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { ENOS_EMULATOR_USER, EnosEmulator } from '../../emulators/enos-emulator.js'
import { leaksOf, runAction } from '../helpers/run-action.js'

const APP = { appKey: 'e2e-app-key-9c1f', appSecret: 'e2e-app-secret-bmV2ZXIgcHJpbnQgbWU' }
const NOT_OWNER = { userId: 'u-not-owner', orgId: ENOS_EMULATOR_USER.orgId }

let emulator: EnosEmulator
beforeAll(async () => {
  emulator = await new EnosEmulator({ apps: [APP], users: [ENOS_EMULATOR_USER, NOT_OWNER] }).start()
})
afterAll(async () => {
  await emulator.stop()
})
beforeEach(() => {
  emulator.requests.length = 0
  emulator.clearFaults()
  for (const id of ['2438-201908081020', '2809-20190812080700']) emulator.addInstance(id)
})

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    operation: 'cancel',
    'flow-instance-id': '2438-201908081020',
    'apigw-url': emulator.url,
    'app-key': APP.appKey,
    'app-secret': APP.appSecret,
    'org-id': ENOS_EMULATOR_USER.orgId,
    'user-id': ENOS_EMULATOR_USER.userId,
    ...extra
  }
}

const DEBUG = { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' }

/** The access tokens the action signed with during this test. */
function tokensSeen(): string[] {
  return emulator.requests
    .filter((r) => r.auth === 'signed')
    .map((r) => String(r.raw.headers['apim-accesstoken']))
    .filter((t, i, all) => all.indexOf(t) === i)
}

describe('operation: cancel through dist/index.js', () => {
  it('cancels an instance: exit 0, outputs, summary, and neither secret nor token anywhere (debug on)', async () => {
    const run = await runAction(inputs(), { env: DEBUG })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const tokens = tokensSeen()
    expect(tokens).toHaveLength(1)
    expect(run.masks).toEqual([APP.appKey, APP.appSecret, tokens[0]])
    expect(run.outputs).toEqual({
      'request-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'cancelled',
      'error-code': '',
      'error-message': '',
      // The status of the final answer, on success too.
      'http-status': '200',
      'final-state': '',
      results: expect.any(String),
      manifest: expect.stringMatching(/flow-ops-manifest-4242-1-.*-cancel-\d+\.jsonl$/)
    })
    expect(JSON.parse(run.outputs['results']!)).toEqual([
      {
        name: '2438-201908081020',
        status: 'cancelled',
        requestId: run.outputs['request-id'],
        errorCode: null,
        message: null,
        httpStatus: 200,
        finalState: null,
        attempts: 1,
        throttled: 0,
        requests: 1,
        durationMs: expect.any(Number)
      }
    ])
    const host = new URL(emulator.url).host
    expect(run.summary).toMatch(
      /^<h3>flow-ops cancel: ✅ cancelled<\/h3>\n<p>1 flow instance: 1 cancelled · [\d.]+ m?s<\/p>/
    )
    expect(run.summary).toContain(
      `<tr><td><code>2438-201908081020</code></td><td>${host}</td><td>✅ cancelled</td><td><code>`
    )
    expect(run.stdout).toMatch(
      /^::debug::Cancel flow instance '2438-201908081020': attempt 1: POST http:\/\/127\.0\.0\.1:\d+\/batch-processing-service\/v2\.1\/flowInstances\?action=cancel&userId=u15000000000002&orgId=o15000000000001 \{"apim-accesstoken":"\*\*\*","apim-signature":"\*\*\*"/m
    )
    expect(leaksOf(run, [APP.appKey, APP.appSecret, ...tokens])).toEqual([])
    expect(emulator.instanceStatus('2438-201908081020')).toBe(8)
  })

  it('takes credentials and ids from the ENOS_* environment variables', async () => {
    const run = await runAction(inputs({ 'app-key': '', 'app-secret': '', 'org-id': '', 'user-id': '' }), {
      env: {
        ENOS_APP_KEY: APP.appKey,
        ENOS_APP_SECRET: APP.appSecret,
        ENOS_ORG_ID: ENOS_EMULATOR_USER.orgId,
        ENOS_USER_ID: ENOS_EMULATOR_USER.userId
      }
    })
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('cancelled')
    expect(leaksOf(run, [APP.appSecret, ...tokensSeen()])).toEqual([])
  })

  it('fails an instance the user does not own with one mapped ::error::', async () => {
    const run = await runAction(inputs({ 'user-id': NOT_OWNER.userId }), { env: DEBUG })
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(2)
    expect(run.failedWith).toBe('1 of 1 flow instance failed: 2438-201908081020')
    expect(run.errors[0]).toMatch(
      /^CancelFlowInstance '2438-201908081020' \(127\.0\.0\.1:\d+\) failed after 1 attempt: 62103 \(HTTP 200\): User has no privilege\. — The user given by 'user-id' must own the workflow instance \(Cancel Flow Instance's prerequisite\), and the application's service account must be allowed to call the Batch Processing Service APIs\. RequestId: [0-9a-f-]{36}\.$/
    )
    expect(run.outputs).toMatchObject({
      status: 'failed',
      'error-code': '62103',
      'error-message': 'User has no privilege.',
      'http-status': '200'
    })
    expect(run.summary).toContain('❌ failed: 62103 (HTTP 200)')
    expect(leaksOf(run, [APP.appSecret, ...tokensSeen()])).toEqual([])
  })

  it('cancels several instances with one token, reporting each', async () => {
    const run = await runAction(inputs({ 'flow-instance-id': '2438-201908081020\n404-404\n2809-20190812080700' }))
    expect(run.code).toBe(1)
    expect(
      JSON.parse(run.outputs['results']!).map((r: { name: string; status: string }) => `${r.name}:${r.status}`)
    ).toEqual(['2438-201908081020:cancelled', '404-404:failed', '2809-20190812080700:cancelled'])
    expect(run.errors).toHaveLength(2)
    expect(run.errors[0]).toContain("CancelFlowInstance '404-404'")
    expect(run.failedWith).toBe('1 of 3 flow instances failed: 404-404')
    expect(emulator.tokenRequests).toBe(1)
  })

  it('reports a wrong secret as the token service’s 1003', async () => {
    const run = await runAction(inputs({ 'app-secret': 'not-the-secret' }))
    expect(run.code).toBe(1)
    expect(run.outputs['error-code']).toBe('1003')
    expect(run.errors[0]).toContain('getting an access token failed: The encryption is not valid')
    expect(emulator.requests.filter((r) => r.action === 'cancel')).toHaveLength(0)
  })

  it('retries 62109 and succeeds', async () => {
    emulator.injectFault({
      action: 'cancel',
      fault: { kind: 'error', status: 200, code: '62109', message: 'Internal server exception' }
    })
    const run = await runAction(inputs())
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs['results']!)[0].attempts).toBe(2)
  })
})

describe('bad cancel input stops the step before any request', () => {
  it.each([
    [
      { 'flow-instance-id': '' },
      "Input 'flow-instance-id' is required with operation 'cancel': the id of the flow instance to cancel (such as 2438-201908081020), one per line (or give flow-id)"
    ],
    [
      { 'apigw-url': 'http://198.51.100.4' },
      'Input \'apigw-url\' must use https://; plain http:// is allowed only for loopback hosts (127.0.0.0/8, localhost, ::1), not "198.51.100.4"'
    ],
    [
      { 'org-id': '' },
      "Input 'org-id' is required with operation 'cancel' and not given. Give it as an input (secrets from ${{ secrets.NAME }}) or in its environment variable: org-id or ENOS_ORG_ID. apigw-url is your EnOS API gateway's base URL (https://apim-gateway.example.com); app-key and app-secret are an application's access key and secret key (EnOS Management Console, Application Registration); org-id is the OU's id (o15000000000001) and user-id the id of the user the calls act as (u15426865866571)."
    ],
    [
      { 'app-secret': '' },
      "Input 'app-secret' is required with operation 'cancel' and not given. Give it as an input (secrets from ${{ secrets.NAME }}) or in its environment variable: app-secret or ENOS_APP_SECRET. apigw-url is your EnOS API gateway's base URL (https://apim-gateway.example.com); app-key and app-secret are an application's access key and secret key (EnOS Management Console, Application Registration); org-id is the OU's id (o15000000000001) and user-id the id of the user the calls act as (u15426865866571)."
    ]
  ])('%j', async (bad, message) => {
    const run = await runAction(inputs(bad))
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([message])
    expect(emulator.requests).toHaveLength(0)
  })
})
