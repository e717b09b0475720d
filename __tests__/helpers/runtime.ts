/** A Runtime for tests: a recording logger, real HTTP (or a given send), sleeps recorded and skipped. */
import { Cancellation } from '../../src/http/cancellation.js'
import type { ClientDeps } from '../../src/http/call.js'
import { sendHttp } from '../../src/http/send.js'
import { serviceDeps, type Runtime } from '../../src/providers/runtime.js'
import { NO_RECORDS } from '../../src/report/manifest.js'
import { SecretRegistry } from '../../src/safety/secrets.js'
import { recordingLogger } from './logger.js'

export interface TestRuntime extends Runtime {
  logger: ReturnType<typeof recordingLogger>
  /** Every sleep asked for, in milliseconds (none is slept). */
  sleeps: number[]
  /** Every secret masked mid-run. */
  masked: string[]
}

export function testRuntime(overrides: Partial<Runtime> = {}): TestRuntime {
  const sleeps: number[] = []
  const masked: string[] = []
  // As main.ts does: what is masked mid-run is redacted from then on.
  const secrets = new SecretRegistry()
  const cancellation = overrides.cancellation ?? new Cancellation()
  return {
    logger: recordingLogger(),
    now: Date.now,
    sleep: async (ms) => void sleeps.push(ms),
    pace: (ms) => cancellation.sleep(ms),
    random: () => 0.5,
    send: sendHttp,
    cancellation,
    maskSecret: (secret) => {
      masked.push(secret)
      secrets.add(secret)
    },
    redact: (text) => secrets.redact(text),
    manifest: NO_RECORDS,
    getIdToken: async () => {
      throw Object.assign(new Error('no OIDC token in this test'), { permanent: true })
    },
    ...overrides,
    sleeps,
    masked
  } as TestRuntime
}

/** A client's deps for one service, from a test runtime. */
export function testClientDeps(overrides: Partial<Runtime> = {}): ClientDeps & { runtime: TestRuntime } {
  const runtime = testRuntime(overrides)
  return { ...serviceDeps(runtime, 'The test service', undefined), runtime }
}
