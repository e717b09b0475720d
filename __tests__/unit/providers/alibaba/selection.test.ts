import { describe, expect, it } from '@jest/globals'
import { matchFlows } from '../../../../src/providers/alibaba/selection.js'

describe('matchFlows', () => {
  const names = ['pr-42-api', 'pr-42-worker', 'pr-420-api', 'main-api', 'pr-43-api']

  it('keeps listing order and takes a flow matched by several patterns once', () => {
    const { targets, notes } = matchFlows(['pr-42-*', '*-api'], names, 'cn-hangzhou')
    expect(targets).toEqual(['pr-42-api', 'pr-42-worker', 'pr-420-api', 'main-api', 'pr-43-api'])
    expect(notes).toEqual([
      "flow-name-pattern 'pr-42-*' matched 2 flows: pr-42-api, pr-42-worker",
      "flow-name-pattern '*-api' matched 4 flows: pr-42-api, pr-420-api, main-api, pr-43-api"
    ])
  })

  it('says so when a pattern matches nothing, with how many flows were looked at', () => {
    expect(matchFlows(['pr-99-*'], names, 'cn-hangzhou')).toEqual({
      targets: [],
      notes: ["flow-name-pattern 'pr-99-*' matched no flow among the 5 flows of cn-hangzhou"]
    })
  })
})
