// proxy-from-env 2 ships no types; this is its one function.
declare module 'proxy-from-env' {
  /** The proxy URL for `url` from *_PROXY / NO_PROXY (lower case first), or '' for a direct connection. */
  export function getProxyForUrl(url: string | URL): string
}
