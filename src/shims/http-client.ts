/**
 * Bundling stand-in for @actions/http-client (tsconfig "paths" points the bundler here).
 * @actions/core imports it at start-up only for getIDToken, which needs it in keyless runs alone;
 * the real client (with `tunnel` and its proxy machinery) is loaded the first time it is used.
 * This covers what core's OIDC client uses: the constructor and getJson. Tests and type checks
 * see the real package.
 */
import type { HttpClient as RealHttpClient } from '../../node_modules/@actions/http-client/lib/index.js'

type Handlers = ConstructorParameters<typeof RealHttpClient>[1]
type Options = ConstructorParameters<typeof RealHttpClient>[2]

export class HttpClient {
  constructor(
    private readonly userAgent?: string,
    private readonly handlers?: Handlers,
    private readonly options?: Options
  ) {}

  async getJson<T>(
    ...args: Parameters<RealHttpClient['getJson']>
  ): Promise<Awaited<ReturnType<RealHttpClient['getJson']>> & { result: T | null }> {
    const { HttpClient: Real } = await import('../../node_modules/@actions/http-client/lib/index.js')
    return new Real(this.userAgent, this.handlers, this.options).getJson<T>(...args)
  }
}
