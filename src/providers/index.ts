/**
 * The registry: one entry per provider and operation, so that two providers may offer the same
 * operation (restore, say) and a provider many. Adding one is a handler in the provider's folder
 * and a line here; nothing in run/, report/ or config/ changes.
 */
import { describeValue, InputError, type InputSource } from '../config/input-rules.js'
import type { InputCatalogue } from '../config/inputs.js'
import { deleteProvider } from './alibaba/index.js'
import { alibabaRestoreProvider } from './alibaba/restore.js'
import type { AnyProvider } from './contract.js'
import { cancelProvider } from './enos/index.js'
import { enosRestoreProvider } from './enos/restore.js'
import { FROM_MANIFEST, requireManifests } from './manifest-input.js'

/** One operation of one provider. */
export interface Registration {
  /** The provider: the cloud service's family (alibaba, enos). */
  provider: string
  /** The value of the `operation` input that selects it. */
  operation: string
  handler: AnyProvider
}

export const REGISTRY: readonly Registration[] = [
  { provider: 'alibaba', operation: 'delete', handler: deleteProvider },
  { provider: 'enos', operation: 'cancel', handler: cancelProvider },
  { provider: 'alibaba', operation: 'restore', handler: alibabaRestoreProvider },
  { provider: 'enos', operation: 'restore', handler: enosRestoreProvider }
]

/** Every operation on offer, each once, in registry order. */
export const OPERATIONS: readonly string[] = [...new Set(REGISTRY.map((r) => r.operation))]

/** The registration of one provider's operation. */
export function registrationFor(
  operation: string,
  provider: string,
  registry: readonly Registration[] = REGISTRY
): Registration {
  const found = registry.find((r) => r.operation === operation && r.provider === provider)
  if (!found) throw new Error(`provider '${provider}' offers no operation '${operation}'`)
  return found
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
  secretInputs: [...new Set(REGISTRY.flatMap((r) => r.handler.secretInputs))],
  inputsOf: (operation, source) => {
    const { provider, handler } = chooseRegistration(operation, source)
    return { provider, inputs: handler }
  },
  reads: (operation, input) => REGISTRY.some((r) => r.operation === operation && r.handler.inputs.includes(input))
}
