/**
 * Nothing waits forever, through dist/index.js: a runner OIDC token endpoint that accepts and never
 * answers, and a DescribeFlow that hangs while the action waits, each end within the bounds the
 * user set (timeout per attempt, max-attempts, wait-timeout).
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { FnfEmulator } from '../../emulators/fnf-emulator.js'
import { EnosEmulator } from '../../emulators/enos-emulator.js'
import { cancelInputs, deleteInputs } from '../../scripts/lib/emulator-inputs.js'
import { startIdTokenServer } from '../helpers/id-token-server.js'
import { runAction } from '../helpers/run-action.js'

const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!()
})

describe('deadlines', () => {
  it("keyless: a token endpoint that never answers is bounded by 'timeout' per attempt and retried like any call", async () => {
    const idTokens = await startIdTokenServer(undefined, { hang: true })
    stops.push(() => idTokens.stop())
    const fnf = await new FnfEmulator({ flows: ['keyless-flow'] }).start()
    stops.push(() => fnf.stop())
    const run = await runAction(
      deleteInputs(fnf, ['keyless-flow'], {
        'access-key-id': '',
        'access-key-secret': '',
        'role-arn': 'acs:ram::1234567890123456:role/teardown',
        'oidc-provider-arn': 'acs:ram::1234567890123456:oidc-provider/github',
        'sts-endpoint': 'http://127.0.0.1:9',
        timeout: '0.5',
        'max-attempts': '2'
      }),
      { env: idTokens.env, timeoutMs: 20_000 }
    )
    expect(run.code).toBe(1)
    expect(run.outputs['error-code']).toBe('OidcTokenUnavailable')
    expect(run.errors[0]).toContain("the runner's token endpoint did not answer within 0.5 s")
    expect(idTokens.requests()).toBe(2)
    // Two attempts of 0.5 s and one backoff under 1 s, plus start-up: seconds, not the
    // harness's 20 s (loose enough for a loaded machine).
    expect(run.durationMs).toBeLessThan(12_000)
    expect(fnf.requests).toHaveLength(0)
  })

  it("wait: a DescribeFlow that hangs cannot stretch 'wait-timeout' by a whole retried call", async () => {
    const fnf = await new FnfEmulator({ flows: ['slow-flow'], deletionDelayMs: 60_000 }).start()
    stops.push(() => fnf.stop())
    fnf.injectFault({ action: 'DescribeFlow', fault: { kind: 'hang' }, times: 100 })
    const run = await runAction(deleteInputs(fnf, ['slow-flow'], { wait: 'true', 'wait-timeout': '1', timeout: '30' }))
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({ status: 'failed', 'error-code': 'WaitTimeout' })
    // wait-timeout is 1 s; start-up and the DeleteFlow itself come on top. A hung DescribeFlow
    // retried whole would take 3 × 30 s.
    expect(run.durationMs).toBeLessThan(15_000)
  })

  it("wait (cancel): a Get Flow Instance that hangs is bounded by 'wait-timeout' too", async () => {
    const enos = await new EnosEmulator({ instances: ['1-1'], cancelDelayMs: 60_000 }).start()
    stops.push(() => enos.stop())
    enos.injectFault({ action: 'get', fault: { kind: 'hang' }, times: 100 })
    const run = await runAction(cancelInputs(enos, ['1-1'], { wait: 'true', 'wait-timeout': '1', timeout: '30' }))
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({ status: 'failed', 'error-code': 'WaitTimeout' })
    expect(run.durationMs).toBeLessThan(15_000)
  })
})
