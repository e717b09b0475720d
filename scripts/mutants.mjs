// npm run mutants: break one behaviour at a time by hand and show that a test catches it. Each
// mutant replaces one piece of src/ (the original is put back whatever happens), runs the tests
// that name the behaviour, and must make them fail. A mutant the tests let live is a test that
// proves nothing: the script says so and exits 1.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const MUTANTS = [
  {
    what: 'an EnOS listing ends on data.count again',
    file: 'src/providers/enos/selection.ts',
    from: 'next: instances.length > 0 ? String(pageNo + 1) : undefined',
    to: 'next: instances.length > 0 && (page.value.count ?? 0) > found.length ? String(pageNo + 1) : undefined',
    tests: ['__tests__/integration/providers/enos/selection.test.ts']
  },
  {
    what: 'a page that brings nothing new no longer stops a listing',
    file: 'src/http/paging.ts',
    from: 'nothingNew: key !== undefined && page.items.length > 0 && fresh === 0',
    to: 'nothingNew: false',
    tests: ['__tests__/unit/http/paging.test.ts']
  },
  {
    what: 'executions still Starting are not listed',
    file: 'src/providers/alibaba/dependent-listings.ts',
    from: "export const ACTIVE_EXECUTION_STATUSES = ['Starting', 'Running'] as const",
    to: "export const ACTIVE_EXECUTION_STATUSES = ['Running'] as const",
    tests: ['__tests__/integration/providers/alibaba/teardown.test.ts']
  },
  {
    what: 'max-targets no longer counts what the search after Disable Flow finds',
    file: 'src/run/operation.ts',
    from: 'if (selected.length + more.length > maxTargets) {',
    to: 'if (selected.length > maxTargets) {',
    tests: ['__tests__/integration/providers/enos/selection.test.ts']
  },
  {
    what: 'a message is shortened before it is redacted',
    file: 'src/http/exchange.ts',
    from: 'shorten(deps.redact(result.failure.message), MAX_FAILURE_MESSAGE)!',
    to: 'deps.redact(shorten(result.failure.message, MAX_FAILURE_MESSAGE)!)',
    tests: ['__tests__/unit/http/exchange.test.ts']
  },
  {
    what: 'echoes in base64 are no longer redacted',
    file: 'src/safety/secrets.ts',
    from: '      ...base64Pieces(secret)\n',
    to: '\n',
    tests: ['__tests__/unit/safety/secrets.test.ts']
  },
  {
    what: 'a cut may fall inside ***',
    file: 'src/safety/untrusted.ts',
    from: "while (end > 0 && text[end] === '*' && text[end - 1] === '*') end--",
    to: '',
    tests: ['__tests__/unit/report/wording.test.ts']
  },
  {
    what: 'requests in flight are aborted at once instead of after the grace',
    file: 'src/http/cancellation.ts',
    from: 'setTimeout(() => this.inFlight.abort(reason), this.graceMs).unref()',
    to: 'this.inFlight.abort(reason)',
    tests: ['__tests__/unit/http/cancellation.test.ts']
  },
  {
    what: 'a glob run is searched from the wrong place',
    file: 'src/providers/alibaba/glob.ts',
    from: 'let at = glob.head.length',
    to: 'let at = 0',
    tests: ['__tests__/unit/providers/alibaba/glob.test.ts']
  },
  {
    what: 'the results output loses a detail’s count',
    file: 'src/report/outputs.ts',
    from: '[d.doneKey, d.done] as const',
    to: '[d.doneKey, 0] as const',
    tests: [
      '__tests__/unit/providers/alibaba/delete-flow.test.ts',
      '__tests__/repository/action-yml.test.ts',
      '__tests__/unit/report/outputs.test.ts'
    ]
  },
  {
    what: 'a cancelled run forgets what it was doing',
    file: 'src/run/targets.ts',
    from: 'return { results: [...results, ...found], ...outcome, interruptedWhile: this.phase }',
    to: 'return { results, ...outcome }',
    tests: ['__tests__/unit/run/targets.test.ts']
  },
  {
    what: 'a flow whose backup could not be read is deleted anyway',
    file: 'src/providers/alibaba/backup.ts',
    from: "      return { result: backupFailed(name, settings, 'DescribeFlow', described, tally) }",
    to: '      return undefined',
    tests: ['__tests__/integration/providers/alibaba/backup.test.ts']
  },
  {
    what: 'a flow’s backup is read but never put in the manifest',
    file: 'src/providers/alibaba/backup.ts',
    from: '  const redacted = record.found(name, service ? { service } : {})',
    to: '  const redacted: string[] = []',
    tests: ['__tests__/integration/providers/alibaba/backup.test.ts']
  },
  {
    what: 'an "already finished" StopExecution in other words fails the flow',
    file: 'src/providers/alibaba/dependents.ts',
    from: 'goneInOtherWords: (failure) => saysNotFound(failure) || saysAlreadyEnded(failure),',
    to: 'goneInOtherWords: saysNotFound,',
    tests: ['__tests__/integration/providers/alibaba/teardown.test.ts']
  },
  {
    what: 'a reviewed plan no longer checks LastModifiedTime',
    file: 'src/providers/alibaba/backup.ts',
    from: '  else if (planned.lastModifiedTime !== lastModifiedTime)',
    to: '  else if (false)',
    tests: ['__tests__/integration/providers/alibaba/plan.test.ts']
  },
  {
    what: 'a restore overwrites nothing, but counts a flow there already as restored',
    file: 'src/providers/alibaba/restore-flow.ts',
    from: "status: created ? 'done' : 'exists',",
    to: "status: 'done',",
    tests: ['__tests__/integration/providers/alibaba/restore.test.ts']
  },
  {
    what: 'a cancel’s restore enables flows that were paused before the run',
    file: 'src/providers/enos/restore.ts',
    from: "    if (active === 1 || active === '1') enable.push(flowId)\n    else if (active === 0 || active === '0') paused.push(flowId)",
    to: "    if (active !== undefined) enable.push(flowId)\n    else if (active === 0 || active === '0') paused.push(flowId)",
    tests: ['__tests__/unit/providers/enos/restore-inputs.test.ts']
  },
  {
    what: "a sweep's ages are measured on the runner's clock",
    file: 'src/providers/alibaba/selection.ts',
    from: 'sweep.measureAt(success.serviceTime, client.serviceNow())',
    to: 'sweep.measureAt(client.now(), client.now())',
    tests: ['__tests__/integration/providers/alibaba/sweep.test.ts']
  },
  {
    what: 'flow times are compared as text',
    file: 'src/providers/alibaba/sweep.ts',
    from: 'return at < cutoff ? undefined : tooRecent',
    to: 'return String(raw) < new Date(cutoff).toISOString() ? undefined : tooRecent',
    tests: ['__tests__/integration/providers/alibaba/sweep.test.ts']
  },
  {
    what: 'a flow with no CreatedTime is swept instead of kept',
    file: 'src/providers/alibaba/sweep.ts',
    from: "if (raw === undefined || raw === null || raw === '') return `with no ${field}`",
    to: "if (raw === undefined || raw === null || raw === '') return undefined",
    tests: ['__tests__/integration/providers/alibaba/sweep.test.ts']
  },
  {
    what: 'exclude-pattern is ignored by the sweep',
    file: 'src/providers/alibaba/sweep.ts',
    from: 'const exclusion = this.excluded?.matching(name)[0]',
    to: 'const exclusion = undefined as string | undefined',
    tests: ['__tests__/integration/providers/alibaba/sweep.test.ts']
  },
  {
    what: 'a page too large to read is not asked for again smaller',
    file: 'src/providers/alibaba/selection.ts',
    from: 'if (failure?.code === RESPONSE_TOO_LARGE && limit > 1 && !outcome.interrupted) {',
    to: 'if (false) {',
    tests: ['__tests__/integration/providers/alibaba/sweep.test.ts']
  },
  {
    what: 'the kept flows are not recorded in the manifest',
    file: 'src/providers/alibaba/selection.ts',
    from: '  kept.record(record)\n',
    to: '\n',
    tests: ['__tests__/integration/providers/alibaba/sweep.test.ts']
  },
  {
    what: 'a pattern of wildcards alone is no longer refused',
    file: 'src/providers/alibaba/target-inputs.ts',
    from: 'if (wide !== undefined && !olderThan && !unchangedFor && !resourceGroup) {',
    to: 'if (false) {',
    tests: ['__tests__/unit/providers/alibaba/sweep-inputs.test.ts']
  },
  {
    what: "EnOS start times are read as UTC, not in the gateway's zone",
    file: 'src/providers/enos/gateway-clock.ts',
    from: 'parseEnosTime(instance.startTime, clock.zoneMinutes)',
    to: 'parseEnosTime(instance.startTime, 0)',
    tests: ['__tests__/integration/providers/enos/running-longer-than.test.ts']
  },
  {
    what: "the EnOS search window ends at the runner's now, not the gateway's",
    file: 'src/providers/enos/selection.ts',
    from: 'const to = clock ? gatewayNow : client.now()',
    to: 'const to = client.now()',
    tests: ['__tests__/integration/providers/enos/running-longer-than.test.ts']
  },
  {
    what: 'a Date header far from the clock that accepted the request is trusted for ages',
    file: 'src/providers/alibaba/selection.ts',
    from: 'if (told === undefined || Math.abs(told - signedWith) <= ACCEPTED_SKEW_MS) return undefined',
    to: 'return undefined',
    tests: ['__tests__/integration/providers/alibaba/sweep.test.ts']
  },
  // Trust the safety net (issue 27).
  {
    what: 'a manifest’s own endpoint is used when the workflow gives none',
    file: 'src/providers/alibaba/inputs.ts',
    from: "  if (chosen === '' && from) {",
    to: "  if (chosen === '' && from) return new URL(from.endpoint)\n  if (false) {",
    tests: ['__tests__/unit/providers/alibaba/restore-inputs.test.ts']
  },
  {
    what: 'an EnOS restore goes to the manifest’s gateway',
    file: 'src/providers/enos/inputs.ts',
    from: "  if (apigwRaw === '' && fromManifest) {",
    to: '  if (false) {',
    tests: ['__tests__/unit/providers/enos/restore-inputs.test.ts']
  },
  {
    what: 'a redacted field is not marked in the manifest',
    file: 'src/report/manifest.ts',
    from: '    return changed.length > 0 ? changed : Object.keys(fields)',
    to: '    return []',
    tests: ['__tests__/integration/providers/alibaba/backup.test.ts']
  },
  {
    what: 'a restore creates a flow whose saved fields hold a redaction',
    file: 'src/providers/alibaba/restore-flow.ts',
    from: '  if (flow.redacted) {',
    to: '  if (false) {',
    tests: ['__tests__/integration/providers/alibaba/restore.test.ts']
  },
  {
    what: 'a restore takes someone else’s flow of the same name for its own',
    file: 'src/providers/alibaba/restore-name.ts',
    from: '    if (id !== flow.id) {',
    to: '    if (false) {',
    tests: ['__tests__/integration/providers/alibaba/restore.test.ts']
  },
  {
    what: 'a restore does not wait out a pending delete',
    file: 'src/providers/alibaba/restore-name.ts',
    from: '    if (!flow.maybeDeleted) {',
    to: '    if (true) {',
    tests: ['__tests__/integration/providers/alibaba/restore.test.ts']
  },
  {
    what: 'a plan is applied with the run’s delete-schedules instead of its own',
    file: 'src/providers/alibaba/plan.ts',
    from: '  return planned\n',
    to: '  return given\n',
    tests: ['__tests__/unit/providers/alibaba/restore-inputs.test.ts']
  },
  {
    what: 'a schedule added since the plan is deleted with its flow',
    file: 'src/providers/alibaba/dependents.ts',
    from: '  if (unseen.length > 0) return { ...listed, removed: 0, unseen }',
    to: '',
    tests: ['__tests__/integration/providers/alibaba/plan.test.ts']
  },
  {
    what: 'a refused signature on the backup is reported as BackupFailed',
    file: 'src/providers/alibaba/backup.ts',
    from: '  if (isCredentialFailure(failure.code)) {',
    to: '  if (false) {',
    tests: ['__tests__/integration/providers/alibaba/backup.test.ts']
  },
  {
    what: 'disable-flow without flow-id is ignored',
    file: 'src/providers/enos/target-inputs.ts',
    from: '  if (disableFlow && flowIds.length === 0) {',
    to: '  if (false) {',
    tests: ['__tests__/unit/config/undeclared-inputs.test.ts']
  },
  {
    what: 'a credential too short to mask is accepted',
    file: 'src/config/input-rules.ts',
    from: "  if (value !== '' && value.length < MIN_CREDENTIAL_LENGTH) {",
    to: '  if (false) {',
    tests: ['__tests__/unit/config/undeclared-inputs.test.ts']
  },
  // When the vendors' docs disagree, be right either way (issue 28).
  {
    what: 'a search skips page 0 (a 0-based gateway’s first page is never read)',
    file: 'src/providers/enos/selection.ts',
    from: '    const zeroth = counted(tally, await searchPageNo(0))',
    to: '    const zeroth = counted(tally, await searchPageNo(1))',
    tests: ['__tests__/integration/providers/enos/readings.test.ts']
  },
  {
    what: 'a 1-based gateway refusing page 0 fails the search',
    file: 'src/providers/enos/selection.ts',
    from: '    if (!zeroth.result.ok && !(zeroth.result.failure.code === INVALID_PARAMETER && !zeroth.interrupted)) {',
    to: '    if (!zeroth.result.ok) {',
    tests: ['__tests__/integration/providers/enos/readings.test.ts']
  },
  {
    what: 'a total the pages do not meet is not noticed',
    file: 'src/providers/enos/selection.ts',
    from: '    if (total > ofType.size) {',
    to: '    if (false) {',
    tests: ['__tests__/integration/providers/enos/readings.test.ts']
  },
  {
    what: 'a search sends camelCase sort fields again',
    file: 'src/providers/enos/request.ts',
    from: '      pagination: { pageNo: search.pageNo, pageSize: SEARCH_PAGE_SIZE }',
    to: "      pagination: { pageNo: search.pageNo, pageSize: SEARCH_PAGE_SIZE, sorters: [{ field: 'triggerTime', order: 'ASC' }] }",
    tests: ['__tests__/integration/providers/enos/readings.test.ts']
  },
  {
    what: 'a startTime earlier than its trigger time is trusted',
    file: 'src/providers/enos/gateway-clock.ts',
    from: '    const early = triggered !== undefined && started < triggered',
    to: '    const early = false',
    tests: ['__tests__/integration/providers/enos/readings.test.ts']
  },
  {
    what: 'the gateway’s clock is trusted however far off',
    file: 'src/providers/enos/gateway-clock.ts',
    from: '  if (Math.abs(serverNow - readAt) > CLOCK_AGREEMENT_MS) {',
    to: '  if (false) {',
    tests: ['__tests__/integration/providers/enos/readings.test.ts']
  },
  {
    what: '62102 from a search names flow-instance-id',
    file: 'src/providers/enos/errors.ts',
    from: "  if (code === '62102' && action === 'ListFlowInstances') {",
    to: '  if (false) {',
    tests: ['__tests__/integration/providers/enos/readings.test.ts']
  },
  {
    what: 'a CreateFlow over 1,024 KiB is sent',
    file: 'src/providers/alibaba/restore-flow.ts',
    from: '  if (size > MAX_REQUEST_BYTES) {',
    to: '  if (false) {',
    tests: ['__tests__/integration/providers/alibaba/restore.test.ts']
  }
]

let lived = 0
for (const mutant of MUTANTS) {
  const file = path.join(root, mutant.file)
  const original = fs.readFileSync(file, 'utf8')
  if (!original.includes(mutant.from)) {
    console.log(`✗ ${mutant.what}: ${mutant.file} no longer holds the line this mutant changes; update it`)
    lived++
    continue
  }
  try {
    fs.writeFileSync(file, original.replace(mutant.from, mutant.to))
    const run = spawnSync(process.execPath, [path.join(root, 'node_modules/jest/bin/jest.js'), ...mutant.tests], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules', NODE_NO_WARNINGS: '1' },
      encoding: 'utf8'
    })
    const failed = /Tests:\s+(\d+) failed/.exec(run.stderr)?.[1]
    if (run.status !== 0 && failed) console.log(`✓ caught (${failed} failed): ${mutant.what}`)
    else {
      console.log(`✗ LIVED: ${mutant.what} (${mutant.tests.join(', ')} still pass)`)
      lived++
    }
  } finally {
    fs.writeFileSync(file, original)
  }
}
console.log(`${MUTANTS.length - lived} of ${MUTANTS.length} mutants caught`)
process.exit(lived > 0 ? 1 : 0)
