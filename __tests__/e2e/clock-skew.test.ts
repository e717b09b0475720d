/** Clock skew through dist/index.js: the service's clock is 20 minutes ahead of the runner's. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { EMULATOR_DEFAULT_ACCOUNT, FnfEmulator } from '../../emulators/fnf-emulator.js'
import { runAction } from '../helpers/run-action.js'

const AHEAD_MS = 20 * 60 * 1000
let emulator: FnfEmulator
beforeAll(async () => {
  emulator = await new FnfEmulator({ flows: ['skewed-a', 'skewed-b'], now: () => Date.now() + AHEAD_MS }).start()
})
afterAll(async () => {
  await emulator.stop()
})

describe('clock skew', () => {
  it.each(['v1', 'v3'])(
    'corrects the time from the Date header, warns how far off it was, and succeeds (%s)',
    async (version) => {
      emulator.addFlow('skewed-a')
      emulator.addFlow('skewed-b')
      emulator.requests.length = 0
      const run = await runAction({
        operation: 'delete',
        'flow-name': 'skewed-a\nskewed-b',
        region: 'cn-hangzhou',
        endpoint: emulator.url,
        'access-key-id': EMULATOR_DEFAULT_ACCOUNT.accessKeyId,
        'access-key-secret': EMULATOR_DEFAULT_ACCOUNT.accessKeySecret,
        'signature-version': version,
        concurrency: '1',
        backup: 'false'
      })
      expect(run.code).toBe(0)
      expect(run.outputs['status']).toBe('deleted')
      const warnings = run.stdout
        .split('\n')
        .filter((l) => l.startsWith('::warning::') && !l.includes('signature-version v3'))
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/^::warning::The runner's clock is 1(199|200|201) s behind Alibaba Cloud's/)
      expect(emulator.requests.map((r) => r.code)).toEqual(['RequestTimeTooSkewed', '', ''])
    }
  )
})
