/**
 * The built action, dist/index.js, run as the runner runs it, against the fnf emulator on
 * 127.0.0.1. Set ACTION_NODE to run it on another Node (the runner's Node 24).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { FnfEmulator } from '../../emulators/fnf-emulator.js'
import { leaksOf, runAction } from '../helpers/run-action.js'

const KEY_ID = 'e2e-key-id-LWNhbm5vdA'
const SECRET = 'e2e-secret-c2hvdWxkIG5ldmVyIGFwcGVhcg'
const STS_KEY_ID = 'STS.e2e-sts-key-id'
const STS_SECRET = 'e2e-sts-secret-bm90IGluIGxvZ3M'
const STS_TOKEN = 'CAIS+e2e/sts-token=bm90IGluIGxvZ3M='

let emulator: FnfEmulator
beforeAll(async () => {
  emulator = await new FnfEmulator({
    accounts: [
      { accessKeyId: KEY_ID, accessKeySecret: SECRET },
      { accessKeyId: STS_KEY_ID, accessKeySecret: STS_SECRET, securityToken: STS_TOKEN }
    ]
  }).start()
})
afterAll(async () => {
  await emulator.stop()
})
beforeEach(() => {
  emulator.requests.length = 0
  emulator.clearFaults()
  for (const name of ['orders-pipeline', 'nightly-etl', 'pr-123-preview']) emulator.addFlow(name)
})

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    operation: 'delete',
    'flow-name': 'orders-pipeline',
    region: 'cn-hangzhou',
    endpoint: emulator.url,
    'access-key-id': KEY_ID,
    'access-key-secret': SECRET,
    // DeleteFlow's own behaviour; backup.test.ts runs the default, with the backup.
    backup: 'false',
    ...extra
  }
}

const DEBUG = { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' }

describe('operation: delete through dist/index.js', () => {
  it('deletes a flow: exit 0, outputs, summary, masks, and no secret anywhere (debug on)', async () => {
    const run = await runAction(inputs({ 'request-id': 'e2e-run-1' }), { env: DEBUG })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.masks).toEqual([KEY_ID, SECRET])
    expect(run.outputs).toEqual({
      'request-id': 'e2e-run-1',
      status: 'deleted',
      'error-code': '',
      'error-message': '',
      // The status of the final answer, on success too.
      'http-status': '200',
      'final-state': '',
      results: expect.any(String),
      manifest: expect.stringMatching(/flow-ops-manifest-4242-1-.*-delete-\d+\.jsonl$/)
    })
    expect(JSON.parse(run.outputs['results']!)).toEqual([
      {
        name: 'orders-pipeline',
        status: 'deleted',
        requestId: 'e2e-run-1',
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
    expect(run.summary).toMatch(/^<h3>flow-ops delete: ✅ deleted<\/h3>\n<p>1 flow: 1 deleted · \d+ ms<\/p>\n<table>/)
    expect(run.summary).toMatch(
      /<tr><td><code>orders-pipeline<\/code><\/td><td>127\.0\.0\.1:\d+<\/td><td>✅ deleted<\/td><td><code>e2e-run-1<\/code><\/td><td>1<\/td><td>\d+ ms<\/td><\/tr>/
    )
    // No link to the run: the reader is on its page.
    expect(run.summary).not.toContain('https://github.com/octo-org/teardown/actions/runs/4242')
    expect(run.stdout).toContain(`Deleted flow 'orders-pipeline' (${new URL(emulator.url).host}), RequestId e2e-run-1`)
    expect(run.stdout).toMatch(
      /^::debug::DeleteFlow 'orders-pipeline': attempt 1: POST http:\/\/127\.0\.0\.1:\d+\/\?Action=DeleteFlow/m
    )
    expect(run.errors).toEqual([])
    expect(leaksOf(run, [KEY_ID, SECRET])).toEqual([])
    expect(emulator.flows).not.toContain('orders-pipeline')
    expect(emulator.requests).toHaveLength(1)
  })

  it('signs with V3 and an STS token from the environment, and never prints the token', async () => {
    const run = await runAction(inputs({ 'signature-version': 'v3', 'access-key-id': '', 'access-key-secret': '' }), {
      env: {
        ...DEBUG,
        ALIBABA_CLOUD_ACCESS_KEY_ID: STS_KEY_ID,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: STS_SECRET,
        ALIBABA_CLOUD_SECURITY_TOKEN: STS_TOKEN
      }
    })
    expect(run.code).toBe(0)
    expect(run.outputs['status']).toBe('deleted')
    expect(run.masks).toEqual([STS_KEY_ID, STS_SECRET, STS_TOKEN])
    expect(emulator.requests[0]?.auth).toBe('v3')
    expect(leaksOf(run, [STS_KEY_ID, STS_SECRET, STS_TOKEN])).toEqual([])
  })

  it('fails a missing flow with one clear ::error:: and the failure outputs', async () => {
    const run = await runAction(inputs({ 'flow-name': 'no-such-flow' }), { env: DEBUG })
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(2)
    expect(run.failedWith).toBe('1 of 1 flow failed: no-such-flow')
    expect(run.errors[0]).toMatch(
      /^DeleteFlow 'no-such-flow' \(127\.0\.0\.1:\d+\) failed after 1 attempt: FlowNotExists \(HTTP 404\): Flow no-such-flow does not exist\. — No flow of this name exists in this account and region: check 'flow-name' and 'region', or set `ignore-not-found: true` to treat a missing flow as already deleted\. RequestId: [0-9A-F-]{36}\.$/
    )
    expect(run.stdout).toMatch(/^::error title=DeleteFlow failed%3A no-such-flow::DeleteFlow 'no-such-flow'/m)
    expect(run.outputs).toMatchObject({
      status: 'failed',
      'error-code': 'FlowNotExists',
      'error-message': 'Flow no-such-flow does not exist.',
      'http-status': '404'
    })
    expect(run.outputs['request-id']).toMatch(/^[0-9A-F-]{36}$/)
    expect(run.summary).toContain('❌ failed: FlowNotExists (HTTP 404)')
    expect(leaksOf(run, [KEY_ID, SECRET])).toEqual([])
  })

  it('treats a missing flow as done under ignore-not-found', async () => {
    const run = await runAction(inputs({ 'flow-name': 'no-such-flow', 'ignore-not-found': 'true' }))
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ status: 'not-found', 'error-code': '', 'http-status': '404' })
    expect(run.summary).toContain('➖ not found (ignored)')
  })

  it('deletes several flows, attempts all when one fails, and reports each', async () => {
    const run = await runAction(inputs({ 'flow-name': 'orders-pipeline\nghost\nnightly-etl\n' }))
    expect(run.code).toBe(1)
    expect(
      JSON.parse(run.outputs['results']!).map((r: { name: string; status: string }) => `${r.name}:${r.status}`)
    ).toEqual(['orders-pipeline:deleted', 'ghost:failed', 'nightly-etl:deleted'])
    expect(run.errors).toHaveLength(2)
    expect(run.errors[0]).toContain("DeleteFlow 'ghost'")
    expect(run.failedWith).toBe('1 of 3 flows failed: ghost')
    expect(run.outputs['error-code']).toBe('FlowNotExists')
    expect(emulator.flows).toEqual(['pr-123-preview'])
  })

  it('retries a 503 and succeeds on the next attempt', async () => {
    emulator.injectFault({ fault: { kind: 'error', status: 503, code: 'ServiceUnavailable' } })
    const run = await runAction(inputs())
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs['results']!)[0].attempts).toBe(2)
    expect(run.stdout).toMatch(
      /DeleteFlow 'orders-pipeline': attempt 1 of 3 failed \(ServiceUnavailable, HTTP 503: Injected ServiceUnavailable\.\); retrying in \d\.\d s/
    )
  })

  it('reports a wrong secret as SignatureNotMatch without retrying', async () => {
    const run = await runAction(inputs({ 'access-key-secret': 'not-the-secret' }))
    expect(run.code).toBe(1)
    expect(run.outputs['error-code']).toBe('SignatureNotMatch')
    expect(run.errors[0]).toContain("Check that 'access-key-secret' belongs to 'access-key-id'")
    expect(emulator.requests).toHaveLength(1)
  })
})

describe('bad input stops the step before any request', () => {
  it('an input this version does not declare (keep-tagged, on a version without it): refused, nothing sent', async () => {
    const run = await runAction(inputs({ 'keep-tagged': 'true' }))
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      expect.stringMatching(/^Input 'keep-tagged' is not an input of flow-ops \S+, so it cannot be honoured/)
    ])
    expect(run.outputs['error-code']).toBe('InvalidInput')
    expect(emulator.requests).toHaveLength(0)
  })

  it.each([
    [{ operation: 'remove' }, 'Input \'operation\' must be one of delete, cancel, restore; got "remove"'],
    [
      { 'flow-name': '' },
      "Input 'flow-name' is required with operation 'delete': the name of the flow to delete, one per line (or give flow-name-pattern)"
    ],
    [
      { 'flow-name': 'bad%0Aname' },
      'Input \'flow-name\' line 1 is not a valid flow name: "bad%0Aname"; a flow name starts with a letter or _ and has only letters, digits, _ and -'
    ],
    [
      { endpoint: 'http://192.0.2.10' },
      'Input \'endpoint\' must use https://; plain http:// is allowed only for loopback hosts (127.0.0.0/8, localhost, ::1), not "192.0.2.10"'
    ],
    [
      { 'access-key-secret': '' },
      "Input 'access-key-secret' is required and not given. Give it as an input (secrets from ${{ secrets.NAME }}) or in its environment variable: access-key-secret or ALIBABA_CLOUD_ACCESS_KEY_SECRET. Temporary STS keys also need security-token (or ALIBABA_CLOUD_SECURITY_TOKEN). Or authenticate without keys: 'role-arn' and 'oidc-provider-arn' exchange the job's OIDC token for the role (the job needs permissions: id-token: write)."
    ],
    [{ 'max-attempts': 'many' }, 'Input \'max-attempts\' must be a whole number from 1 to 10; got "many"'],
    [{ 'ignore-not-found': 'maybe' }, 'Input \'ignore-not-found\' must be true or false; got "maybe"'],
    [
      { 'flow-id': '2438' },
      "Input 'flow-id' is an input of operation 'cancel' and 'restore', not of 'delete': it would be ignored, so it is refused. Leave it out, or use the operation it belongs to"
    ],
    [
      { 'dry-run': '' },
      "Input 'dry-run' must be true or false; got an empty value. If it comes from an expression such as ${{ inputs.dry-run }}, check that what it names is defined and set; or leave 'dry-run' out to use its default."
    ]
  ])('%j', async (bad, message) => {
    const run = await runAction(inputs(bad))
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([message])
    expect(emulator.requests).toHaveLength(0)
    expect(leaksOf(run, [SECRET])).toEqual([])
  })

  it('fills the outputs and writes a short summary, so that `if: always()` steps see why', async () => {
    const run = await runAction(inputs({ wait: 'on' }))
    expect(run.code).toBe(1)
    expect(run.outputs).toEqual({
      'request-id': '',
      status: 'failed',
      'error-code': 'InvalidInput',
      'error-message': 'Input \'wait\' must be true or false; got "on"',
      'http-status': '',
      'final-state': '',
      results: '[]',
      manifest: ''
    })
    expect(run.summary).toBe(
      [
        '<h3>flow-ops delete: ❌ failed</h3>',
        '<p>An input was refused, so nothing was sent.</p>',
        '<p><strong>Input &#39;wait&#39; must be true or false; got &#34;on&#34;</strong></p>'
      ].join('\n') + '\n'
    )
    expect(emulator.requests).toHaveLength(0)
  })

  it('keeps a newline in an input from starting a workflow command', async () => {
    const run = await runAction(inputs({ operation: 'x\n::warning::injected' }))
    expect(run.code).toBe(1)
    expect(run.stdout).not.toMatch(/^::warning::injected/m)
    expect(run.errors).toEqual([
      'Input \'operation\' must be one of delete, cancel, restore; got "x\\n::warning::injected"'
    ])
  })
})

describe('workflow command injection', () => {
  it('an encoded line break in a flow name is refused, and cannot start a command of its own', async () => {
    const run = await runAction({
      operation: 'delete',
      'flow-name': 'x%0A::warning::injected',
      region: 'cn-hangzhou',
      endpoint: emulator.url,
      'access-key-id': KEY_ID,
      'access-key-secret': SECRET
    })
    expect(run.code).toBe(1)
    expect(run.stdout).not.toMatch(/^::warning::injected/m)
    // core escapes % in command data, so the runner shows the value literally.
    expect(run.stdout).toContain(
      '::error::Input \'flow-name\' line 1 is not a valid flow name: "x%250A::warning::injected"'
    )
    expect(emulator.requests).toHaveLength(0)
  })
})
