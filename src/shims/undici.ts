export class ProxyAgent {
  constructor() {
    throw new Error('undici is not bundled')
  }
}
export function fetch(): never {
  throw new Error('undici is not bundled')
}
