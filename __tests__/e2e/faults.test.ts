/**
 * Faults injected under dist/index.js, each a clear failure (or a success where the service's
 * answer allows one), never a hang, a crash or a stack trace.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { EnosEmulator } from '../../emulators/enos-emulator.js'
import { FnfEmulator } from '../../emulators/fnf-emulator.js'
import type { EmulatorFault } from '../../emulators/loopback-emulator.js'
import { cancelInputs, deleteInputs } from '../../scripts/lib/emulator-inputs.js'
import { ROOT, runAction, type ActionRun } from '../helpers/run-action.js'

let fnf: FnfEmulator
let other: FnfEmulator
beforeAll(async () => {
  fnf = await new FnfEmulator().start()
  other = await new FnfEmulator().start()
})
afterAll(async () => {
  await fnf.stop()
  await other.stop()
})
beforeEach(() => {
  fnf.requests.length = 0
  other.requests.length = 0
  fnf.clearFaults()
  fnf.addFlow('faulty')
})

const inputs = (extra: Record<string, string> = {}) => deleteInputs(fnf, ['faulty'], extra)

/**
 * A failure as a user should see it: exit 1, one ::error:: with the code and the step's one-line
 * account after it, no stack trace anywhere.
 */
function expectCleanFailure(run: ActionRun, code: string): void {
  expect(run.code).toBe(1)
  expect(run.outputs['error-code']).toBe(code)
  expect(run.errors).toHaveLength(2)
  expect(run.failedWith).toMatch(/^1 of 1 flow(?: instance)? failed: \S+$/)
  expect(run.errors[0]).toContain(`: ${code}`)
  expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m)
  expect(run.stderr).toBe('')
}

describe('faults', () => {
  it('a server that never answers: each attempt times out, the step ends within attempts × timeout + backoff', async () => {
    fnf.injectFault({ fault: { kind: 'hang' }, times: 3 })
    const run = await runAction(inputs({ timeout: '0.5' }))
    expectCleanFailure(run, 'RequestTimeout')
    expect(run.errors[0]).toContain('did not answer within 0.5 s')
    expect(JSON.parse(run.outputs['results']!)[0].attempts).toBe(3)
    expect(fnf.requests).toHaveLength(3)
    // 3 × 0.5 s, plus waits below 1 s and 2 s, plus start-up: seconds, where a hang without the
    // timeout would hold the step until the harness kills it. (Bounds that loose hold on a loaded machine.)
    expect(run.durationMs).toBeGreaterThanOrEqual(1500)
    expect(run.durationMs).toBeLessThan(15_000)
  })

  it('a 50 MB body: reading stops at 4 MiB, the attempt fails clearly, memory stays bounded', async () => {
    fnf.injectFault({ fault: { kind: 'huge', bytes: 50 * 1024 * 1024 }, times: 3 })
    const time = fs.existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '%M'] : []
    const run = await runAction(inputs(), { prefix: time })
    expect(run.code).toBe(1)
    expect(run.outputs['error-code']).toBe('ResponseTooLarge')
    expect(run.errors[0]).toContain('the response body exceeded 4096 KiB and was not read further')
    if (time.length > 0) {
      const peakKiB = Number(run.stderr.trim().split('\n').pop())
      expect(peakKiB).toBeLessThan(150 * 1024)
    }
  })

  it('a body that never ends: the per-attempt timeout covers the body too', async () => {
    fnf.injectFault({ fault: { kind: 'endless' }, times: 3 })
    const run = await runAction(inputs({ timeout: '0.5', 'max-attempts': '1' }))
    expectCleanFailure(run, 'RequestTimeout')
    expect(run.errors[0]).toContain('did not answer within 0.5 s')
    expect(run.durationMs).toBeLessThan(15_000)
  })

  it.each<[string, EmulatorFault, string, string]>([
    [
      'truncated JSON',
      { kind: 'raw', status: 200, body: '{"RequestId":"A1' },
      'InvalidResponse',
      'HTTP 200 OK with a body that is not JSON (application/json): "{"RequestId":"A1"'
    ],
    [
      'an empty 200 body',
      { kind: 'raw', status: 200, body: '' },
      'InvalidResponse',
      'HTTP 200 OK with an empty body (application/json)'
    ],
    [
      'a JSON array',
      { kind: 'raw', status: 200, body: '[]' },
      'InvalidResponse',
      'HTTP 200 OK with a JSON body of the wrong shape (an array, not an object): "[]"'
    ],
    [
      'a 200 with an error code inside',
      {
        kind: 'raw',
        status: 200,
        body: '{"RequestId":"R9","Code":"AccessDenied","Message":"The resources doesn\'t belong to you."}'
      },
      'AccessDenied',
      "AccessDenied (HTTP 200): The resources doesn't belong to you."
    ],
    [
      'a 403 HTML page',
      { kind: 'raw', status: 403, body: '<html><title>Forbidden by WAF</title></html>', contentType: 'text/html' },
      'HttpError',
      'HTTP 403 Forbidden with a body that is not JSON (text/html): "Forbidden by WAF"'
    ]
  ])('%s is reported clearly', async (_label, fault, code, message) => {
    fnf.injectFault({ fault, times: 5 })
    const run = await runAction(inputs({ 'max-attempts': '2' }))
    expectCleanFailure(run, code)
    expect(run.errors[0]).toContain(message)
  })

  it('a 200 without RequestId counts as deleted, saying the id was not returned', async () => {
    fnf.injectFault({ fault: { kind: 'raw', status: 200, body: '{}' } })
    const run = await runAction(inputs())
    expect(run.code).toBe(0)
    expect(run.outputs['request-id']).toBe('')
    expect(run.stdout).toContain(`Deleted flow 'faulty' (${new URL(fnf.url).host}), RequestId not returned`)
  })

  it.each([301, 302, 307] as const)('a %i redirect to another host is not followed', async (status) => {
    const target = `${other.url.replace('127.0.0.1', 'localhost')}/steal`
    fnf.injectFault({ fault: { kind: 'redirect', status, location: target } })
    const run = await runAction(inputs())
    expectCleanFailure(run, 'RedirectRefused')
    expect(run.errors[0]).toContain(
      `answered HTTP ${status}, a redirect to ${new URL(target).origin}; redirects are not followed`
    )
    expect(fnf.requests).toHaveLength(1)
    expect(other.requests).toHaveLength(0)
  })

  it('a refused connection is retried, then reported', async () => {
    const closed = await new FnfEmulator().start()
    const url = closed.url
    await closed.stop()
    const run = await runAction(inputs({ endpoint: url, 'max-attempts': '2' }))
    expectCleanFailure(run, 'NetworkError')
    expect(run.errors[0]).toContain(`connect ECONNREFUSED ${new URL(url).host}`)
    expect(JSON.parse(run.outputs['results']!)[0].attempts).toBe(2)
  })

  it('a host name that does not resolve fails at once with DnsError (resolved locally, nothing sent)', async () => {
    // A 64-character label cannot be put in a DNS query, so the lookup fails without leaving the machine.
    const run = await runAction(inputs({ endpoint: `https://${'a'.repeat(64)}.example.com` }))
    expectCleanFailure(run, 'DnsError')
    expect(run.errors[0]).toContain('the host name could not be resolved (ENOTFOUND)')
    expect(JSON.parse(run.outputs['results']!)[0].attempts).toBe(1)
  })

  it('a self-signed certificate is refused (TLS is always verified), and not retried', async () => {
    let hits = 0
    const server = https.createServer(
      {
        key: fs.readFileSync(path.join(ROOT, '__tests__/fixtures/self-signed.key')),
        cert: fs.readFileSync(path.join(ROOT, '__tests__/fixtures/self-signed.crt'))
      },
      (_req, res) => {
        hits++
        res.end('{}')
      }
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const run = await runAction(inputs({ endpoint: `https://127.0.0.1:${(server.address() as AddressInfo).port}` }))
      expectCleanFailure(run, 'TlsError')
      expect(run.errors[0]).toMatch(
        /TLS verification failed \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/
      )
      expect(JSON.parse(run.outputs['results']!)[0].attempts).toBe(1)
      expect(hits).toBe(0)
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('EnOS: a code sent as a string is read, and an envelope of the wrong shape is reported', async () => {
    const enos = await new EnosEmulator({ instances: ['1-1'] }).start()
    try {
      const cancel = (extra: Record<string, string> = {}) => runAction(cancelInputs(enos, ['1-1'], extra))
      enos.injectFault({
        action: 'cancel',
        fault: { kind: 'raw', status: 200, body: '{"code":"62103","msg":"User has no privilege."}' }
      })
      expectCleanFailure(await cancel(), '62103')
      enos.injectFault({
        action: 'cancel',
        fault: { kind: 'raw', status: 200, body: '{"code":{"nested":true}}' },
        times: 5
      })
      const shape = await cancel({ 'max-attempts': '1' })
      expectCleanFailure(shape, 'InvalidResponse')
      expect(shape.errors[0]).toContain('HTTP 200 with a JSON body without code or status')
    } finally {
      await enos.stop()
    }
  })
})
