/** A manifest header as a delete by pattern in cn-hangzhou writes it: the tests of the writer and the reader start from it. */
import {
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  ManifestWriter,
  type ManifestHeader,
  type ManifestRecord
} from '../../src/report/manifest.js'

export const DELETE_HEADER: ManifestHeader = {
  format: MANIFEST_FORMAT,
  version: MANIFEST_VERSION,
  operation: 'delete',
  provider: 'alibaba',
  location: 'cn-hangzhou',
  endpoint: 'https://cn-hangzhou.fnf.aliyuncs.com/',
  selectors: { 'flow-name-pattern': ['pr-7-*'] },
  dryRun: false,
  startedAt: '2026-12-03T09:00:00.000Z'
}

/** A manifest writer that keeps each record it writes, parsed, after `redact` (none, unless given). */
export function recordedManifest(redact: (text: string) => string = (t) => t): {
  records: ManifestRecord[]
  manifest: ManifestWriter
} {
  const records: ManifestRecord[] = []
  const manifest = new ManifestWriter((line) => void records.push(JSON.parse(line) as ManifestRecord), redact)
  return { records, manifest }
}
