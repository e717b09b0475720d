/** Proxies through dist/index.js: a real CONNECT proxy on loopback, HTTP(S)_PROXY and NO_PROXY. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { EnosEmulator } from '../../emulators/enos-emulator.js'
import { FnfEmulator } from '../../emulators/fnf-emulator.js'
import { startConnectProxy, type ConnectProxy } from '../helpers/connect-proxy.js'
import { cancelInputs, deleteInputs } from '../../scripts/lib/emulator-inputs.js'
import { leaksOf, runAction } from '../helpers/run-action.js'

let fnf: FnfEmulator
let enos: EnosEmulator
let proxy: ConnectProxy
beforeAll(async () => {
  fnf = await new FnfEmulator().start()
  enos = await new EnosEmulator().start()
  proxy = await startConnectProxy()
})
afterAll(async () => {
  await proxy.stop()
  await fnf.stop()
  await enos.stop()
})
beforeEach(() => {
  proxy.connects.length = 0
  proxy.authorizations.length = 0
  fnf.requests.length = 0
  fnf.addFlow('proxied-flow')
  enos.addInstance('2438-201908081020')
})

describe('proxies', () => {
  it.each(['HTTP_PROXY', 'http_proxy', 'ALL_PROXY'])('delete goes through the proxy named by %s', async (variable) => {
    const run = await runAction(deleteInputs(fnf, ['proxied-flow']), { env: { [variable]: proxy.url } })
    expect(run.code).toBe(0)
    expect(proxy.connects).toEqual([new URL(fnf.url).host])
    expect(fnf.requests).toHaveLength(1)
    expect(run.stdout).toContain(`Requests to ${new URL(fnf.url).host} go through the proxy ${proxy.url}`)
  })

  it('NO_PROXY bypasses the proxy', async () => {
    const run = await runAction(deleteInputs(fnf, ['proxied-flow']), {
      env: { HTTP_PROXY: proxy.url, NO_PROXY: 'example.com,127.0.0.1' }
    })
    expect(run.code).toBe(0)
    expect(proxy.connects).toEqual([])
    expect(fnf.requests).toHaveLength(1)
    expect(run.stdout).not.toContain('go through the proxy')
  })

  it('cancel (token and signed call) goes through the proxy too', async () => {
    const run = await runAction(cancelInputs(enos, ['2438-201908081020']), { env: { http_proxy: proxy.url } })
    expect(run.code).toBe(0)
    expect(proxy.connects.length).toBeGreaterThanOrEqual(1)
    expect(proxy.connects.every((c) => c === new URL(enos.url).host)).toBe(true)
  })

  it('sends the proxy’s credentials to the proxy only, and masks the password', async () => {
    const withCredentials = proxy.url.replace('http://', 'http://runner:s3cr%40t-proxy-pass@')
    const run = await runAction(deleteInputs(fnf, ['proxied-flow']), {
      env: { HTTP_PROXY: withCredentials, RUNNER_DEBUG: '1' }
    })
    expect(run.code).toBe(0)
    expect(proxy.authorizations).toEqual([`Basic ${Buffer.from('runner:s3cr@t-proxy-pass').toString('base64')}`])
    expect(run.masks).toContain('s3cr@t-proxy-pass')
    expect(leaksOf(run, ['s3cr@t-proxy-pass', 's3cr%40t-proxy-pass'])).toEqual([])
    expect(String(fnf.requests[0]?.raw.headers['proxy-authorization'] ?? '')).toBe('')
  })
})
