/**
 * The rate controller's bookkeeping of what has been sent: each request's ticket, which are still
 * in flight, and when each recent one may have reached the service — its send time while in
 * flight, its answer time once answered (the service counted it at some moment in between, and a
 * first request that had to open a connection may have got there long after it was sent).
 */

/** When a request was let go, and its place in the order of sending. */
export interface SendTicket {
  seq: number
  sentAt: number
}

export class SendWindow {
  private seq = 0
  private lastSentAt = Number.NEGATIVE_INFINITY
  private readonly reached = new Map<number, number>()
  private readonly inFlight = new Set<number>()

  constructor(private readonly windowMs: number) {}

  issue(now: number): SendTicket {
    const ticket = { seq: ++this.seq, sentAt: now }
    this.reached.set(ticket.seq, now)
    this.inFlight.add(ticket.seq)
    this.lastSentAt = now
    return ticket
  }

  /** An answer came: the request reached the service by now. */
  answered(ticket: SendTicket, now: number): void {
    if (this.reached.has(ticket.seq)) this.reached.set(ticket.seq, now)
    this.inFlight.delete(ticket.seq)
  }

  /** No answer came (a timeout, a reset, not sent): it may or may not have reached the service. */
  unanswered(ticket: SendTicket): void {
    this.inFlight.delete(ticket.seq)
  }

  /** The requests still in flight that were sent after `seq`. */
  inFlightAfter(seq: number): Set<number> {
    return new Set([...this.inFlight].filter((other) => other > seq))
  }

  /**
   * The earliest moment, not before `earliest`, a request may go at `rate` a second, evenly
   * spaced, with at most `perWindow` of them at the service in any window.
   */
  nextSlot(now: number, earliest: number, rate: number, perWindow: number): number {
    let at = Math.max(earliest, this.lastSentAt + this.windowMs / rate)
    const recent = this.recentArrivals(now)
    if (recent.length >= perWindow) at = Math.max(at, recent[recent.length - perWindow]! + this.windowMs)
    return at
  }

  /** When the requests of the last window reached the service, oldest first (answered ones pruned once old). */
  private recentArrivals(now: number): number[] {
    const since = now - this.windowMs
    for (const [seq, at] of this.reached) if (at <= since && !this.inFlight.has(seq)) this.reached.delete(seq)
    return [...this.reached.values()].filter((at) => at > since).sort((a, b) => a - b)
  }
}
