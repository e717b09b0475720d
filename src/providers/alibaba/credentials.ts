/**
 * Alibaba Cloud credentials for a run: the access keys given, or keyless: the job's GitHub OIDC
 * token exchanged at STS for temporary credentials (keyless.ts, loaded only by keyless runs).
 */
import type { AttemptResult } from '../../http/attempt.js'
import type { Halt } from '../../http/cancellation.js'
import type { RetryPolicy } from '../../http/retry.js'
import type { Runtime, ServicePacing } from '../runtime.js'
import type { AccessKeys, KeySource } from './request.js'
import type { OidcRoleSettings } from './oidc-inputs.js'

/** How the run authenticates: keys from the inputs (or environment), or keyless with the job's OIDC token. */
export type AlibabaAuth = { kind: 'keys'; keys: AccessKeys } | { kind: 'oidc'; role: OidcRoleSettings }

/** Stands in for the temporary credentials of a keyless dry run, which asks STS for none. */
export const DRY_RUN_KEYS: AccessKeys = {
  accessKeyId: 'STS.dry-run',
  accessKeySecret: 'dry-run',
  securityToken: 'dry-run'
}

/**
 * Keys given as inputs: nothing to renew. A security token of theirs that the service says has
 * expired stops the run (`halt`): what is in flight finishes, nothing more is sent.
 */
export function staticKeys(
  keys: AccessKeys,
  { now = Date.now, halt }: { now?: () => number; halt?: (halt: Halt) => void } = {}
): KeySource {
  const ok = { ok: true as const, value: keys }
  return {
    current: async () => ok,
    expired: async () => {
      const message = `the security-token given (with access-key-id ${keys.accessKeyId.startsWith('STS.') ? 'STS.…' : '…'}) was refused as expired at ${new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z')}, and keys given as inputs cannot be renewed: nothing more was sent`
      halt?.({
        action: 'InvalidSecurityToken',
        code: TOKEN_EXPIRED,
        message,
        hint: "Temporary credentials end when the role says: get new ones (or a longer role session) and run the step again, or authenticate without keys ('role-arn' and 'oidc-provider-arn'), whose credentials flow-ops renews."
      })
      return { ok: false, failure: { code: TOKEN_EXPIRED, message, transience: 'permanent', mayHaveLanded: false } }
    }
  }
}

/** The answer that means the security token a request carried has expired. */
export const TOKEN_EXPIRED = 'InvalidSecurityToken.Expired'

/** The keys for the run: as given, or from STS in exchange for the job's OIDC token (and again before they end). */
export async function alibabaCredentials(
  auth: AlibabaAuth,
  limits: { retry: RetryPolicy; timeoutMs: number },
  runtime: Runtime,
  pacing: ServicePacing
): Promise<AttemptResult<KeySource>> {
  if (auth.kind === 'keys') {
    return { ok: true, value: staticKeys(auth.keys, { now: runtime.now, halt: (h) => runtime.cancellation.halt(h) }) }
  }
  // Keyless runs alone load the exchange's code.
  return (await import('./keyless.js')).keylessCredentials(auth.role, { limits, runtime, pacing })
}
