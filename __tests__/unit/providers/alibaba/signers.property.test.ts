/**
 * Property tests over both Alibaba signers: for arbitrary Unicode parameters and secrets, V1 and V3
 * agree with Alibaba's own @alicloud/openapi-util.
 */
import { describe, expect, it } from '@jest/globals'
import openApiUtilModule from '@alicloud/openapi-util'
import fc from 'fast-check'
import { signRpcV1 } from '../../../../src/providers/alibaba/sign-v1.js'
import { signAcs3 } from '../../../../src/providers/alibaba/sign-v3.js'
import { sha256Hex } from '../../../../src/http/hash.js'

const OpenApiUtil = openApiUtilModule.default
const RUNS = 1000

describe('signers over arbitrary Unicode', () => {
  it(`signRpcV1 agrees with openapi-util's getRPCSignature (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          // "__proto__" is left out: openapi-util's own object handling drops such a key.
          fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }).filter((key) => key !== '__proto__'),
          fc.string({ unit: 'grapheme', maxLength: 60 }),
          { maxKeys: 8, noNullPrototype: true }
        ),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
        fc.constantFrom('GET', 'POST'),
        (params, secret, method) => {
          delete params['Signature']
          expect(signRpcV1(method, params, secret)).toBe(OpenApiUtil.getRPCSignature(params, method, secret))
        }
      ),
      { numRuns: RUNS }
    )
  })

  it(`signAcs3 agrees with openapi-util's getAuthorization (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,10}$/),
          fc.string({ unit: 'grapheme', maxLength: 40 }),
          { maxKeys: 4, noNullPrototype: true }
        ),
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }),
        (query, body, secret) => {
          const payloadHash = sha256Hex(body)
          const headers = {
            host: 'cn-hangzhou.fnf.aliyuncs.com',
            'x-acs-action': 'DeleteFlow',
            'x-acs-version': '2019-03-15',
            'x-acs-date': '2026-11-23T00:00:00Z',
            'x-acs-signature-nonce': 'n',
            'x-acs-content-sha256': payloadHash,
            'content-type': 'application/x-www-form-urlencoded'
          }
          const request = { method: 'POST', pathname: '/', query, headers, payloadHash }
          expect(signAcs3(request, 'id', secret)).toBe(
            OpenApiUtil.getAuthorization(
              request as unknown as Parameters<typeof OpenApiUtil.getAuthorization>[0],
              'ACS3-HMAC-SHA256',
              payloadHash,
              'id',
              secret
            )
          )
        }
      ),
      { numRuns: RUNS }
    )
  })
})
