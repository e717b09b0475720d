/**
 * flow-name-pattern: glob patterns over flow names, matched on our side (ListFlows has no name
 * filter). `*` matches any run of characters, none included; `?` exactly one; everything else is
 * literal and case-sensitive, and the pattern must match the whole name.
 *
 * Each pattern is compiled once: the literal run before its first `*` must start the name, the
 * run after its last `*` must end it, and the runs between are found left to right, each at its
 * leftmost place (taking the leftmost place never loses a match, since a `*` can swallow what lies
 * before a later one). Each run is searched with a bit-parallel automaton (shift-and) that reads
 * every character of the name once and never steps back, so a pattern costs time linear in the
 * name whatever its stars; the two-pointer walk it replaces stepped back at every mismatch, which
 * cost name × pattern on names built to miss.
 */

/** What a pattern may hold: the characters of flow names, and the two wildcards. */
export const GLOB_PATTERN = /^[A-Za-z0-9_*?-]+$/
export const MAX_PATTERN_LENGTH = 128

const WORD = 32

/** One run between stars, `?` allowed, with what the automaton needs to find it. */
interface Run {
  text: string
  length: number
  words: number
  /** Per character code below 128, `words` words with a bit per position that character may fill. */
  masks: Uint32Array
  /** The positions of `?`: all any other character may fill. */
  any: Uint32Array
}

/** Flow names are ASCII; a character beyond it can only fill a `?`. */
const CODES = 128

function compileRun(text: string): Run {
  const words = Math.max(1, Math.ceil(text.length / WORD))
  const any = new Uint32Array(words)
  for (let i = 0; i < text.length; i++) if (text[i] === '?') any[i >>> 5]! |= 1 << (i & 31)
  const masks = new Uint32Array(CODES * words)
  for (let code = 0; code < CODES; code++) masks.set(any, code * words)
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (text[i] !== '?' && code < CODES) masks[code * words + (i >>> 5)]! |= 1 << (i & 31)
  }
  return { text, length: text.length, words, masks, any }
}

/** Whether `run` matches `name` exactly at `at`. */
function runAt(run: Run, name: string, at: number): boolean {
  const { text } = run
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c !== 63 /* ? */ && c !== name.charCodeAt(at + i)) return false
  }
  return true
}

/** Where the leftmost place of `run` in name[from, to) ends (exclusive), or -1: one pass, no stepping back. */
function findRun(run: Run, name: string, from: number, to: number, state: Uint32Array): number {
  if (run.length === 0) return from
  const last = run.length - 1
  const lastWord = last >>> 5
  const lastBit = 1 << (last & 31)
  state.fill(0, 0, run.words)
  const { words, masks, any } = run
  if (words === 1) {
    // Most runs fit one word: the same automaton in one register.
    let word = 0
    for (let n = from; n < to; n++) {
      const code = name.charCodeAt(n)
      word = ((word << 1) | 1) & (code < CODES ? masks[code]! : any[0]!)
      if ((word & lastBit) !== 0) return n + 1
    }
    return -1
  }
  for (let n = from; n < to; n++) {
    const code = name.charCodeAt(n)
    const masked = code < CODES ? masks : any
    const base = code < CODES ? code * words : 0
    // Shift every partial match one place on, start a new one here, keep those the character allows.
    let carry = 1
    for (let w = 0; w < words; w++) {
      const word = state[w]!
      state[w] = ((word << 1) | carry) & masked[base + w]!
      carry = word >>> 31
    }
    if ((state[lastWord]! & lastBit) !== 0) return n + 1
  }
  return -1
}

/** One pattern, compiled: what must start the name, the runs to find in order, what must end it. */
interface CompiledGlob {
  pattern: string
  /** No `*`: the whole pattern is `head`, and the name must have its length. */
  starred: boolean
  head: Run
  middle: Run[]
  tail: Run
  /** The fewest characters a matching name has. */
  minLength: number
}

function compileGlob(pattern: string): CompiledGlob {
  const parts = pattern.split('*')
  const starred = parts.length > 1
  const head = compileRun(parts[0]!)
  const tail = compileRun(starred ? parts[parts.length - 1]! : '')
  const middle = parts
    .slice(1, -1)
    .filter((part) => part !== '')
    .map(compileRun)
  const minLength = parts.reduce((sum, part) => sum + part.length, 0)
  return { pattern, starred, head, middle, tail, minLength }
}

/** What matching has cost: the characters of names read, each times the words of the run reading it. */
export interface MatchCost {
  steps: number
}

function matchesCompiled(glob: CompiledGlob, name: string, state: Uint32Array, cost: MatchCost): boolean {
  if (!glob.starred) {
    cost.steps += glob.head.length
    return name.length === glob.minLength && runAt(glob.head, name, 0)
  }
  if (name.length < glob.minLength) return false
  const end = name.length - glob.tail.length
  cost.steps += glob.head.length + glob.tail.length
  if (!runAt(glob.head, name, 0) || !runAt(glob.tail, name, end)) return false
  let at = glob.head.length
  for (const run of glob.middle) {
    const found = findRun(run, name, at, end, state)
    cost.steps += ((found < 0 ? end : found) - at) * run.words
    if (found < 0) return false
    at = found
  }
  return true
}

/** Patterns compiled once, for matching many names. */
export class GlobMatcher {
  private readonly globs: CompiledGlob[]
  private readonly state: Uint32Array
  /** What matching has cost so far (for the tests and the bench: cost is counted, not timed). */
  readonly cost: MatchCost = { steps: 0 }

  constructor(patterns: readonly string[]) {
    this.globs = [...new Set(patterns)].map(compileGlob)
    const words = this.globs.flatMap((glob) => glob.middle.map((run) => run.words))
    this.state = new Uint32Array(Math.max(1, ...words))
  }

  /** Whether `name` matches any of the patterns. */
  matchesAny(name: string): boolean {
    return this.globs.some((glob) => matchesCompiled(glob, name, this.state, this.cost))
  }

  /** The patterns `name` matches, as given. */
  matching(name: string): string[] {
    return this.globs.filter((glob) => matchesCompiled(glob, name, this.state, this.cost)).map((glob) => glob.pattern)
  }
}

/** Whether `name` matches `pattern` as a whole (one pattern, compiled for this call). */
export function matchesGlob(pattern: string, name: string): boolean {
  return new GlobMatcher([pattern]).matchesAny(name)
}
