/** A restore of one flow, as its dry run shows it. */
import { describe, expect, it } from '@jest/globals'
import { previewRestore } from '../../../../src/providers/alibaba/restore-flow.js'

describe('what a restore’s dry run shows', () => {
  it('a flow whose saved fields hold a redaction: nothing would be created, and why', () => {
    const flow = {
      name: 'f',
      service: { Definition: 'k: ***' },
      schedules: [],
      maybeDeleted: true,
      redacted: ['Definition']
    }
    const settings = { flows: new Map([['f', flow]]) } as unknown as Parameters<typeof previewRestore>[0]
    expect(previewRestore(settings, { name: 'f' })).toBe(
      'nothing: the manifest holds *** for a credential in its Definition'
    )
  })
})
