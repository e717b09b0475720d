/**
 * Runs one operation over many targets: every target is attempted even when others fail, and
 * results come back in input order. One after another for now.
 */
export async function forEachTarget<T, R>(
  targets: readonly T[],
  run: (target: T, index: number) => Promise<R>
): Promise<R[]> {
  const results: R[] = []
  for (const [index, target] of targets.entries()) {
    results.push(await run(target, index))
  }
  return results
}
