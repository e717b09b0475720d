/** Deterministic randomness for generated test cases, so a failure can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ALPHABET = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...'-_.~ !*\'()/:;=&+%?#@[]$,"<>{}|\\^`',
  'é',
  '中',
  '文',
  'ß',
  '😀',
  'ñ',
  '\u00a0'
]

export function randomString(random: () => number, maxLength: number, minLength = 0): string {
  const length = minLength + Math.floor(random() * (maxLength - minLength + 1))
  let out = ''
  for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(random() * ALPHABET.length)]
  return out
}

/** A random RPC parameter set: the common V1 parameters plus a few arbitrary ones. */
export function randomParams(random: () => number): Record<string, string> {
  const params: Record<string, string> = {
    AccessKeyId: randomString(random, 24, 1),
    Action: 'DeleteFlow',
    Format: 'json',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: randomString(random, 32, 1),
    SignatureVersion: '1.0',
    Timestamp: '2026-11-23T01:02:03Z',
    Version: '2019-03-15',
    Name: randomString(random, 40, 1)
  }
  const extra = Math.floor(random() * 4)
  for (let i = 0; i < extra; i++)
    params[`P${randomString(random, 6, 1).replace(/[^A-Za-z0-9]/g, 'x')}`] = randomString(random, 20)
  return params
}
