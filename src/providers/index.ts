/** Where operations are chosen: one line per provider. */
import { deleteProvider } from './alibaba/index.js'
import { cancelProvider } from './enos/index.js'
import type { AnyProvider } from './contract.js'

export const PROVIDERS: readonly AnyProvider[] = [deleteProvider, cancelProvider]

/** The provider of an operation (inputs.ts has already checked that there is one). */
export function providerFor(operation: string): AnyProvider {
  const provider = PROVIDERS.find((p) => p.operation === operation)
  if (!provider) throw new Error(`no provider for operation '${operation}'`)
  return provider
}
