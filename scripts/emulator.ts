/**
 * npm run emulator -- [flow names…]: the fnf emulator on its own, for trying the action by hand
 * (for example with a workflow run locally). PORT picks the port (default: a free one).
 */
import { EMULATOR_DEFAULT_ACCOUNT, FnfEmulator } from '../emulators/fnf-emulator.js'

const flows = process.argv.slice(2)
const emulator = await new FnfEmulator({ flows: flows.length > 0 ? flows : ['my-flow'] }).start(
  Number(process.env['PORT'] ?? 0)
)
console.log(`fnf emulator on ${emulator.url}
flows:             ${emulator.flows.join(', ')}
access-key-id:     ${EMULATOR_DEFAULT_ACCOUNT.accessKeyId}
access-key-secret: ${EMULATOR_DEFAULT_ACCOUNT.accessKeySecret}
Ctrl-C stops it.`)
process.on('SIGINT', () => void emulator.stop().then(() => process.exit(0)))
process.on('SIGTERM', () => void emulator.stop().then(() => process.exit(0)))
