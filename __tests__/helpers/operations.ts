/**
 * Runs an operation through the provider seam (runOperation) against an emulator, with settings
 * a test overrides field by field; only the sleeps between retries are skipped (recorded).
 */
import { deleteProvider, deleteScope } from '../../src/providers/alibaba/index.js'
import type { AlibabaSettings } from '../../src/providers/alibaba/inputs.js'
import type { AccessKeys } from '../../src/providers/alibaba/request.js'
import { cancelProvider, cancelScope } from '../../src/providers/enos/index.js'
import type { EnosSettings } from '../../src/providers/enos/inputs.js'
import { runOperation } from '../../src/run/operation.js'
import {
  alibabaRestoreProvider,
  type AlibabaRestoreSettings,
  type SavedFlow
} from '../../src/providers/alibaba/restore.js'
import type { AnyProvider } from '../../src/providers/contract.js'
import type { Runtime } from '../../src/providers/runtime.js'
import type { CommonSettings, ParsedSettings } from '../../src/config/settings.js'
import { TargetLedger } from '../../src/run/targets.js'
import { ENOS_EMULATOR_APP, ENOS_EMULATOR_USER, type EnosEmulator } from '../../emulators/enos-emulator.js'
import { EMULATOR_DEFAULT_ACCOUNT, type FnfEmulator } from '../../emulators/fnf-emulator.js'
import { testRuntime } from './runtime.js'

/** The common settings a test may change (`maxAttempts` for the retry policy). */
export type CommonOverrides = Partial<Omit<CommonSettings, 'retry'>> & { maxAttempts?: number }

function common({ maxAttempts, ...given }: CommonOverrides): CommonSettings {
  return {
    retry: { maxAttempts: maxAttempts ?? 3, baseDelayMs: 100, maxDelayMs: 1000 },
    timeoutMs: 5000,
    concurrency: 8,
    dryRun: false,
    wait: false,
    waitTimeoutMs: 300_000,
    maxTargets: 100,
    ...given
  }
}

async function run(
  operation: string,
  provider: AnyProvider,
  parsed: ParsedSettings,
  given: CommonOverrides,
  runtime: Partial<Runtime>
) {
  const test = testRuntime(runtime)
  const outcome = await runOperation(
    provider,
    { operation, provider: 'test', ...parsed, common: common(given) },
    test,
    new TargetLedger(test.now)
  )
  return { results: outcome.results, outcome, logger: test.logger, masked: test.masked, sleeps: test.sleeps }
}

const COMMON_KEYS = [
  'maxAttempts',
  'timeoutMs',
  'concurrency',
  'dryRun',
  'wait',
  'waitTimeoutMs',
  'maxRate',
  'maxTargets'
]

function split<T extends object>(overrides: T): [Record<string, unknown>, CommonOverrides] {
  const settings: Record<string, unknown> = {}
  const given: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(overrides)) (COMMON_KEYS.includes(key) ? given : settings)[key] = value
  return [settings, given as CommonOverrides]
}

/** What a delete test may change: the provider's settings (keys as `credentials`) and the common ones. */
export type DeleteOverrides = Partial<Omit<AlibabaSettings, 'auth'>> & { credentials?: AccessKeys } & CommonOverrides

/** operation: delete of flow-a at the fnf emulator, as overridden. */
export function runDelete(emulator: FnfEmulator, overrides: DeleteOverrides = {}, runtime: Partial<Runtime> = {}) {
  const [{ credentials, ...settings }, given] = split(overrides)
  const alibaba: AlibabaSettings = {
    flowNames: ['flow-a'],
    flowNamePatterns: [],
    deleteSchedules: false,
    stopExecutions: false,
    region: 'cn-hangzhou',
    endpoint: new URL(emulator.url),
    auth: { kind: 'keys', keys: (credentials as AccessKeys | undefined) ?? { ...EMULATOR_DEFAULT_ACCOUNT } },
    signatureVersion: 'v1',
    ignoreNotFound: false,
    // The calls these tests pin are a delete's own; tests of the backup turn it on.
    backup: false,
    sweep: { excludePatterns: [] },
    ...settings
  }
  return run('delete', deleteProvider, { settings: alibaba, scope: deleteScope(alibaba) }, given, runtime)
}

/** What a cancel test may change: the provider's settings and the common ones. */
export type CancelOverrides = Partial<EnosSettings> & CommonOverrides

/** operation: cancel of 2438-201908081020 at the EnOS emulator, as overridden. */
export function runCancel(emulator: EnosEmulator, overrides: CancelOverrides = {}, runtime: Partial<Runtime> = {}) {
  const [settings, given] = split(overrides)
  const enos: EnosSettings = {
    instanceIds: ['2438-201908081020'],
    flowIds: [],
    lookbackHours: 168,
    disableFlow: false,
    apigw: new URL(emulator.url),
    credentials: { ...ENOS_EMULATOR_APP },
    orgId: ENOS_EMULATOR_USER.orgId,
    userId: ENOS_EMULATOR_USER.userId,
    ...settings
  }
  return run('cancel', cancelProvider, { settings: enos, scope: cancelScope(enos) }, given, runtime)
}

/** operation: restore of `flows` (as a delete's manifest saved them) at the fnf emulator. */
export function runRestore(
  emulator: FnfEmulator,
  flows: SavedFlow[],
  overrides: CommonOverrides = {},
  runtime: Partial<Runtime> = {}
) {
  const settings: AlibabaRestoreSettings = {
    region: '',
    endpoint: new URL(emulator.url),
    auth: { kind: 'keys', keys: { ...EMULATOR_DEFAULT_ACCOUNT } },
    signatureVersion: 'v1',
    flows: new Map(flows.map((flow) => [flow.name, flow]))
  }
  const scope = {
    serviceUrls: [settings.endpoint],
    location: settings.endpoint.host,
    targets: flows.map((flow) => flow.name),
    selectors: {},
    dryRunNotes: []
  }
  return run('restore', alibabaRestoreProvider, { settings, scope }, overrides, runtime)
}
