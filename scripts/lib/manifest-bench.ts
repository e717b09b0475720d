/**
 * npm run bench, section 7: writing a manifest of 1,000 flows with 100 KiB definitions, as a
 * teardown of a large region would, through the same writer and redaction main.ts uses (three
 * secrets registered), to a file on disk; time and the process's peak memory.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { MANIFEST_FORMAT, MANIFEST_VERSION, ManifestWriter, readManifest } from '../../src/report/manifest.js'
import { SecretRegistry } from '../../src/safety/secrets.js'

const FLOWS = 1000
const DEFINITION_BYTES = 100 * 1024

/** A flow definition of about `bytes`: FDL-like lines, words and white space, as real ones are. */
function definition(i: number, bytes: number): string {
  const step = `  - type: task\n    name: step-${i}\n    resourceArn: acs:fc:cn-hangzhou:123:services/svc/functions/fn-${i}\n`
  return `version: v1\ntype: flow\nsteps:\n${step.repeat(Math.ceil(bytes / step.length))}`.slice(0, bytes)
}

export function manifestCosts(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-manifest-bench-'))
  const file = path.join(dir, 'manifest.jsonl')
  const secrets = new SecretRegistry()
  for (const secret of [
    'fake-access-key-id-for-the-bench',
    'fake-access-key-secret-for-the-bench-0123',
    'fake-sts-token-for-the-bench'
  ])
    secrets.add(secret)
  const rssBefore = process.resourceUsage().maxRSS
  const fd = fs.openSync(file, 'wx')
  const started = performance.now()
  const writer = new ManifestWriter(
    (line) => void fs.writeSync(fd, line),
    (text) => secrets.redact(text)
  )
  writer.write({
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    operation: 'delete',
    provider: 'alibaba',
    location: 'cn-hangzhou',
    endpoint: 'https://cn-hangzhou.fnf.aliyuncs.com/',
    selectors: { 'flow-name-pattern': ['*'] },
    dryRun: false,
    startedAt: new Date().toISOString()
  })
  for (let i = 0; i < FLOWS; i++) {
    const name = `flow-${i}`
    writer.found(name, { service: { Name: name, Definition: definition(i, DEFINITION_BYTES), Type: 'FDL' } })
    writer.changed(name, { action: 'DeleteFlow', outcome: 'done', requestId: `R-${i}` })
  }
  writer.write({ type: 'end', status: 'deleted', finishedAt: new Date().toISOString() })
  fs.closeSync(fd)
  const writeMs = performance.now() - started
  const rssAfterWrite = process.resourceUsage().maxRSS
  const readStarted = performance.now()
  const read = readManifest(fs.readFileSync(file, 'utf8'))
  const readMs = performance.now() - readStarted
  const records = 'problem' in read ? 0 : read.records.length
  const size = fs.statSync(file).size
  fs.rmSync(dir, { recursive: true, force: true })
  console.log(
    `\n## 7. The manifest of a large teardown\n\n` +
      `${FLOWS} flows with ${DEFINITION_BYTES / 1024} KiB definitions, written line by line through the redaction (3 secrets), in-process:\n`
  )
  console.log('| file | write (ms) | read back (ms) | records | peak RSS before → after writing (MiB) |')
  console.log('|---:|---:|---:|---:|---|')
  console.log(
    `| ${(size / 1024 / 1024).toFixed(0)} MiB | ${writeMs.toFixed(0)} | ${readMs.toFixed(0)} | ${records} | ${(rssBefore / 1024).toFixed(0)} → ${(rssAfterWrite / 1024).toFixed(0)} |`
  )
}
