/**
 * npm run bench, section 7: writing a manifest of 1,000 flows with 100 KiB definitions, as a
 * teardown of a large region would, through the same writer and redaction main.ts uses (three
 * secrets registered), to a file on disk; time and the process's peak memory. Then restoring it:
 * dist/index.js with operation restore against the fnf emulator (no rate limit, so what is timed
 * is the action's own cost), its wall time and peak RSS (GNU time), and what the service's
 * documented budget would make of the same calls.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { EMULATOR_DEFAULT_ACCOUNT, FnfEmulator } from '../../emulators/fnf-emulator.js'
import { MANIFEST_FORMAT, MANIFEST_VERSION, ManifestWriter } from '../../src/report/manifest.js'
import { readManifest } from '../../src/report/manifest-read.js'
import { SecretRegistry } from '../../src/safety/secrets.js'
import { runAction } from './run-action.js'

const FLOWS = 1000
const DEFINITION_BYTES = 100 * 1024

/** A flow definition of about `bytes`: FDL-like lines, words and white space, as real ones are. */
function definition(i: number, bytes: number): string {
  const step = `  - type: task\n    name: step-${i}\n    resourceArn: acs:fc:cn-hangzhou:123:services/svc/functions/fn-${i}\n`
  return `version: v1\ntype: flow\nsteps:\n${step.repeat(Math.ceil(bytes / step.length))}`.slice(0, bytes)
}

const TIME = '/usr/bin/time'

export async function manifestCosts(): Promise<void> {
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
    endpoint: 'http://127.0.0.1:1/',
    selectors: { 'flow-name-pattern': ['*'] },
    dryRun: false,
    startedAt: new Date().toISOString()
  })
  for (let i = 0; i < FLOWS; i++) {
    const name = `flow-${i}`
    writer.found(name, {
      service: { Name: name, Definition: definition(i, DEFINITION_BYTES), Description: `flow ${i}`, Type: 'FDL' }
    })
    writer.dependents(name, 'schedules', [{ ScheduleName: 'nightly', CronExpression: '0 0 2 * * *', Enable: true }])
    writer.changed(name, { action: 'DeleteSchedule', subject: "schedule 'nightly'", outcome: 'done' })
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
  console.log(
    `\n## 7. The manifest of a large teardown\n\n` +
      `${FLOWS} flows with ${DEFINITION_BYTES / 1024} KiB definitions, written line by line through the redaction (3 secrets), in-process:\n`
  )
  console.log('| file | write (ms) | read back (ms) | records | peak RSS before → after writing (MiB) |')
  console.log('|---:|---:|---:|---:|---|')
  console.log(
    `| ${(size / 1024 / 1024).toFixed(0)} MiB | ${writeMs.toFixed(0)} | ${readMs.toFixed(0)} | ${records} | ${(rssBefore / 1024).toFixed(0)} → ${(rssAfterWrite / 1024).toFixed(0)} |`
  )
  try {
    await restoreCosts(file)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** dist/index.js restoring the manifest at `file` into a fresh fnf emulator: wall time, peak RSS, calls. */
async function restoreCosts(file: string): Promise<void> {
  const emulator = await new FnfEmulator().start()
  // The manifest names a port nothing listens on: the restore is pointed at the emulator by `endpoint`.
  const text = fs.readFileSync(file, 'utf8')
  fs.writeFileSync(file, text.replace('http://127.0.0.1:1/', emulator.url.replace(/\/?$/, '/')))
  try {
    const haveTime = fs.existsSync(TIME)
    const run = await runAction(
      {
        operation: 'restore',
        'from-manifest': file,
        'access-key-id': EMULATOR_DEFAULT_ACCOUNT.accessKeyId,
        'access-key-secret': EMULATOR_DEFAULT_ACCOUNT.accessKeySecret
      },
      { prefix: haveTime ? [TIME, '-f', '%M'] : [], timeoutMs: 600_000 }
    )
    const peakKiB = haveTime ? Number(run.stderr.trim().split('\n').pop()) : Number.NaN
    const calls = emulator.requests.length
    const restored = emulator.flows.length
    console.log(
      `\nRestoring it: \`operation: restore\` through dist/index.js against the fnf emulator (no rate limit; concurrency 8):\n`
    )
    console.log(
      '| exit | flows restored | calls | wall (s) | peak RSS (MiB) | the same calls at the documented 2 a second |'
    )
    console.log('|---:|---:|---:|---:|---:|---:|')
    console.log(
      `| ${run.code} | ${restored} | ${calls} | ${(run.durationMs / 1000).toFixed(1)} | ${Number.isNaN(peakKiB) ? 'unknown' : (peakKiB / 1024).toFixed(0)} | ${Math.round((calls - 10) / 2 + 0.5)} s |`
    )
  } finally {
    await emulator.stop()
  }
}
