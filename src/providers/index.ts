/**
 * The registry: one entry per provider and operation, so that two providers may offer the same
 * operation (restore, say) and a provider many. Adding one is a handler in the provider's folder
 * and a line here; nothing in run/, report/ or config/ changes.
 */
import type { InputCatalogue } from '../config/inputs.js'
import { deleteProvider } from './alibaba/index.js'
import type { AnyProvider } from './contract.js'
import { cancelProvider } from './enos/index.js'

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
  { provider: 'enos', operation: 'cancel', handler: cancelProvider }
]

/** Every operation on offer, each once, in registry order. */
export const OPERATIONS: readonly string[] = [...new Set(REGISTRY.map((r) => r.operation))]

/**
 * The registration of an operation. Today each operation has one provider; an operation that two
 * offer will need the user to say which, and this is where that choice is made.
 */
export function registrationFor(operation: string, registry: readonly Registration[] = REGISTRY): Registration {
  const offered = registry.filter((r) => r.operation === operation)
  if (offered.length !== 1) {
    throw new Error(
      offered.length === 0
        ? `no provider for operation '${operation}'`
        : `operation '${operation}' is offered by ${offered.map((r) => r.provider).join(' and ')}`
    )
  }
  return offered[0]!
}

/** The handler of an operation (the inputs have already checked that there is one). */
export function providerFor(operation: string): AnyProvider {
  return registrationFor(operation).handler
}

/** What parsing the inputs needs of the registry (config/ knows no provider). */
export const INPUT_CATALOGUE: InputCatalogue = {
  operations: OPERATIONS,
  secretInputs: [...new Set(REGISTRY.flatMap((r) => r.handler.secretInputs))],
  inputsOf: (operation) => registrationFor(operation).handler
}
