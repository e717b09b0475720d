import { describe, expect, it } from '@jest/globals'
import { SendWindow } from '../../../src/http/send-window.js'

describe('SendWindow', () => {
  it('numbers tickets in order and knows which are in flight after one', () => {
    const window = new SendWindow(1000)
    const [a, b, c] = [window.issue(0), window.issue(1), window.issue(2)]
    expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 3])
    window.answered(b, 5)
    window.unanswered(c)
    expect([...window.inFlightAfter(0)]).toEqual([1])
  })

  it('spaces requests evenly at the rate', () => {
    const window = new SendWindow(1000)
    window.issue(100)
    expect(window.nextSlot(100, 100, 4, 100)).toBe(350)
    expect(window.nextSlot(100, 500, 4, 100)).toBe(500)
  })

  it('lets no more than perWindow be at the service in any window, counting an answered one from its answer', () => {
    const window = new SendWindow(1000)
    const tickets = [0, 1, 2].map((t) => window.issue(t))
    // Answered at 40: it may have reached the service as late as that.
    window.answered(tickets[0]!, 40)
    window.answered(tickets[1]!, 41)
    // At the service at 2 (in flight since), 40 and 41: room for a third once the one from 2 is a second old,
    expect(window.nextSlot(50, 50, 1000, 3)).toBe(1002)
    // and for a second once the one from 40 is too.
    expect(window.nextSlot(50, 50, 1000, 2)).toBe(1040)
  })
})
