/**
 * The inputs of a restore and of a reviewed plan, parsed from manifests written here: which
 * flows a delete's manifest gives back, where the run goes, what is refused before anything is
 * sent (each naming from-manifest and the file), and what a restore would send for each flow.
 */
import { describe, expect, it } from '@jest/globals'
import { NOT_RESTORED, type AlibabaRestoreSettings } from '../../../../src/providers/alibaba/restore-inputs.js'
import type { AlibabaSettings } from '../../../../src/providers/alibaba/inputs.js'
import { MANIFEST_FORMAT, MANIFEST_VERSION } from '../../../../src/report/manifest.js'
import { parse, VALID_DELETE } from '../../../helpers/inputs.js'

const ENDPOINT = 'https://cn-shanghai.fnf.aliyuncs.com/'
const header = (more: Record<string, unknown> = {}) => ({
  format: MANIFEST_FORMAT,
  version: MANIFEST_VERSION,
  operation: 'delete',
  provider: 'alibaba',
  location: 'cn-shanghai',
  endpoint: ENDPOINT,
  selectors: { 'flow-name-pattern': ['pr-2-*'] },
  dryRun: false,
  startedAt: '2026-12-03T09:00:00.000Z',
  ...more
})
const service = (name: string) => ({
  Name: name,
  Id: `id-${name}`,
  LastModifiedTime: '2026-12-01T01:01:01.001Z',
  Definition: 'd'
})
const lines = (...records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n'

/** A teardown: a deleted, b's DeleteFlow refused after its schedule went, c untouched, d killed before its result. */
const TEARDOWN = lines(
  header(),
  { type: 'target', name: 'pr-2-a', service: service('pr-2-a') },
  { type: 'change', name: 'pr-2-a', action: 'DeleteFlow', outcome: 'done' },
  { type: 'result', name: 'pr-2-a', status: 'deleted' },
  { type: 'target', name: 'pr-2-b', service: service('pr-2-b') },
  {
    type: 'dependents',
    name: 'pr-2-b',
    kind: 'schedules',
    items: [{ ScheduleName: 's', CronExpression: '0 * * * * *', Enable: true }]
  },
  { type: 'change', name: 'pr-2-b', action: 'DeleteSchedule', outcome: 'done' },
  { type: 'change', name: 'pr-2-b', action: 'DeleteFlow', outcome: 'failed', errorCode: 'AccessDenied' },
  { type: 'result', name: 'pr-2-b', status: 'failed' },
  { type: 'target', name: 'pr-2-c', service: service('pr-2-c') },
  { type: 'result', name: 'pr-2-c', status: 'failed', errorCode: 'BackupFailed' },
  { type: 'target', name: 'pr-2-d', service: service('pr-2-d') }
)
const PLAN_HEADER = { dryRun: true, removes: { 'delete-schedules': true, 'stop-executions': false } }
const PLAN = lines(
  header(PLAN_HEADER),
  {
    type: 'dependents',
    name: 'pr-2-a',
    kind: 'schedules',
    items: [{ ScheduleName: 'nightly', CronExpression: '0 0 2 * * *', Enable: true }]
  },
  { type: 'target', name: 'pr-2-a', service: service('pr-2-a') },
  { type: 'target', name: 'pr-2-gone', gone: true },
  { type: 'result', name: 'pr-2-a', status: 'dry-run' },
  { type: 'end', status: 'dry-run', finishedAt: 'x' }
)
const KEYS = { 'access-key-id': 'test-key-id', 'access-key-secret': 'test-key-secret' }
const RESTORE = { operation: 'restore', 'flow-name': '', region: '', ...KEYS }

function restore(inputs: Record<string, string>, files: Record<string, string> = { 't.jsonl': TEARDOWN }, env = {}) {
  const result = parse({ ...RESTORE, 'from-manifest': 't.jsonl', ...inputs }, env, VALID_DELETE, undefined, files)
  return { ...result, settings: result.config?.settings as AlibabaRestoreSettings | undefined }
}

describe('operation: restore of a delete’s manifest', () => {
  it('gives back each flow the run changed or never finished with, in order; goes where the manifest’s run went; notes what it leaves out and cannot bring back', () => {
    const { config, settings, warnings, error } = restore({})
    expect(error).toBeUndefined()
    expect(config).toMatchObject({ operation: 'restore', provider: 'alibaba' })
    expect([...settings!.flows.keys()]).toEqual(['pr-2-a', 'pr-2-b', 'pr-2-d'])
    expect(settings!.flows.get('pr-2-b')!.schedules).toEqual([
      { ScheduleName: 's', CronExpression: '0 * * * * *', Enable: true }
    ])
    expect(settings).toMatchObject({ region: 'cn-shanghai', endpoint: new URL(ENDPOINT) })
    expect(config!.scope.location).toBe('cn-shanghai')
    expect(config!.scope.notes).toEqual([
      'Restoring 3 flows of 3 that the delete of 2026-12-03T09:00:00.000Z changed in cn-shanghai (from-manifest "t.jsonl")',
      '1 flow of the manifest the run did not change, left out: pr-2-c',
      'The manifest was cut short: what its run did after its last whole record is not known',
      NOT_RESTORED
    ])
    expect(warnings).toEqual([expect.stringContaining('from-manifest "t.jsonl" was cut short')])
  })

  it('region moves it, and a note says so; ALIBABA_CLOUD_REGION_ID does not', () => {
    expect(restore({}, undefined, { ALIBABA_CLOUD_REGION_ID: 'cn-beijing' }).settings!.region).toBe('cn-shanghai')
    const moved = restore({ region: 'cn-beijing' })
    expect(moved.settings!.endpoint.href).toBe('https://cn-beijing.fnf.aliyuncs.com/')
    expect(moved.config!.scope.notes).toContain(
      "The flows are restored in cn-beijing (https://cn-beijing.fnf.aliyuncs.com), not where the manifest's run deleted them (cn-shanghai, \"https://cn-shanghai.fnf.aliyuncs.com/\"): 'region' or 'endpoint' says so"
    )
  })

  describe('a manifest never decides where signed requests go', () => {
    /** A teardown manifest whose header was edited (or written by a job that ran a pull request's code). */
    const edited = (location: string, endpoint: string) =>
      TEARDOWN.replace(JSON.stringify(header()), JSON.stringify(header({ location, endpoint })))

    it.each([
      ['plain http to another host', '10.0.0.5:8080', 'http://10.0.0.5:8080/'],
      ['https to a host that is not Alibaba’s', 'evil.example.com', 'https://evil.example.com/'],
      ['a loopback emulator', '127.0.0.1:9000', 'http://127.0.0.1:9000/'],
      ['a region beside another endpoint', 'cn-shanghai', 'https://evil.example.com/'],
      ['CR/LF and :: in the endpoint', 'x', 'https://a.example.com/\r\n::error::owned']
    ])(
      '%s: refused unless the run’s endpoint names it, naming from-manifest, the endpoint and what to set',
      (_, location, endpoint) => {
        const { error } = restore({}, { 't.jsonl': edited(location, endpoint) })
        expect(error?.input).toBe('from-manifest')
        expect(error?.message).toContain(
          `Input 'from-manifest' records the endpoint ${JSON.stringify(endpoint)} ("t.jsonl"), and a manifest never decides where signed requests go. If that is where to restore the flows, set 'endpoint' in the workflow to ${JSON.stringify(endpoint.replace(/\/$/, ''))}; or set 'region' for a region's public endpoint`
        )
        expect(error?.message).not.toMatch(/[\r\n]/)
      }
    )

    it('the run’s own endpoint or region decides: the manifest’s other endpoint only when the run names it, checked as the input is', () => {
      const file = { 't.jsonl': edited('127.0.0.1:9000', 'http://127.0.0.1:9000/') }
      expect(restore({ endpoint: 'http://127.0.0.1:9000' }, file).settings!.endpoint.href).toBe(
        'http://127.0.0.1:9000/'
      )
      expect(restore({ region: 'cn-beijing' }, file).settings!.endpoint.href).toBe(
        'https://cn-beijing.fnf.aliyuncs.com/'
      )
      const remote = { 't.jsonl': edited('10.0.0.5', 'http://10.0.0.5/') }
      expect(restore({ endpoint: 'http://10.0.0.5' }, remote).error?.message).toContain(
        "Input 'endpoint' must use https://; plain http:// is allowed only for loopback hosts"
      )
    })

    it('a manifest’s region is used as a region: the action builds its endpoint', () => {
      const { settings } = restore({}, { 't.jsonl': edited('cn-beijing', 'https://cn-beijing.fnf.aliyuncs.com/') })
      expect(settings!.endpoint.href).toBe('https://cn-beijing.fnf.aliyuncs.com/')
    })
  })

  it('what the restore needs to write nothing back wrong: the Id, whether its DeleteFlow may have landed, the fields held as ***', () => {
    const { settings } = restore({})
    expect(settings!.flows.get('pr-2-a')).toMatchObject({ id: 'id-pr-2-a', maybeDeleted: true })
    // Its DeleteFlow was refused: a flow of that name with its Id is the flow itself, not a pending delete.
    expect(settings!.flows.get('pr-2-b')).toMatchObject({ id: 'id-pr-2-b', maybeDeleted: false })
    // Killed before its result: whether its DeleteFlow was sent is not known.
    expect(settings!.flows.get('pr-2-d')).toMatchObject({ maybeDeleted: true })
    const leaky = lines(
      header(),
      {
        type: 'target',
        name: 'pr-2-a',
        service: { ...service('pr-2-a'), Definition: 'k: ***' },
        redacted: ['Definition']
      },
      {
        type: 'dependents',
        name: 'pr-2-a',
        kind: 'schedules',
        items: [{ ScheduleName: 'ok' }, { ScheduleName: 's', Payload: '***' }],
        redacted: [{ index: 1, fields: ['Payload'] }]
      },
      { type: 'change', name: 'pr-2-a', action: 'DeleteFlow', outcome: 'done' },
      { type: 'result', name: 'pr-2-a', status: 'deleted' },
      { type: 'end', status: 'deleted', finishedAt: 'x' }
    )
    expect(restore({}, { 't.jsonl': leaky }).settings!.flows.get('pr-2-a')!.redacted).toEqual([
      'Definition',
      "schedule 's' Payload"
    ])
    const malformed = leaky.replace('"redacted":["Definition"]', '"redacted":"Definition"')
    expect(restore({}, { 't.jsonl': malformed }).error?.message).toContain(
      'line 2 is a target record whose redacted fields are not a list of names'
    )
  })

  it('flow-name and flow-name-pattern narrow it to some of the manifest’s flows', () => {
    expect([...restore({ 'flow-name': 'pr-2-d' }).settings!.flows.keys()]).toEqual(['pr-2-d'])
    expect([...restore({ 'flow-name-pattern': '*-b' }).settings!.flows.keys()]).toEqual(['pr-2-b'])
  })

  it.each([
    [
      { 'flow-name': 'pr-2-c' },
      "Input 'flow-name' names 'pr-2-c', which the run of \"t.jsonl\" did not change: there is nothing to restore of it"
    ],
    [
      { 'flow-name': 'pr-9-x' },
      "Input 'flow-name' names 'pr-9-x', which is not among the flows \"t.jsonl\" can restore (pr-2-a, pr-2-b, pr-2-d)"
    ],
    [{ 'from-manifest': 'nope.jsonl' }, 'Input \'from-manifest\' names no file: "nope.jsonl" does not exist'],
    [{ 'from-manifest': '' }, "Input 'from-manifest' is required with operation 'restore'"],
    [
      { 'from-manifest': 'p.jsonl' },
      "Input 'from-manifest' is a dry run's manifest (\"p.jsonl\"): a dry run changed nothing, so there is nothing to restore"
    ]
  ])('refused: %j', (inputs, message) => {
    const { error } = restore(inputs, { 't.jsonl': TEARDOWN, 'p.jsonl': PLAN })
    expect(error?.message).toContain(message)
  })
})

describe('undo from several manifests', () => {
  /** The run that finished the cut teardown (TEARDOWN): it found pr-2-a gone, deleted pr-2-d, and pr-2-b (its schedule gone already). */
  const FINISH = lines(
    header({ startedAt: '2026-12-03T10:00:00.000Z' }),
    { type: 'target', name: 'pr-2-a', gone: true },
    { type: 'result', name: 'pr-2-a', status: 'not-found' },
    { type: 'target', name: 'pr-2-d', service: { ...service('pr-2-d'), Id: 'id-pr-2-d-again' } },
    {
      type: 'dependents',
      name: 'pr-2-d',
      kind: 'schedules',
      items: [{ ScheduleName: 'late', CronExpression: '0 0 * * * *', Enable: false }]
    },
    { type: 'change', name: 'pr-2-d', action: 'DeleteFlow', outcome: 'done' },
    { type: 'result', name: 'pr-2-d', status: 'deleted' },
    { type: 'target', name: 'pr-2-b', service: service('pr-2-b') },
    { type: 'change', name: 'pr-2-b', action: 'DeleteFlow', outcome: 'done' },
    { type: 'result', name: 'pr-2-b', status: 'deleted' },
    { type: 'end', status: 'deleted', finishedAt: 'x' }
  )

  it('their union: each flow once, from the oldest record that holds its backup; every schedule once; the Id last seen; deleted if any run deleted it', () => {
    // Given newest first: read oldest first all the same.
    const { settings, config, error } = restore(
      { 'from-manifest': 'f.jsonl\nt.jsonl' },
      { 't.jsonl': TEARDOWN, 'f.jsonl': FINISH }
    )
    expect(error).toBeUndefined()
    expect([...settings!.flows.keys()]).toEqual(['pr-2-a', 'pr-2-b', 'pr-2-d'])
    expect(settings!.flows.get('pr-2-b')).toMatchObject({
      schedules: [{ ScheduleName: 's', CronExpression: '0 * * * * *', Enable: true }],
      maybeDeleted: true
    })
    expect(settings!.flows.get('pr-2-d')).toMatchObject({
      id: 'id-pr-2-d-again',
      schedules: [{ ScheduleName: 'late', CronExpression: '0 0 * * * *', Enable: false }]
    })
    expect(config!.scope.notes![0]).toBe(
      'Restoring 3 flows of 3 that the deletes of 2026-12-03T09:00:00.000Z, 2026-12-03T10:00:00.000Z changed in cn-shanghai (from-manifest "t.jsonl", "f.jsonl")'
    )
    expect(config!.scope.selectors['from-manifest']).toEqual(['t.jsonl', 'f.jsonl'])
  })

  it('a folder stands for the manifests in it (a downloaded artifact)', () => {
    const files = {
      'artifact/1-teardown.jsonl': TEARDOWN,
      'artifact/2-finish.jsonl': FINISH,
      'artifact/notes.txt': 'x'
    }
    const { settings, error } = restore({ 'from-manifest': 'artifact' }, files)
    expect(error).toBeUndefined()
    expect([...settings!.flows.keys()]).toEqual(['pr-2-a', 'pr-2-b', 'pr-2-d'])
  })

  it.each([
    [
      { 'from-manifest': 'empty' },
      { 'empty/readme.txt': 'x' },
      'names a folder with no manifest in it ("empty": no *.jsonl file)'
    ],
    [
      { 'from-manifest': 't.jsonl\np.jsonl' },
      { 't.jsonl': TEARDOWN, 'p.jsonl': PLAN },
      'is a dry run\'s manifest ("p.jsonl")'
    ],
    [
      { 'from-manifest': 't.jsonl\no.jsonl' },
      { 't.jsonl': TEARDOWN, 'o.jsonl': TEARDOWN.replace(ENDPOINT, 'https://cn-beijing.fnf.aliyuncs.com/') },
      'names manifests of runs in two places ("t.jsonl" in "https://cn-shanghai.fnf.aliyuncs.com/", "o.jsonl" in "https://cn-beijing.fnf.aliyuncs.com/"); restore each place in a step of its own'
    ]
  ])('refused: %j', (inputs, files, message) => {
    expect(restore(inputs, files).error?.message).toContain(message)
  })
})

describe('operation: delete from a reviewed plan', () => {
  const apply = (
    inputs: Record<string, string>,
    files: Record<string, string> = { 'p.jsonl': PLAN, 't.jsonl': TEARDOWN }
  ) => {
    const result = parse({ 'flow-name': '', region: '', ...inputs }, {}, VALID_DELETE, undefined, files)
    return { ...result, settings: result.config?.settings as AlibabaSettings | undefined }
  }

  it('the plan’s flows are the targets, with their Id and LastModifiedTime (or gone); it goes where the plan was made', () => {
    const { settings, config, error } = apply({ 'from-manifest': 'p.jsonl' })
    expect(error).toBeUndefined()
    expect(settings!.flowNames).toEqual(['pr-2-a', 'pr-2-gone'])
    expect(config!.scope.selector).toBeUndefined()
    expect(settings!.plan).toEqual({
      path: 'p.jsonl',
      region: 'cn-shanghai',
      endpoint: ENDPOINT,
      flows: new Map([
        ['pr-2-a', { id: 'id-pr-2-a', lastModifiedTime: '2026-12-01T01:01:01.001Z', schedules: ['nightly'] }],
        ['pr-2-gone', { gone: true }]
      ]),
      removes: { deleteSchedules: true, stopExecutions: false }
    })
    // Left out (the runner passes the default, false), the plan's own values apply, and the log says so.
    expect(settings).toMatchObject({ deleteSchedules: true, stopExecutions: false })
    expect(config!.scope.notes).toEqual([
      'Applying the reviewed plan "p.jsonl": 2 flows, each checked against the plan just before its first change, with delete-schedules: true and stop-executions: false as the plan was made'
    ])
  })

  it('what goes with each flow is the plan’s: a true where the plan has false is refused, naming the input', () => {
    const { error } = apply({ 'from-manifest': 'p.jsonl', 'stop-executions': 'true' })
    expect(error?.input).toBe('stop-executions')
    expect(error?.message).toBe(
      "Input 'stop-executions' is true, but the plan \"p.jsonl\" was made with stop-executions: false, so its reviewer saw no running executions removed with its flows. Leave 'stop-executions' out to apply the plan as it was made, or make a new plan with stop-executions: true and have it reviewed"
    )
    expect(apply({ 'from-manifest': 'p.jsonl', 'delete-schedules': 'true' }).error).toBeUndefined()
  })

  it('a plan that does not record what it removes is refused; one that holds no flows says so', () => {
    const old = PLAN.replace(JSON.stringify(header(PLAN_HEADER)), JSON.stringify(header({ dryRun: true })))
    expect(apply({ 'from-manifest': 'o.jsonl' }, { 'o.jsonl': old }).error?.message).toBe(
      'Input \'from-manifest\' is a plan that does not record its delete-schedules and stop-executions ("o.jsonl"), so what its reviewer saw removed with each flow is not known: make a new plan with this version of flow-ops'
    )
    const empty = lines(header(PLAN_HEADER), { type: 'end', status: 'dry-run', finishedAt: 'x' })
    const { config, settings, error } = apply({ 'from-manifest': 'e.jsonl' }, { 'e.jsonl': empty })
    expect(error).toBeUndefined()
    expect(settings!.flowNames).toEqual([])
    expect(config!.scope.notes).toEqual(['The reviewed plan "e.jsonl" holds no flows: there is nothing to delete'])
  })

  it.each([
    [{ 'flow-name': 'x' }, "Input 'flow-name' cannot be given with from-manifest"],
    [{ 'flow-name-pattern': 'pr-*' }, "Input 'flow-name-pattern' cannot be given with from-manifest"],
    // The plan's rules chose its flows when it was made: applied again, they could change it.
    [{ 'older-than': '7d' }, "Input 'older-than' cannot be given with from-manifest"],
    [{ 'exclude-pattern': 'prod-*' }, "Input 'exclude-pattern' cannot be given with from-manifest"],
    [{ 'resource-group': 'rg-1' }, "Input 'resource-group' cannot be given with from-manifest"],
    [
      { region: 'cn-hangzhou' },
      'Input \'from-manifest\' is a plan for "https://cn-shanghai.fnf.aliyuncs.com/", but this run would delete at https://cn-hangzhou.fnf.aliyuncs.com: a plan is applied where it was made'
    ],
    [
      { 'from-manifest': 'evil.jsonl' },
      'Input \'from-manifest\' records the endpoint "https://evil.example.com/" ("evil.jsonl"), and a manifest never decides where signed requests go. If that is where to apply the plan, set \'endpoint\''
    ],
    [
      { 'from-manifest': 'evil.jsonl', endpoint: 'https://other.example.com' },
      'Input \'from-manifest\' is a plan for "https://evil.example.com/", but this run would delete at https://other.example.com'
    ],
    [{ 'from-manifest': 't.jsonl' }, "to undo that run, use operation 'restore'"],
    [{ 'from-manifest': 'named.jsonl' }, 'is a plan whose flows pr-2-x have no Id and LastModifiedTime to check'],
    [
      { 'from-manifest': 'p.jsonl\nnamed.jsonl' },
      'names 2 manifests ("p.jsonl", "named.jsonl"); a reviewed plan (operation delete) takes one'
    ]
  ])('refused: %j', (inputs, message) => {
    const named = lines(
      header(PLAN_HEADER),
      { type: 'target', name: 'pr-2-x' },
      { type: 'result', name: 'pr-2-x', status: 'dry-run' }
    )
    const evil = PLAN.replace(
      JSON.stringify(header(PLAN_HEADER)),
      JSON.stringify(header({ ...PLAN_HEADER, location: 'evil.example.com', endpoint: 'https://evil.example.com/' }))
    )
    const { error } = apply(
      { 'from-manifest': 'p.jsonl', ...inputs },
      { 'p.jsonl': PLAN, 't.jsonl': TEARDOWN, 'named.jsonl': named, 'evil.jsonl': evil }
    )
    expect(error?.message).toContain(message)
  })

  it('an edited plan is applied where it says only when the run’s own endpoint names that place', () => {
    const loopback = PLAN.replace(
      JSON.stringify(header(PLAN_HEADER)),
      JSON.stringify(header({ ...PLAN_HEADER, location: '127.0.0.1:9000', endpoint: 'http://127.0.0.1:9000/' }))
    )
    const { settings, error } = apply(
      { 'from-manifest': 'l.jsonl', endpoint: 'http://127.0.0.1:9000' },
      { 'l.jsonl': loopback }
    )
    expect(error).toBeUndefined()
    expect(settings!.endpoint.href).toBe('http://127.0.0.1:9000/')
  })
})
