/**
 * A hostile service, through dist/index.js: messages, request ids and header values that carry
 * line breaks followed by workflow commands (`::error::`, `::add-mask::`, `::stop-commands::`, the
 * legacy `##[…]`), Unicode line separators, terminal escapes and markdown. The log must hold no
 * line the action did not write, annotations must still work after it, and the summary must
 * render none of it.
 */
import { describe, expect, it } from '@jest/globals'
import { ENOS_EMULATOR_APP } from '../../emulators/enos-emulator.js'
import { EMULATOR_DEFAULT_ACCOUNT } from '../../emulators/fnf-emulator.js'
import { cancelInputs, deleteInputs } from '../../scripts/lib/emulator-inputs.js'
import { runAction, type ActionRun } from '../helpers/run-action.js'
import { bothEmulators } from '../helpers/emulators.js'

const HOSTILE_MESSAGE = [
  'Denied.',
  '::error::INJECTED-error',
  '\r\n::add-mask::INJECTED-mask',
  '\n::stop-commands::INJECTED-stop',
  '\n\n![x](https://evil.example/x.png) [click](https://evil.example/) <img src=x onerror=alert(1)>',
  '##[error]INJECTED-legacy mid-line ##[add-mask]INJECTED-legacy-mask',
  '\u2028::warning::INJECTED-separator',
  '\u001b[31mINJECTED-escape\u001b[0m'
].join('\n')
const HOSTILE_REQUEST_ID = 'R-1\n::error::INJECTED-request-id\n::add-mask::INJECTED-rid-mask'
const DEBUG = { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' }
// eslint-disable-next-line no-control-regex -- what no string from a service may carry into the log
const CONTROL = /[\r\n\u2028\u0000-\u001f]/

/** Lines the runner would act on that the action did not write: commands at a line's start, the legacy form anywhere. */
function injectedCommands(run: ActionRun): string[] {
  return run.stdout
    .split(/\r?\n/)
    .filter(
      (line) =>
        /^\s*::[a-z-]+(?: [^:]*)?::\s*INJECTED/.test(line) ||
        /^\s*::(?:stop-commands|add-mask)::/.test(line.replace(/^::add-mask::(?!INJECTED).*$/, '')) ||
        line.includes('##[')
    )
}

function expectInert(run: ActionRun, maskedValues: string[]): void {
  expect(injectedCommands(run)).toEqual([])
  // The only masks are the action's own.
  expect(run.masks.sort()).toEqual([...maskedValues].sort())
  // Nothing from the service reaches the log as a line of its own: every line with it starts with the action's text.
  for (const line of run.stdout.split('\n').filter((l) => l.includes('INJECTED'))) {
    expect(line).toMatch(
      /^(::error title=[A-Za-z]+ failed(?:%3A [^:\n]*)?::|::debug::|[A-Z][a-z]+ (flow|instance)|Cancel|DeleteFlow|Deleted|Cancelled)/
    )
  }
  for (const error of run.errors) expect(error).not.toMatch(CONTROL)
  for (const value of Object.values(run.outputs)) expect(value).not.toMatch(CONTROL)
  for (const result of JSON.parse(run.outputs['results']!) as Record<string, unknown>[]) {
    for (const value of Object.values(result)) if (typeof value === 'string') expect(value).not.toMatch(CONTROL)
  }
  // The summary is one HTML block: no blank line ends it, so no markdown renders; no tag, link or image opens.
  expect(run.summary).not.toMatch(/\n\s*\n/)
  expect(run.summary).not.toMatch(/!\[|\]\(|<img|<a href="https:\/\/evil|javascript:|##\[/)
  expect(run.summary).toContain('&#33;&#91;x&#93;&#40;https://evil.example/x.png&#41;')
}

const emulators = bothEmulators()

describe('strings from a service cannot inject workflow commands or markdown', () => {
  it('delete: a hostile error message and request id, a hostile success, then a genuine failure still annotated', async () => {
    emulators.fnf.addFlow('hostile-a')
    emulators.fnf.addFlow('hostile-b')
    emulators.fnf.injectFault({
      action: 'DeleteFlow',
      fault: {
        kind: 'error',
        status: 403,
        code: 'AccessDenied',
        message: HOSTILE_MESSAGE,
        requestId: HOSTILE_REQUEST_ID
      }
    })
    emulators.fnf.injectFault({
      action: 'DeleteFlow',
      fault: {
        kind: 'raw',
        status: 200,
        body: '{}',
        // A header cannot hold a line break, but it can hold the rest.
        headers: { 'x-acs-request-id': '[click](https://evil.example/) ::error::INJECTED-header ##[add-mask]INJECTED' }
      }
    })
    const run = await runAction(
      deleteInputs(emulators.fnf, ['hostile-a', 'hostile-b', 'missing'], { concurrency: '1' }),
      {
        env: DEBUG
      }
    )
    expect(run.code).toBe(1)
    expectInert(run, [EMULATOR_DEFAULT_ACCOUNT.accessKeyId, EMULATOR_DEFAULT_ACCOUNT.accessKeySecret])
    // Both failures are annotated, the genuine one after the hostile one.
    expect(run.errors).toHaveLength(3)
    expect(run.failedWith).toBe('2 of 3 flows failed: hostile-a, missing')
    expect(run.errors[0]).toContain("DeleteFlow 'hostile-a'")
    expect(run.errors[0]).toContain('Denied.\\n::error::INJECTED-error\\n\\r\\n::add-mask::INJECTED-mask')
    expect(run.errors[1]).toContain(
      `DeleteFlow 'missing' (${new URL(emulators.fnf.url).host}) failed after 1 attempt: FlowNotExists (HTTP 404)`
    )
    expect(run.outputs['request-id']).toBe('R-1\\n::error::INJECTED-request-id\\n::add-mask::INJECTED-rid-mask')
    expect(run.stdout).toContain(
      `Deleted flow 'hostile-b' (${new URL(emulators.fnf.url).host}), RequestId [click](https://evil.example/) ::error::INJECTED-header ##\\[add-mask]INJECTED`
    )
  })

  it('cancel: a hostile msg and requestId from the service and from the gateway, then a genuine failure still annotated', async () => {
    emulators.enos.addInstance('1-1')
    emulators.enos.addInstance('1-2')
    emulators.enos.addInstance('1-3')
    emulators.enos.injectFault({
      action: 'cancel',
      fault: { kind: 'error', status: 200, code: '62103', message: HOSTILE_MESSAGE, requestId: HOSTILE_REQUEST_ID }
    })
    emulators.enos.injectFault({
      action: 'cancel',
      fault: { kind: 'error', status: 403, code: 'gateway', message: HOSTILE_MESSAGE, requestId: HOSTILE_REQUEST_ID }
    })
    emulators.enos.injectFault({
      action: 'cancel',
      fault: {
        kind: 'raw',
        status: 200,
        body: JSON.stringify({ code: 0, msg: 'OK', requestId: 'ok\n::warning::INJECTED-success' })
      }
    })
    const run = await runAction(cancelInputs(emulators.enos, ['1-1', '1-2', '1-3', '9-9'], { concurrency: '1' }), {
      env: DEBUG
    })
    expect(run.code).toBe(1)
    const token = String(emulators.enos.requests.find((r) => r.action === 'cancel')?.raw.headers['apim-accesstoken'])
    expectInert(run, [ENOS_EMULATOR_APP.appKey, ENOS_EMULATOR_APP.appSecret, token])
    expect(run.errors).toHaveLength(4)
    expect(run.failedWith).toBe('3 of 4 flow instances failed: 1-1, 1-2, 9-9')
    expect(run.errors[2]).toContain("CancelFlowInstance '9-9'")
    expect(run.errors[2]).toContain('62102')
    expect(run.stdout).toContain("Cancelled flow instance '1-3'")
    expect(run.stdout).toContain('requestId ok\\n::warning::INJECTED-success')
  })
})
