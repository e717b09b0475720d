/**
 * Serverless Workflow (fnf) regions and endpoints, from the endpoint table:
 * https://help.aliyun.com/en/document_detail/2590630.html
 */

/** Regions with a documented public fnf endpoint. */
export const FNF_PUBLIC_REGIONS: readonly string[] = [
  'cn-hangzhou',
  'cn-shanghai',
  'cn-beijing',
  'cn-shenzhen',
  'cn-qingdao',
  'ap-southeast-1',
  'us-west-1'
]

/** Region ids look like cn-hangzhou, ap-southeast-1, cn-hangzhou-finance. */
export const REGION_PATTERN = /^[a-z]{2,}(?:-[a-z0-9]+){1,4}$/

export function isKnownFnfRegion(region: string): boolean {
  return FNF_PUBLIC_REGIONS.includes(region)
}

/** `https://<region>.fnf.aliyuncs.com`, the form the endpoint table documents for every region. */
export function fnfEndpointForRegion(region: string): URL {
  return new URL(`https://${region}.fnf.aliyuncs.com/`)
}

/** A manifest's region: its location when that is a region whose public endpoint its run used, else ''. */
export function manifestRegion(location: string, endpoint: string): string {
  return REGION_PATTERN.test(location) && fnfEndpointForRegion(location).href === endpoint ? location : ''
}

/** Where the flows are, as results say it: the region, or the endpoint's host. */
export function flowLocation(settings: { region: string; endpoint: URL }): string {
  // Where the requests go: the region, unless `endpoint` sends them elsewhere.
  if (settings.region && settings.endpoint.href === fnfEndpointForRegion(settings.region).href) return settings.region
  return settings.endpoint.host
}
