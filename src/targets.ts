/**
 * Runs one operation over many targets: at most `concurrency` at a time, every target attempted
 * even when others fail, results in input order.
 */
export async function forEachTarget<T, R>(
  targets: readonly T[],
  concurrency: number,
  run: (target: T, index: number) => Promise<R>
): Promise<R[]> {
  const results = new Array<R>(targets.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const index = next++
      results[index] = await run(targets[index]!, index)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, targets.length)) }, worker))
  return results
}
