/**
 * The registry: one entry per provider and operation, so that two providers may offer the same
 * operation (restore, say) and a provider many. Adding one is a handler in the provider's folder
 * and a line here; nothing in run/, report/ or config/ changes.
 *
 * An entry declares the inputs its operation reads, and loads its code only when asked: a run
 * loads the code of its own operation and no other (ncc bundles each into a chunk of its own), so
 * that one delete does not pay at start-up for restores, cancels and the other provider.
 */
import { describeValue, InputError, type InputSource, type SecretInput } from '../config/input-rules.js'
import { COMMON_INPUTS, type InputCatalogue } from '../config/inputs.js'
import { ALIBABA_RESTORE_INPUTS, ALIBABA_SECRET_INPUTS, DELETE_INPUTS } from './alibaba/declared.js'
import type { AnyProvider } from './contract.js'
import { CANCEL_INPUTS, ENOS_RESTORE_INPUTS, ENOS_SECRET_INPUTS } from './enos/declared.js'
import { FROM_MANIFEST, requireManifests } from './manifest-input.js'

/** One operation of one provider. */
export interface Registration {
  /** The provider: the cloud service's family (alibaba, enos). */
  provider: string
  /** The value of the `operation` input that selects it. */
  operation: string
  /**
   * The secret inputs and the environment variables they fall back to. config/inputs.ts reads and
   * masks them before anything else is parsed, so that no message can carry one.
   */
  secretInputs: readonly SecretInput[]
  /** The inputs this operation reads beyond the common ones (any other given is refused, not ignored). */
  inputs: readonly string[]
  /** The operation's code. */
  load(): Promise<AnyProvider>
}

/** One registration: which provider offers which operation, the inputs it reads, and its code. */
const offers = (
  provider: string,
  operation: string,
  [secretInputs, inputs]: [readonly SecretInput[], readonly string[]],
  load: () => Promise<AnyProvider>
): Registration => ({ provider, operation, secretInputs, inputs, load })

export const REGISTRY: readonly Registration[] = [
  offers('alibaba', 'delete', [ALIBABA_SECRET_INPUTS, DELETE_INPUTS], async () => {
    return (await import('./alibaba/index.js')).deleteProvider
  }),
  offers('enos', 'cancel', [ENOS_SECRET_INPUTS, CANCEL_INPUTS], async () => {
    return (await import('./enos/index.js')).cancelProvider
  }),
  offers('alibaba', 'restore', [ALIBABA_SECRET_INPUTS, ALIBABA_RESTORE_INPUTS], async () => {
    return (await import('./alibaba/restore.js')).alibabaRestoreProvider
  }),
  offers('enos', 'restore', [ENOS_SECRET_INPUTS, ENOS_RESTORE_INPUTS], async () => {
    return (await import('./enos/restore.js')).enosRestoreProvider
  })
]

/** Every operation on offer, each once, in registry order. */
export const OPERATIONS: readonly string[] = [...new Set(REGISTRY.map((r) => r.operation))]

/** The code of every registration loaded so far. */
const loaded = new Map<Registration, AnyProvider>()

/**
 * Loads the code of every provider that offers `operation` (as the `operation` input gives it;
 * an operation no provider offers loads nothing, and parsing the inputs then says so). The
 * entry point calls it before parsing, which needs the chosen provider's code synchronously.
 */
export async function loadOperation(operation: string, registry: readonly Registration[] = REGISTRY): Promise<void> {
  const offering = registry.filter((r) => r.operation === operation.trim().toLowerCase())
  await Promise.all(offering.map(async (r) => void (loaded.has(r) || loaded.set(r, await r.load()))))
}

/** Loads every operation's code (for tests and tools that go through several). */
export async function loadEveryOperation(registry: readonly Registration[] = REGISTRY): Promise<void> {
  for (const operation of new Set(registry.map((r) => r.operation))) await loadOperation(operation, registry)
}

/** A registration's code, once loadOperation has loaded it. */
export function handlerOf(registration: Registration): AnyProvider {
  const handler = loaded.get(registration)
  if (!handler) {
    throw new Error(
      `the code of provider '${registration.provider}' operation '${registration.operation}' is not loaded (loadOperation first)`
    )
  }
  return handler
}

/** The loaded code of one provider's operation (the one parsing chose). */
export function handlerFor(operation: string, provider: string, registry = REGISTRY): AnyProvider {
  const found = registry.find((r) => r.operation === operation && r.provider === provider)
  if (!found) throw new Error(`provider '${provider}' offers no operation '${operation}'`)
  return handlerOf(found)
}

/**
 * Which provider runs an operation: the one that offers it; when several do (restore), the one
 * whose manifest `from-manifest` names, since a restore undoes that provider's run.
 */
export function chooseRegistration(
  operation: string,
  source: InputSource,
  registry: readonly Registration[] = REGISTRY
): Registration {
  const offered = registry.filter((r) => r.operation === operation)
  if (offered.length === 0) throw new Error(`no provider for operation '${operation}'`)
  if (offered.length === 1) return offered[0]!
  const [manifest, ...more] = requireManifests(
    source,
    `with operation '${operation}': the path of the manifest written by the run to undo (its 'manifest' output)`
  )
  const other = more.find((m) => m.header.provider !== manifest!.header.provider)
  if (other) {
    throw new InputError(
      FROM_MANIFEST,
      `names manifests of two providers (${describeValue(manifest!.path)} is ${describeValue(manifest!.header.provider)}'s, ${describeValue(other.path)} ${describeValue(other.header.provider)}'s); one restore undoes runs of one provider`
    )
  }
  const chosen = offered.find((r) => r.provider === manifest!.header.provider)
  if (!chosen) {
    throw new InputError(
      FROM_MANIFEST,
      `is a manifest of provider ${describeValue(manifest!.header.provider)}; operation '${operation}' reads manifests of ${offered.map((r) => r.provider).join(' and ')}`
    )
  }
  return chosen
}

/** What parsing the inputs needs of the registry (config/ knows no provider). */
export const INPUT_CATALOGUE: InputCatalogue = {
  operations: OPERATIONS,
  inputs: [...new Set([...COMMON_INPUTS, ...REGISTRY.flatMap((r) => r.inputs)])],
  secretInputs: [...new Set(REGISTRY.flatMap((r) => r.secretInputs))],
  inputsOf: (operation, source) => {
    const registration = chooseRegistration(operation, source)
    const handler = handlerOf(registration)
    return {
      provider: registration.provider,
      inputs: { inputs: registration.inputs, parseInputs: (from) => handler.parseInputs(from) }
    }
  },
  reads: (operation, input) => REGISTRY.some((r) => r.operation === operation && r.inputs.includes(input))
}
