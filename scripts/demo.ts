/**
 * npm run demo: the built action end to end against the local emulators of both APIs. Starts both
 * (fnf and the EnOS gateway) on free loopback ports, runs dist/index.js as the runner would for
 * successes and failures of both operations, prints what a user would see (the log as the Actions
 * page renders it, the outputs, the job summary), and stops them. DEMO_RAW=1 prints the raw
 * stream the runner reads instead of the rendered log.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ENOS_EMULATOR_USER, EnosEmulator } from '../emulators/enos-emulator.js'
import { FnfEmulator } from '../emulators/fnf-emulator.js'
import { ROOT, runAction, type ActionRun } from './lib/run-action.js'
import { renderRunnerLog } from './lib/runner-log.js'

const RAW = process.env['DEMO_RAW'] === '1'

const DEMO_ACCOUNT = { accessKeyId: 'demo-access-key-id', accessKeySecret: 'demo-access-key-secret' }
const DEMO_APP = { appKey: 'demo-app-key', appSecret: 'demo-app-secret' }
const OTHER_USER = { userId: 'u-someone-else', orgId: ENOS_EMULATOR_USER.orgId }

function section(title: string): void {
  console.log(`\n${'='.repeat(78)}\n${title}\n${'='.repeat(78)}`)
}

/** The job summary is HTML; show it as plain text rows. */
function summaryAsText(html: string): string {
  return html
    .replace(/<\/t[hd]>/g, ' | ')
    .replace(/<\/tr>/g, '\n')
    .replace(/<\/(h\d|p|li)>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .trim()
}

function show(run: ActionRun): void {
  console.log(
    `--- step log, ${RAW ? 'the raw stream the runner reads' : 'as the Actions page shows it'} (exit code ${run.code}, ${run.durationMs} ms) ---`
  )
  process.stdout.write(RAW ? run.stdout : renderRunnerLog(run.stdout))
  if (run.stderr) process.stdout.write(`--- stderr ---\n${run.stderr}`)
  console.log('--- outputs ---')
  for (const [name, value] of Object.entries(run.outputs)) console.log(`${name}: ${value}`)
  console.log('--- job summary ---')
  console.log(summaryAsText(run.summary))
}

async function main(): Promise<number> {
  console.log(
    `Starting both local emulators (Serverless Workflow's fnf API, and an EnOS API gateway), then running dist/index.js against them as the runner would. Step logs are shown ${RAW ? 'raw (DEMO_RAW=1): workflow commands such as ::add-mask:: and ::debug:: as the runner reads them' : 'as the Actions page renders them: ::add-mask:: and ::debug:: lines hidden, masked values as ***, annotations as Error:/Warning: lines (DEMO_RAW=1 shows the raw stream)'}.`
  )
  const emulator = await new FnfEmulator({
    accounts: [DEMO_ACCOUNT],
    flows: ['orders-pipeline', 'nightly-etl']
  }).start()
  console.log(`fnf emulator listening on ${emulator.url} with flows: ${emulator.flows.join(', ')}`)
  const enos = await new EnosEmulator({
    apps: [DEMO_APP],
    users: [ENOS_EMULATOR_USER, OTHER_USER],
    instances: ['2438-201908081020']
  }).start()
  console.log(`EnOS gateway emulator listening on ${enos.url} with running instance 2438-201908081020`)
  const cancelInputs = {
    operation: 'cancel',
    'apigw-url': enos.url,
    'app-key': DEMO_APP.appKey,
    'app-secret': DEMO_APP.appSecret,
    'org-id': ENOS_EMULATOR_USER.orgId
  }
  const common = {
    operation: 'delete',
    region: 'cn-hangzhou',
    endpoint: emulator.url,
    'access-key-id': DEMO_ACCOUNT.accessKeyId,
    'access-key-secret': DEMO_ACCOUNT.accessKeySecret
  }
  try {
    section('1. Delete two flows (the service answers 503 once; the action retries)')
    emulator.injectFault({
      fault: {
        kind: 'error',
        status: 503,
        code: 'ServiceUnavailable',
        message: 'The request has failed due to a temporary failure of the server.'
      }
    })
    const success = await runAction({
      ...common,
      'flow-name': 'orders-pipeline\nnightly-etl',
      'request-id': 'demo-teardown'
    })
    show(success)

    section('2. Delete a flow that does not exist (the step fails with a mapped error)')
    const failure = await runAction({ ...common, 'flow-name': 'no-such-flow' })
    show(failure)

    section('3. The same with ignore-not-found: true (idempotent teardown)')
    const ignored = await runAction({ ...common, 'flow-name': 'no-such-flow', 'ignore-not-found': 'true' })
    show(ignored)

    section('4. A bad input is refused before anything is sent')
    const before = emulator.requests.length
    const invalid = await runAction({ ...common, 'flow-name': 'orders-pipeline', endpoint: 'http://203.0.113.7' })
    show(invalid)
    const sentForInvalid = emulator.requests.length - before
    console.log(`requests the emulator received for it: ${sentForInvalid}`)

    section('5. Cancel a running EnOS flow instance')
    const cancelled = await runAction({
      ...cancelInputs,
      'flow-instance-id': '2438-201908081020',
      'user-id': ENOS_EMULATOR_USER.userId
    })
    show(cancelled)

    section('6. Cancel as a user who does not own the instance (the step fails with 62103)')
    enos.addInstance('2809-20190812080700')
    const refused = await runAction({
      ...cancelInputs,
      'flow-instance-id': '2809-20190812080700',
      'user-id': OTHER_USER.userId
    })
    show(refused)

    section('7. Delete and wait until the flow is really gone (DeleteFlow is asynchronous)')
    emulator.addFlow('slow-to-go')
    emulator.deletionDelayMs = 1500
    const waited = await runAction({ ...common, 'flow-name': 'slow-to-go', wait: 'true' })
    show(waited)

    section('8. A dry run: everything checked and signed, nothing sent')
    const sentBefore = emulator.requests.length
    const dry = await runAction({ ...common, 'flow-name': 'orders-pipeline', 'dry-run': 'true' })
    show(dry)
    const sentForDryRun = emulator.requests.length - sentBefore
    console.log(`requests the emulator received for it: ${sentForDryRun}`)

    section("9. A pull request's teardown by pattern, dry run first: the plan from the real listings")
    emulator.deletionDelayMs = 0
    for (const name of ['pr-42-api', 'pr-42-worker', 'prod-api', 'pr-420-api']) emulator.addFlow(name)
    for (const schedule of ['nightly', 'hourly', 'weekly']) emulator.addSchedule('pr-42-api', schedule)
    emulator.addExecution('pr-42-api', 'run-1')
    emulator.addExecution('pr-42-api', 'run-2')
    const manifests = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-demo-'))
    const teardown = {
      ...common,
      'flow-name-pattern': 'pr-42-*',
      'delete-schedules': 'true',
      'stop-executions': 'true',
      'max-targets': '10',
      'manifest-path': path.join(manifests, 'teardown.jsonl')
    }
    const planFrom = emulator.requests.length
    const plan = await runAction({
      ...teardown,
      'dry-run': 'true',
      'manifest-path': path.join(manifests, 'plan.jsonl')
    })
    show(plan)
    const planCalls = emulator.requests.slice(planFrom).map((r) => r.action)
    console.log(`calls the emulator received for it: ${planCalls.join(', ')}`)

    section('10. The same teardown for real: schedules, then running executions, then each flow')
    const realFrom = emulator.requests.length
    const real = await runAction(teardown)
    show(real)
    console.log(
      `calls the emulator received for it, in order: ${emulator.requests
        .slice(realFrom)
        .map((r) => `${r.action} ${r.target}`.trim())
        .join(', ')}`
    )
    const leftAfterTeardown = emulator.flows
    console.log(`flows left: ${leftAfterTeardown.join(', ')}`)
    console.log(`its manifest (the 'manifest' output): ${real.outputs['manifest']}`)

    section('11. Undo it: operation restore from the teardown’s manifest (flows, then schedules)')
    const restoreFrom = emulator.requests.length
    const restored = await runAction({
      operation: 'restore',
      'from-manifest': real.outputs['manifest'] ?? '',
      // A manifest never decides where requests go: the workflow names the endpoint (the emulator's).
      endpoint: emulator.url,
      'access-key-id': DEMO_ACCOUNT.accessKeyId,
      'access-key-secret': DEMO_ACCOUNT.accessKeySecret,
      'manifest-path': path.join(manifests, 'restore.jsonl')
    })
    show(restored)
    console.log(
      `calls the emulator received for it, in order: ${emulator.requests
        .slice(restoreFrom)
        .map((r) => `${r.action} ${r.target}`.trim())
        .join(', ')}`
    )
    console.log(
      `flows now: ${emulator.flows.join(', ')}; schedules of pr-42-api: ${emulator.schedulesOf('pr-42-api').join(', ')}`
    )
    fs.rmSync(manifests, { recursive: true, force: true })

    section('12. A nightly sweep, dry run: older than 7 days, keep what is excluded, account for every flow')
    const day = 86_400_000
    for (let i = 0; i < 4; i++) emulator.addFlow(`ci-run-${i}`, undefined, { created: Date.now() - 10 * day })
    for (let i = 4; i < 6; i++) emulator.addFlow(`ci-run-${i}`, undefined, { created: Date.now() - day })
    emulator.addFlow('ci-run-golden', undefined, { created: Date.now() - 90 * day })
    const sweepFrom = emulator.requests.length
    const sweep = await runAction({
      ...common,
      'flow-name': '',
      'flow-name-pattern': 'ci-run-*',
      'older-than': '7d',
      'exclude-pattern': '*-golden',
      'dry-run': 'true'
    })
    show(sweep)
    const sweepCalls = emulator.requests.slice(sweepFrom).map((r) => r.action)
    console.log(`calls the emulator received for it: ${sweepCalls.join(', ')}`)

    section('13. The same engine from a terminal: the flow-ops command (dist/cli/index.js), a dry run')
    emulator.addFlow('term-1')
    const terminal = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'dist', 'cli', 'index.js'),
        'delete',
        '--endpoint',
        emulator.url,
        '--flow-name',
        'term-1',
        '--dry-run'
      ],
      {
        cwd: os.tmpdir(),
        encoding: 'utf8',
        env: {
          PATH: process.env['PATH'] ?? '',
          ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_ACCOUNT.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_ACCOUNT.accessKeySecret
        }
      }
    )
    console.log(
      `$ flow-ops delete --endpoint ${emulator.url} --flow-name term-1 --dry-run   (exit code ${terminal.status})`
    )
    console.log(terminal.stdout.trimEnd())
    const terminalManifest = /^Manifest: (.*)$/m.exec(terminal.stdout)?.[1]
    if (terminalManifest) fs.rmSync(terminalManifest, { force: true })

    section('Result')
    const sweepTargets = JSON.parse(sweep.outputs['results'] ?? '[]') as { name: string }[]
    const asExpected =
      terminal.status === 0 &&
      /^ {2}term-1 {2}dry-run$/m.test(terminal.stdout) &&
      emulator.flows.includes('term-1') &&
      sweep.code === 0 &&
      sweep.outputs['status'] === 'dry-run' &&
      sweepTargets.map((r) => r.name).join() === 'ci-run-0,ci-run-1,ci-run-2,ci-run-3' &&
      sweepCalls.every((action) => action === 'ListFlows') &&
      restored.code === 0 &&
      restored.outputs['status'] === 'restored' &&
      emulator.flows.includes('pr-42-api') &&
      emulator.schedulesOf('pr-42-api').length === 3 &&
      plan.code === 0 &&
      plan.outputs['status'] === 'dry-run' &&
      planCalls.every((action) => action.startsWith('List')) &&
      real.code === 0 &&
      real.outputs['status'] === 'deleted' &&
      !leftAfterTeardown.some((flow) => flow.startsWith('pr-42-')) &&
      leftAfterTeardown.includes('pr-420-api') &&
      waited.code === 0 &&
      waited.outputs['final-state'] === 'gone' &&
      dry.code === 0 &&
      dry.outputs['status'] === 'dry-run' &&
      sentForDryRun === 0 &&
      cancelled.code === 0 &&
      cancelled.outputs['status'] === 'cancelled' &&
      refused.code === 1 &&
      refused.outputs['error-code'] === '62103' &&
      success.code === 0 &&
      success.outputs['status'] === 'deleted' &&
      failure.code === 1 &&
      failure.outputs['error-code'] === 'FlowNotExists' &&
      ignored.code === 0 &&
      ignored.outputs['status'] === 'not-found' &&
      invalid.code === 1 &&
      sentForInvalid === 0
    console.log(
      asExpected ? 'All thirteen runs behaved as expected.' : 'Something did not behave as expected (see above).'
    )
    return asExpected ? 0 : 1
  } finally {
    await emulator.stop()
    await enos.stop()
    console.log('emulators stopped')
  }
}

process.exitCode = await main()
