/**
 * Bundling stand-in for undici (tsconfig "paths" points the bundler here). @actions/core reaches
 * undici only through http-client's getAgentDispatcher and @actions/github only through
 * getProxyFetch; flow-ops calls neither, and evaluating undici would add tens of milliseconds to
 * every run's start. Tests and type checks still see the real package.
 */
function notBundled(): never {
  throw new Error('undici is not bundled into flow-ops (see src/shims/undici.ts)')
}

export class ProxyAgent {
  constructor() {
    notBundled()
  }
}

export function fetch(): never {
  return notBundled()
}
