import { describe, expect, it } from '@jest/globals'
import { apimSignature, paramsData, tokenEncryption } from '../../../../src/providers/enos/sign.js'

describe('apimSignature against the documented worked example', () => {
  // "Invoke API with the access token": the published hash is for the body with "desc": "描述"
  // (edge-api and Chinese pages); LF newlines, 2-space indent.
  const body = '{\n  "count": 20,\n  "page": 1,\n  "desc": "描述"\n}'
  const query = { k3: 'v3', k1: 'v1', k2: 'v2' }

  it('builds paramsData from sorted key+value pairs and the exact body', () => {
    expect(paramsData(query, body)).toBe(`k1v1k2v2k3v3${body}`)
  })

  it('reproduces 59828328…fc981', () => {
    expect(apimSignature('xxxxaaaxxxx', query, body, 1572574909697, 'xxxappSecretxxx')).toBe(
      '59828328f6c1f9771015dc74e4929ae30f518a35a3d2353972c2ea46556fc981'
    )
  })

  it('gives the computed value for the English pages’ body (the docs kept the old hash)', () => {
    expect(
      apimSignature('xxxxaaaxxxx', query, body.replace('描述', 'description'), 1572574909697, 'xxxappSecretxxx')
    ).toBe('ad6dc6fc97f4290f3724e94eab38168d8613c41c3a4569b4b8b0efbce96a816c')
  })
})

describe('computed vectors (docs/test-vectors.md, EnOS)', () => {
  it('TV-2: token encryption', () => {
    expect(
      tokenEncryption('5acb82e7-a11e-4300-9164-c8b20b638e8b', 1572574909697, '00000000-2da3-0000-0000-000000000000')
    ).toBe('ccf2a43869571de829037c0d4247cd5826e3c193024520c258658a942f64874d')
  })

  it('TV-3: cancel flow instance', () => {
    const query = { action: 'cancel', userId: 'u15000000000002', orgId: 'o15000000000001' }
    const body = JSON.stringify({ flowInstId: '2438-201908081020' })
    expect(paramsData(query, body)).toBe(
      'actioncancelorgIdo15000000000001userIdu15000000000002{"flowInstId":"2438-201908081020"}'
    )
    expect(apimSignature('TOKEN123', query, body, 1700000000000, 'SECRET456')).toBe(
      '8b80ceea2298bfc89cbd012601e3bc101bbe240bc904328b58d87be8bc6bd91d'
    )
  })

  it('TV-4: get flow instance (GET, no body)', () => {
    const query = {
      action: 'get',
      flowInstId: '2438-201908081020',
      userId: 'u15000000000002',
      orgId: 'o15000000000001'
    }
    expect(apimSignature('TOKEN123', query, '', 1700000000000, 'SECRET456')).toBe(
      'da37084260c8861e5c8942b3aa9beab32713efe093d092540a11e7ddc2cea291'
    )
  })
})
