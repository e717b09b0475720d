import { describe, expect, it } from '@jest/globals'
import { GlobMatcher } from '../../../../src/providers/alibaba/glob.js'
import { PatternTally } from '../../../../src/providers/alibaba/selection.js'

/** Each name tallied against the patterns it matches, as the listing does page by page. */
function tallied(patterns: string[], names: string[]): string[] {
  const matcher = new GlobMatcher(patterns)
  const tally = new PatternTally(patterns)
  for (const name of names) tally.add(name, matcher.matching(name))
  return tally.notes(names.length, 'cn-hangzhou')
}

describe('PatternTally', () => {
  const names = ['pr-42-api', 'pr-42-worker', 'pr-420-api', 'main-api', 'pr-43-api']

  it('says what each pattern matched, in listing order, a flow under every pattern it matches', () => {
    expect(tallied(['pr-42-*', '*-api'], names)).toEqual([
      "flow-name-pattern 'pr-42-*' matched 2 flows: pr-42-api, pr-42-worker",
      "flow-name-pattern '*-api' matched 4 flows: pr-42-api, pr-420-api, main-api, pr-43-api"
    ])
  })

  it('says so when a pattern matches nothing, with how many flows were looked at', () => {
    expect(tallied(['pr-99-*'], names)).toEqual([
      "flow-name-pattern 'pr-99-*' matched no flow among the 5 flows of cn-hangzhou"
    ])
  })

  it('names the first ten and counts the rest', () => {
    const many = Array.from({ length: 13 }, (_, i) => `pr-${i}`)
    expect(tallied(['pr-*'], many)).toEqual([
      "flow-name-pattern 'pr-*' matched 13 flows: pr-0, pr-1, pr-2, pr-3, pr-4, pr-5, pr-6, pr-7, pr-8, pr-9 and 3 more"
    ])
  })
})
