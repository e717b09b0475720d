/**
 * Property tests over the input parser and both signers: random Unicode, very long values, CR/LF
 * and control characters, white space, empty and duplicate lines. The parser either accepts (and
 * then the requests it leads to are signed as Alibaba's openapi-util and the EnOS rule say, and
 * carry no line breaks anywhere a header or a URL could be split) or refuses with an InputError;
 * it never throws anything else.
 */
import { describe, expect, it } from '@jest/globals'
import openApiUtilModule from '@alicloud/openapi-util'
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import type { AlibabaSettings } from '../../../src/providers/alibaba/inputs.js'
import { buildRpcRequest, deleteFlowCall } from '../../../src/providers/alibaba/request.js'
import type { EnosSettings } from '../../../src/providers/enos/inputs.js'
import { buildSignedRequest, cancelFlowInstanceCall } from '../../../src/providers/enos/request.js'
import { sha256Hex } from '../../../src/http/hash.js'
import { InputError, parseInputs } from '../../../src/config/inputs.js'
import { INPUT_CATALOGUE } from '../../../src/providers/index.js'
import { DEFAULTS, readerOver } from '../../helpers/inputs.js'

const OpenApiUtil = openApiUtilModule.default
const RUNS = 1000

/** Strings a hostile or careless user could type: Unicode, control characters, line breaks, very long. */
const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 300 }),
  fc.constantFrom(
    '',
    ' ',
    '\r\n',
    '\n\n',
    'a\r\nX-Injected: 1',
    '%0A::error::x',
    '::set-output name=x::y',
    'a'.repeat(5000)
  ),
  fc
    .array(fc.constantFrom('flow-a', 'flow-a', ' flow_b ', '', '\t', 'x'.repeat(129), 'ok\u0007', '中文'), {
      maxLength: 6
    })
    .map((lines) => lines.join('\n'))
)

/** Lines of plausible values with the mess of hand-edited YAML: padding, blank lines, repeats. */
function lines(value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(value, fc.constantFrom('', ' ', '  ', '\t'), fc.boolean()), { minLength: 1, maxLength: 5 })
    .map((entries) =>
      entries.flatMap(([v, pad, blank]) => (blank ? [`${pad}${v}${pad}`, ''] : [`${pad}${v}`])).join('\n')
    )
}

/** Mostly plausible values (so that many runs get past validation), sometimes hostile ones. */
const sometimesHostile = (plausible: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 1, arbitrary: hostile })

const printable = fc.stringMatching(/^[\x21-\x7e]{1,40}$/)
const flowNames = lines(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,30}$/))
const instanceIds = lines(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,30}$/))

// eslint-disable-next-line no-control-regex -- what no URL or header may carry
const NO_LINE_BREAK = /^[^\r\n\u0000]*$/

function parse(inputs: Record<string, string>) {
  const read = readerOver(inputs)
  try {
    return { parsed: parseInputs(INPUT_CATALOGUE, read, {}, () => {}, { defaults: DEFAULTS }), error: undefined }
  } catch (error) {
    return { parsed: undefined, error }
  }
}

describe('parseInputs over hostile input', () => {
  it(`delete: accepts and signs as Alibaba does, or refuses with an InputError (${RUNS} runs)`, () => {
    let signedRequests = 0
    fc.assert(
      fc.property(
        fc.record({
          'flow-name': sometimesHostile(flowNames),
          region: sometimesHostile(fc.constantFrom('cn-hangzhou', 'us-west-1', 'eu-central-1')),
          'access-key-id': sometimesHostile(printable),
          'access-key-secret': sometimesHostile(printable),
          'request-id': sometimesHostile(fc.stringMatching(/^[A-Za-z0-9._:-]{0,30}$/)),
          'security-token': sometimesHostile(fc.stringMatching(/^[A-Za-z0-9+/=]{0,80}$/))
        }),
        fc.boolean(),
        (values, useDefaults) => {
          const inputs: Record<string, string> = {
            operation: 'delete',
            endpoint: 'https://cn-hangzhou.fnf.aliyuncs.com',
            ...values,
            ...(useDefaults
              ? {
                  region: 'cn-hangzhou',
                  'access-key-id': 'test-key-id',
                  'access-key-secret': 'test-key-secret',
                  'request-id': ''
                }
              : {})
          }
          const { parsed, error } = parse(inputs)
          if (error !== undefined) {
            expect(error).toBeInstanceOf(InputError)
            // One input, or several named together (missing credentials): each by its name.
            expect((error as InputError).message).toMatch(
              /^(Input '[a-z-]+' |Inputs '[a-z-]+'(, '[a-z-]+')* and '[a-z-]+' )/
            )
            expect((error as InputError).input).toMatch(/^[a-z-]+$/)
            return
          }
          if (parsed!.config.operation !== 'delete') throw new Error('expected delete')
          const config = parsed!.config.settings as AlibabaSettings
          if (config.auth.kind !== 'keys') throw new Error('expected access keys')
          const credentials = config.auth.keys
          for (const name of config.flowNames) {
            expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_-]{0,127}$/)
            for (const signatureVersion of ['v1', 'v3'] as const) {
              const request = buildRpcRequest(deleteFlowCall(name, config.requestId), {
                endpoint: config.endpoint,
                credentials,
                signatureVersion,
                apiVersion: '2019-03-15',
                timestamp: new Date('2026-11-23T00:00:00Z'),
                nonce: 'n0nce'
              })
              signedRequests++
              expect(request.url).toMatch(NO_LINE_BREAK)
              for (const [header, value] of Object.entries(request.headers))
                expect(`${header}: ${value}`).toMatch(NO_LINE_BREAK)
              const url = new URL(request.url)
              const params = {
                ...Object.fromEntries(url.searchParams),
                ...Object.fromEntries(new URLSearchParams(request.body ?? ''))
              }
              if (signatureVersion === 'v1') {
                const { Signature, ...signed } = params
                expect(Signature).toBe(OpenApiUtil.getRPCSignature(signed, 'POST', credentials.accessKeySecret))
              } else {
                const { authorization, ...headers } = request.headers
                const payload = sha256Hex(request.body ?? '')
                expect(authorization).toBe(
                  OpenApiUtil.getAuthorization(
                    { method: 'POST', pathname: '/', query: {}, headers } as unknown as Parameters<
                      typeof OpenApiUtil.getAuthorization
                    >[0],
                    'ACS3-HMAC-SHA256',
                    payload,
                    credentials.accessKeyId,
                    credentials.accessKeySecret
                  )
                )
              }
            }
          }
        }
      ),
      { numRuns: RUNS }
    )
    // Enough runs got past validation for the signing checks to mean something.
    process.stdout.write(`property (delete): ${RUNS} input sets, ${signedRequests} requests signed and checked\n`)
    expect(signedRequests).toBeGreaterThan(100)
  })

  it(`cancel: accepts and signs by the EnOS rule, or refuses with an InputError (${RUNS} runs)`, () => {
    let signedRequests = 0
    fc.assert(
      fc.property(
        fc.record({
          'flow-instance-id': sometimesHostile(instanceIds),
          'org-id': sometimesHostile(fc.stringMatching(/^o[0-9]{1,14}$/)),
          'user-id': sometimesHostile(fc.stringMatching(/^u[0-9]{1,14}$/)),
          'app-key': sometimesHostile(printable),
          'app-secret': sometimesHostile(printable),
          'apigw-url': sometimesHostile(
            fc.constantFrom('https://apim.example.com', 'http://127.0.0.1:8080', 'https://[::1]:443')
          )
        }),
        fc.boolean(),
        (values, useDefaults) => {
          const inputs: Record<string, string> = {
            operation: 'cancel',
            ...values,
            ...(useDefaults
              ? {
                  'apigw-url': 'https://apim.example.com',
                  'org-id': 'o1',
                  'user-id': 'u1',
                  'app-key': 'app-key-1',
                  'app-secret': 'app-secret-1'
                }
              : {})
          }
          const { parsed, error } = parse(inputs)
          if (error !== undefined) {
            expect(error).toBeInstanceOf(InputError)
            return
          }
          if (parsed!.config.operation !== 'cancel') throw new Error('expected cancel')
          const config = parsed!.config.settings as EnosSettings
          for (const id of config.instanceIds) {
            const request = buildSignedRequest(
              cancelFlowInstanceCall(id, config),
              config.apigw,
              'token',
              config.credentials.appSecret,
              1700000000000
            )
            signedRequests++
            expect(request.url).toMatch(NO_LINE_BREAK)
            for (const [header, value] of Object.entries(request.headers))
              expect(`${header}: ${value}`).toMatch(NO_LINE_BREAK)
            // The documented rule, written out independently: token + sorted key+value pairs + body + timestamp + secret.
            const query = new URL(request.url).searchParams
            const pairs = [...query]
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, v]) => k + v)
              .join('')
            const expected = createHash('sha256')
              .update(`token${pairs}${request.body}1700000000000${config.credentials.appSecret}`, 'utf8')
              .digest('hex')
            expect(request.headers['apim-signature']).toBe(expected)
            expect(JSON.parse(request.body!)).toEqual({ flowInstId: id })
          }
        }
      ),
      { numRuns: RUNS }
    )
    process.stdout.write(`property (cancel): ${RUNS} input sets, ${signedRequests} requests signed and checked\n`)
    expect(signedRequests).toBeGreaterThan(50)
  })
})
