/**
 * Proxies as self-hosted runners set them: HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY, in
 * upper or lower case (lower case wins), read by proxy-from-env. node-fetch ignores them unless
 * given an agent, so send.ts asks here which proxy, if any, a URL goes through.
 */
import { getProxyForUrl } from 'proxy-from-env'

const PROXY_VARIABLES = ['https_proxy', 'http_proxy', 'all_proxy']

/** The proxy for `url`, or '' when it goes direct (no proxy set, or NO_PROXY matches). */
export function proxyFor(url: string): string {
  return getProxyForUrl(url)
}

/** A proxy URL fit for a log: no user name or password. */
export function redactProxyUrl(proxy: string): string {
  try {
    const url = new URL(proxy)
    url.username = ''
    url.password = ''
    return url.href.replace(/\/$/, '')
  } catch {
    return '(a proxy URL that cannot be read)'
  }
}

/** Passwords in the environment's proxy URLs (raw and decoded), to be masked before anything is logged. */
export function proxyPasswords(env: Readonly<Record<string, string | undefined>>): string[] {
  const secrets = new Set<string>()
  for (const name of PROXY_VARIABLES.flatMap((v) => [v, v.toUpperCase()])) {
    const value = env[name]
    if (!value) continue
    try {
      const url = new URL(value.includes('://') ? value : `http://${value}`)
      if (url.password) {
        secrets.add(url.password)
        secrets.add(decodeURIComponent(url.password))
      }
    } catch {
      // not a URL: nothing to find
    }
  }
  return [...secrets]
}

/**
 * The proxy variable proxy-from-env would use for `url`, in its order: `<scheme>_proxy` (lower
 * case first), then `all_proxy`; NO_PROXY aside.
 */
export function proxyVariableFor(
  url: URL,
  env: Readonly<Record<string, string | undefined>>
): { name: string; value: string } | undefined {
  const scheme = url.protocol.replace(/:$/, '')
  for (const base of [`${scheme}_proxy`, 'all_proxy']) {
    for (const name of [base, base.toUpperCase()]) {
      const value = env[name]
      if (value) return { name, value }
    }
  }
  return undefined
}

/** What is wrong with a proxy URL as https-proxy-agent would read it, or undefined when it is usable. */
export function proxyUrlProblem(value: string, scheme: string): string | undefined {
  let url: URL
  try {
    url = new URL(value.includes('://') ? value : `${scheme}://${value}`)
  } catch {
    return 'is not a URL'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `uses ${url.protocol.replace(/:$/, '')}://; only http:// and https:// proxies are supported`
  }
  if (url.hostname === '') return 'has no host'
  return undefined
}
