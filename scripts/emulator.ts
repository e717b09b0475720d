/**
 * npm run emulator -- [names…]: an emulator on its own, for trying the action by hand (for
 * example from a workflow run locally). By default the fnf emulator with the given flows;
 * with --enos, the EnOS gateway with the given running flow instances. PORT picks the port.
 */
import { ENOS_EMULATOR_APP, ENOS_EMULATOR_USER, EnosEmulator } from '../emulators/enos-emulator.js'
import { EMULATOR_DEFAULT_ACCOUNT, FnfEmulator } from '../emulators/fnf-emulator.js'

const args = process.argv.slice(2)
const enos = args.includes('--enos')
const names = args.filter((a) => a !== '--enos')
const port = Number(process.env['PORT'] ?? 0)

const emulator = enos
  ? await new EnosEmulator({ instances: names.length > 0 ? names : ['2438-201908081020'] }).start(port)
  : await new FnfEmulator({ flows: names.length > 0 ? names : ['my-flow'] }).start(port)

console.log(
  enos
    ? `EnOS gateway emulator on ${emulator.url}
flow instances: ${names.length > 0 ? names.join(', ') : '2438-201908081020'} (running)
app-key:    ${ENOS_EMULATOR_APP.appKey}
app-secret: ${ENOS_EMULATOR_APP.appSecret}
org-id:     ${ENOS_EMULATOR_USER.orgId}
user-id:    ${ENOS_EMULATOR_USER.userId}`
    : `fnf emulator on ${emulator.url}
flows:             ${(emulator as FnfEmulator).flows.join(', ')}
access-key-id:     ${EMULATOR_DEFAULT_ACCOUNT.accessKeyId}
access-key-secret: ${EMULATOR_DEFAULT_ACCOUNT.accessKeySecret}`
)
console.log('Ctrl-C stops it.')
const stop = () => void emulator.stop().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
