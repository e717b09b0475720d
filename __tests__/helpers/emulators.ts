/** The emulators as the end-to-end tests start them. */
import { afterAll, beforeAll } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { EnosEmulator } from '../../emulators/enos-emulator.js'
import { FnfEmulator } from '../../emulators/fnf-emulator.js'
import { loadRegion } from '../../emulators/region-file.js'
import { ROOT } from '../../scripts/lib/run-action.js'

/** Both emulators for a test file: started before its tests, stopped after them. Read the fields in tests. */
export function bothEmulators(): { fnf: FnfEmulator; enos: EnosEmulator } {
  const emulators = {} as { fnf: FnfEmulator; enos: EnosEmulator }
  beforeAll(async () => {
    emulators.fnf = await new FnfEmulator().start()
    emulators.enos = await new EnosEmulator().start()
  })
  afterAll(async () => {
    await emulators.enos.stop()
    await emulators.fnf.stop()
  })
  return emulators
}

export const EXAMPLE_REGION = fs.readFileSync(path.join(ROOT, 'docs', 'examples', 'region.json'), 'utf8')

/** Fresh emulators holding docs/examples/region.json; `stops` gets what stops them. */
export async function exampleRegion(stops: (() => Promise<void>)[]): Promise<{ fnf: FnfEmulator; enos: EnosEmulator }> {
  const fnf = await new FnfEmulator().start()
  const enos = await new EnosEmulator().start()
  stops.push(
    () => fnf.stop(),
    () => enos.stop()
  )
  loadRegion(EXAMPLE_REGION, { fnf, enos })
  return { fnf, enos }
}
