/**
 * Errors classified by what really happened, and protocol details found against the vendors' own
 * clients, through dist/index.js:
 * - what never left the runner (a proxy variable that cannot be read, a header value Node refuses,
 *   a redirect without a readable Location) is not a network error, is not retried and never
 *   counts as "may have landed";
 * - EnOS: one token per run, renewed at most once, however many instances a refusing gateway sees;
 *   a token answer whose status field is missing or spelt `stauts` is accepted;
 * - signature-version v3 warns once that fnf may refuse it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { EnosEmulator } from '../../emulators/enos-emulator.js'
import { FnfEmulator } from '../../emulators/fnf-emulator.js'
import { cancelInputs, deleteInputs } from '../../scripts/lib/emulator-inputs.js'
import { runAction } from '../helpers/run-action.js'

let fnf: FnfEmulator
let enos: EnosEmulator
beforeAll(async () => {
  fnf = await new FnfEmulator({ flows: ['kept'] }).start()
  enos = await new EnosEmulator().start()
})
afterAll(async () => {
  await enos.stop()
  await fnf.stop()
})

describe('failures before anything was sent', () => {
  it.each([
    ['HTTP_PROXY', 'http://[::1', 'is not a URL'],
    [
      'http_proxy',
      'socks5://proxy.example.com:1080',
      'uses socks5://; only http:// and https:// proxies are supported'
    ],
    ['ALL_PROXY', 'http://', 'is not a URL']
  ])('%s=%s is refused up front, naming the variable; nothing is sent', async (variable, value, problem) => {
    const before = fnf.requests.length
    const run = await runAction(deleteInputs(fnf, ['kept']), { env: { [variable]: value } })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([expect.stringContaining(`Environment variable '${variable}' ${problem}`)])
    expect(run.errors[0]).toContain(`requests to ${new URL(fnf.url).host} would go through it`)
    expect(fnf.requests.length).toBe(before)
  })

  it('a token with a line break, which Node refuses in a header: RequestNotSent, one attempt, nothing sent', async () => {
    const emulator = await new EnosEmulator({ instances: ['1-1'] }).start()
    emulator.tokenValue = 'token-with\na-line-break'
    try {
      const run = await runAction(cancelInputs(emulator, ['1-1']))
      expect(run.code).toBe(1)
      expect(run.outputs['error-code']).toBe('RequestNotSent')
      expect(JSON.parse(run.outputs['results']!)[0]).toMatchObject({ status: 'failed', attempts: 1 })
      expect(emulator.requests.filter((r) => r.action === 'cancel')).toHaveLength(0)
      expect(emulator.instanceStatus('1-1')).toBe(2)
    } finally {
      await emulator.stop()
    }
  })

  it('a redirect without a readable Location, then FlowNotExists: refused once, never reported deleted', async () => {
    const before = fnf.requests.length
    fnf.injectFault({ action: 'DeleteFlow', fault: { kind: 'redirect', status: 302, location: 'http://[::1' } })
    const run = await runAction(deleteInputs(fnf, ['never-existed']))
    expect(run.code).toBe(1)
    expect(run.outputs['error-code']).toBe('RedirectRefused')
    expect(run.errors[0]).toContain('a redirect to a Location that is not a URL')
    expect(JSON.parse(run.outputs['results']!)[0]).toMatchObject({ status: 'failed', attempts: 1 })
    expect(fnf.requests.length - before).toBe(1)
  })
})

describe('EnOS access tokens', () => {
  it('1000 instances against a gateway that refuses every token: two token requests in all', async () => {
    const emulator = await new EnosEmulator().start()
    try {
      emulator.injectFault({ action: 'cancel', fault: { kind: 'error', status: 401, code: 'gateway' }, times: 100_000 })
      const ids = Array.from({ length: 1000 }, (_, i) => `7-${String(i).padStart(4, '0')}`)
      const run = await runAction(cancelInputs(emulator, ids, { concurrency: '32' }), { timeoutMs: 60_000 })
      expect(run.code).toBe(1)
      expect(emulator.tokenRequests).toBe(2)
      const results = JSON.parse(run.outputs['results']!) as { errorCode: string }[]
      expect(results).toHaveLength(1000)
      expect(results.every((r) => r.errorCode === 'HTTP401')).toBe(true)
      process.stdout.write(`1000 instances, gateway answering 401: ${emulator.tokenRequests} token requests\n`)
    } finally {
      await emulator.stop()
    }
  }, 60_000)

  it.each(['stauts', 'none'] as const)(
    'a token answer whose status field is %s is accepted when it holds data.accessToken',
    async (field) => {
      enos.tokenStatusField = field
      enos.addInstance('1-1')
      try {
        const run = await runAction(cancelInputs(enos, ['1-1']))
        expect(run.code).toBe(0)
        expect(run.outputs['status']).toBe('cancelled')
        expect(enos.instanceStatus('1-1')).toBe(8)
      } finally {
        enos.tokenStatusField = 'status'
      }
    }
  )
})

describe('signature-version v3', () => {
  it('warns once that the service may refuse it, and which error to expect', async () => {
    fnf.addFlow('v3-flow')
    const run = await runAction(deleteInputs(fnf, ['v3-flow'], { 'signature-version': 'v3' }))
    expect(run.code).toBe(0)
    const warnings = run.stdout.split('\n').filter((l) => l.startsWith('::warning::'))
    expect(warnings).toEqual([expect.stringContaining('signature-version v3:')])
    expect(warnings[0]).toContain('SignatureDoesNotMatch')
  })

  it('says nothing with v1, the default', async () => {
    fnf.addFlow('v1-flow')
    const run = await runAction(deleteInputs(fnf, ['v1-flow']))
    expect(run.code).toBe(0)
    expect(run.stdout).not.toContain('::warning::')
  })
})
