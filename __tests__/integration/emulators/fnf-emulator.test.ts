/**
 * The emulator itself: it must accept what Alibaba's SDKs send (V1 parameters in the query, the
 * form body, or both; V3) and refuse what the service refuses, or the other tests prove nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { percentEncode } from '../../../src/safety/percent-encode.js'
import { signRpcV1 } from '../../../src/providers/alibaba/sign-v1.js'
import { buildRpcRequest, formatTimestamp, newNonce } from '../../../src/providers/alibaba/request.js'
import { sendHttp, type HttpRequest } from '../../../src/http/send.js'
import { EMULATOR_DEFAULT_ACCOUNT, FnfEmulator } from '../../../emulators/fnf-emulator.js'

let emulator: FnfEmulator
let clock: number
beforeEach(async () => {
  clock = Date.now()
  emulator = await new FnfEmulator({ flows: ['flow-a'], deletionDelayMs: 1000, now: () => clock }).start()
})
afterEach(async () => {
  await emulator.stop()
})

const { accessKeyId, accessKeySecret } = EMULATOR_DEFAULT_ACCOUNT

function v1Params(action: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    Action: action,
    Format: 'JSON',
    Version: '2019-03-15',
    Timestamp: formatTimestamp(new Date(clock)),
    SignatureNonce: newNonce(),
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    AccessKeyId: accessKeyId,
    ...extra
  }
}

function form(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&')
}

async function send(request: HttpRequest) {
  const response = await sendHttp(request, { timeoutMs: 5000 })
  return { status: response.status, body: JSON.parse(response.body) as Record<string, string> }
}

function signed(
  call: Parameters<typeof buildRpcRequest>[0],
  signatureVersion: 'v1' | 'v3',
  nonce = newNonce()
): HttpRequest {
  return buildRpcRequest(call, {
    endpoint: new URL(emulator.url),
    credentials: { accessKeyId, accessKeySecret },
    signatureVersion,
    apiVersion: '2019-03-15',
    timestamp: new Date(clock),
    nonce
  })
}

describe('V1 placements Alibaba’s SDKs use', () => {
  it('accepts everything in the query (pop-core GET, Terraform RpcGet)', async () => {
    const params = v1Params('DeleteFlow', { Name: 'flow-a' })
    params['Signature'] = signRpcV1('GET', params, accessKeySecret)
    const { status, body } = await send({ method: 'GET', url: `${emulator.url}/?${form(params)}`, headers: {} })
    expect(status).toBe(200)
    expect(body['RequestId']).toMatch(/^[0-9A-F-]{36}$/)
  })

  it('accepts everything, Signature included, in the form body (pop-core POST)', async () => {
    const params = v1Params('DeleteFlow', { Name: 'flow-a' })
    params['Signature'] = signRpcV1('POST', params, accessKeySecret)
    const { status } = await send({
      method: 'POST',
      url: `${emulator.url}/`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form(params)
    })
    expect(status).toBe(200)
  })

  it('accepts common parameters in the query and Name in the body (openapi-client POST)', async () => {
    const { status } = await send(signed({ action: 'DeleteFlow', method: 'POST', form: { Name: 'flow-a' } }, 'v1'))
    expect(status).toBe(200)
  })

  it('refuses a body parameter that was not signed', async () => {
    const request = signed({ action: 'DeleteFlow', method: 'POST', form: { Name: 'flow-a' } }, 'v1')
    const { status, body } = await send({ ...request, body: 'Name=flow-b' })
    expect(status).toBe(403)
    expect(body['Code']).toBe('SignatureNotMatch')
  })

  it('refuses a missing common parameter', async () => {
    const params = v1Params('DeleteFlow', { Name: 'flow-a' })
    delete params['SignatureNonce']
    params['Signature'] = signRpcV1('GET', params, accessKeySecret)
    const { status, body } = await send({ method: 'GET', url: `${emulator.url}/?${form(params)}`, headers: {} })
    expect([status, body['Code'], body['Message']]).toEqual([
      400,
      'MissingRequiredParams',
      "The HTTP query 'SignatureNonce' must be specified."
    ])
  })
})

describe('V3', () => {
  it('accepts Name in the form body or in the query', async () => {
    expect(
      (await send(signed({ action: 'DescribeFlow', method: 'GET', query: { Name: 'flow-a' } }, 'v3'))).status
    ).toBe(200)
    expect((await send(signed({ action: 'DeleteFlow', method: 'POST', form: { Name: 'flow-a' } }, 'v3'))).status).toBe(
      200
    )
  })

  it('refuses an x-acs-* header that is not signed', async () => {
    const request = signed({ action: 'DescribeFlow', method: 'GET', query: { Name: 'flow-a' } }, 'v3')
    const { status, body } = await send({ ...request, headers: { ...request.headers, 'x-acs-extra': '1' } })
    expect([status, body['Code'], body['Message']]).toEqual([
      403,
      'SignatureNotMatch',
      'Headers not signed: x-acs-extra.'
    ])
  })

  it('refuses a body that does not match x-acs-content-sha256', async () => {
    const request = signed({ action: 'DeleteFlow', method: 'POST', form: { Name: 'flow-a' } }, 'v3')
    const { status, body } = await send({ ...request, body: 'Name=flow-b' })
    expect([status, body['Message']]).toEqual([403, 'x-acs-content-sha256 does not match the body.'])
  })

  it('refuses a missing x-acs-date', async () => {
    const request = signed({ action: 'DescribeFlow', method: 'GET', query: { Name: 'flow-a' } }, 'v3')
    const headers = { ...request.headers }
    delete headers['x-acs-date']
    const { status, body } = await send({ ...request, headers })
    expect([status, body['Code']]).toEqual([400, 'MissingRequiredHeader'])
  })
})

describe.each(['v1', 'v3'] as const)('replay and time checks (%s)', (version) => {
  it('refuses a reused nonce', async () => {
    const call = { action: 'DescribeFlow', method: 'GET' as const, query: { Name: 'flow-a' } }
    expect((await send(signed(call, version, 'same-nonce'))).status).toBe(200)
    const { status, body } = await send(signed(call, version, 'same-nonce'))
    expect([status, body['Code']]).toEqual([400, 'SignatureNonceUsed'])
  })

  it('refuses a request signed more than 15 minutes before the service’s clock', async () => {
    const request = signed({ action: 'DescribeFlow', method: 'GET', query: { Name: 'flow-a' } }, version)
    const signedAt = formatTimestamp(new Date(clock))
    clock += 16 * 60 * 1000
    const { status, body } = await send(request)
    expect([status, body['Code']]).toEqual([403, 'RequestTimeTooSkewed'])
    expect(body['Message']).toBe(
      `The difference between the request time ${signedAt} and the current time ${formatTimestamp(new Date(clock))} is too large.`
    )
  })
})

describe('API behaviour', () => {
  it('deletes asynchronously: DescribeFlow finds the flow until the deletion completes', async () => {
    expect((await send(signed({ action: 'DeleteFlow', method: 'POST', form: { Name: 'flow-a' } }, 'v1'))).status).toBe(
      200
    )
    const describe = () => send(signed({ action: 'DescribeFlow', method: 'GET', query: { Name: 'flow-a' } }, 'v1'))
    const pending = await describe()
    expect([pending.status, pending.body['Name']]).toEqual([200, 'flow-a'])
    clock += 1001
    const gone = await describe()
    expect([gone.status, gone.body['Code'], gone.body['Message']]).toEqual([
      404,
      'FlowNotExists',
      'Flow flow-a does not exist.'
    ])
    const again = await send(signed({ action: 'DeleteFlow', method: 'POST', form: { Name: 'flow-a' } }, 'v1'))
    expect([again.status, again.body['Code']]).toEqual([404, 'FlowNotExists'])
  })

  it.each([
    ['ListFlows', {}, 999],
    ['ListSchedules', { FlowName: 'flow-a' }, 1000],
    ['ListExecutions', { FlowName: 'flow-a' }, 99]
  ])('%s takes Limit 1 to %s, as the SDK model says, and refuses one more or 0', async (action, params, max) => {
    const list = (limit: number) =>
      send(signed({ action, method: 'GET', query: { ...params, Limit: String(limit) } }, 'v1'))
    expect((await list(max)).status).toBe(200)
    expect((await list(1)).status).toBe(200)
    for (const refused of [max + 1, 0]) {
      const answer = await list(refused)
      expect([answer.status, answer.body['Code']]).toEqual([400, 'InvalidArgument'])
    }
  })

  it('CreateFlow and CreateSchedule take back what DescribeFlow and ListSchedules give, and refuse what exists', async () => {
    const create = (form: Record<string, string>) => send(signed({ action: 'CreateFlow', method: 'POST', form }, 'v1'))
    const flow = {
      Name: 'restored',
      Definition: 'version: v1\ntype: flow\nsteps: []',
      Description: 'd',
      Type: 'FDL',
      RoleArn: 'acs:ram::1:role/r'
    }
    expect((await create(flow)).status).toBe(200)
    const described = await send(signed({ action: 'DescribeFlow', method: 'GET', query: { Name: 'restored' } }, 'v1'))
    expect(described.body).toMatchObject({
      Name: 'restored',
      Definition: flow.Definition,
      Description: 'd',
      RoleArn: flow.RoleArn
    })
    const again = await create(flow)
    expect([again.status, again.body['Code']]).toEqual([409, 'FlowAlreadyExists'])
    const schedule = (form: Record<string, string>) =>
      send(signed({ action: 'CreateSchedule', method: 'POST', form }, 'v1'))
    const nightly = {
      FlowName: 'restored',
      ScheduleName: 'nightly',
      CronExpression: '0 0 2 * * *',
      Payload: '{"a":1}',
      Enable: 'false'
    }
    expect((await schedule(nightly)).status).toBe(200)
    const listed = await send(signed({ action: 'ListSchedules', method: 'GET', query: { FlowName: 'restored' } }, 'v1'))
    expect(listed.body['Schedules']).toEqual([
      expect.objectContaining({
        ScheduleName: 'nightly',
        CronExpression: '0 0 2 * * *',
        Payload: '{"a":1}',
        Enable: false
      })
    ])
    const twice = await schedule(nightly)
    expect([twice.status, twice.body['Code']]).toEqual([409, 'ScheduleAlreadyExists'])
    const orphan = await schedule({ ...nightly, FlowName: 'no-such-flow' })
    expect([orphan.status, orphan.body['Code']]).toEqual([404, 'FlowNotExists'])
  })

  it('refuses an unknown action and API version', async () => {
    const action = await send(signed({ action: 'DeleteEverything', method: 'POST', form: { Name: 'flow-a' } }, 'v1'))
    expect([action.status, action.body['Code']]).toEqual([400, 'ActionNotSupported'])
    const request = buildRpcRequest(
      { action: 'DeleteFlow', method: 'POST', form: { Name: 'flow-a' } },
      {
        endpoint: new URL(emulator.url),
        credentials: { accessKeyId, accessKeySecret },
        signatureVersion: 'v1',
        apiVersion: '2015-01-01',
        timestamp: new Date(clock),
        nonce: newNonce()
      }
    )
    const version = await send(request)
    expect([version.status, version.body['Code']]).toEqual([400, 'APIVersionNotSupported'])
  })

  it('refuses a body that is not a form with 415', async () => {
    const request = signed({ action: 'DeleteFlow', method: 'POST', form: { Name: 'flow-a' } }, 'v1')
    const { status, body } = await send({ ...request, headers: { 'content-type': 'text/plain' } })
    expect([status, body['Code']]).toEqual([415, 'UnsupportedMediaType'])
  })

  it('refuses a DeleteFlow without Name', async () => {
    const { status, body } = await send(signed({ action: 'DeleteFlow', method: 'POST', query: {} }, 'v1'))
    expect([status, body['Code'], body['Message']]).toEqual([
      400,
      'MissingRequiredParams',
      "The HTTP query 'Name' must be specified."
    ])
  })

  it('answers after the configured latency', async () => {
    emulator.latencyMs = 150
    const started = Date.now()
    const { status } = await send(signed({ action: 'DescribeFlow', method: 'GET', query: { Name: 'flow-a' } }, 'v1'))
    expect(status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(145)
  })
})

describe("Alibaba's own SDK against the emulator", () => {
  it('openapi-client (V3, with its extra signed header) deletes a flow', async () => {
    const { default: openApi, Config, OpenApiRequest, Params } = await import('@alicloud/openapi-client')
    const { default: teaUtil } = await import('@alicloud/tea-util')
    // The SDK signs with the real clock; this emulator runs on the test's clock, which is the real one.
    const client = new openApi.default(
      new Config({
        accessKeyId,
        accessKeySecret,
        endpoint: new URL(emulator.url).host,
        protocol: 'http',
        regionId: 'cn-hangzhou'
      })
    )
    const response = await client.callApi(
      new Params({
        action: 'DeleteFlow',
        version: '2019-03-15',
        protocol: 'http',
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json'
      }),
      new OpenApiRequest({ body: { Name: 'flow-a' } }),
      new teaUtil.RuntimeOptions({})
    )
    expect(response.statusCode).toBe(200)
    expect(emulator.requests[0]).toMatchObject({ auth: 'v3', status: 200, code: '' })
    expect(String(emulator.requests[0]?.raw.headers['authorization'])).toContain('x-acs-credentials-provider')
  })
})
