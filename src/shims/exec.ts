/**
 * Bundling stand-in for @actions/exec (tsconfig "paths" points the bundler here). @actions/core
 * imports it at start-up only for platform.getDetails(), which flow-ops never calls; the real
 * module (child_process, @actions/io) is loaded if it ever is. Tests and type checks see the real
 * package.
 */
export async function getExecOutput(
  ...args: Parameters<typeof import('../../node_modules/@actions/exec/lib/exec.js').getExecOutput>
): ReturnType<typeof import('../../node_modules/@actions/exec/lib/exec.js').getExecOutput> {
  const real = await import('../../node_modules/@actions/exec/lib/exec.js')
  return real.getExecOutput(...args)
}
