/**
 * RFC 3986 percent-encoding, as Alibaba Cloud's signers use it and as a service may echo a secret
 * (secrets.ts looks for that form): unreserved characters
 * (A-Z a-z 0-9 - _ . ~) stay, everything else is UTF-8 encoded as %XY with upper-case hex.
 * encodeURIComponent leaves ! ' ( ) * alone, so those are encoded here by hand.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
}

/** `k1=v1&k2=v2`, keys sorted by code unit (the order Alibaba's SDKs sort in), both sides encoded. */
export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key] ?? '')}`)
    .join('&')
}
