/**
 * npm run emulator -- [names…]: an emulator on its own, for trying the action by hand (see
 * docs/local.md). By default the fnf emulator with the given flows; with --enos, the EnOS gateway
 * with the given running flow instances; with --region <file.json>, both, holding the region the
 * file describes (emulators/region-file.ts). PORT picks the fnf emulator's port (the EnOS one's is
 * the next).
 */
import fs from 'node:fs'
import { ENOS_EMULATOR_APP, ENOS_EMULATOR_USER, EnosEmulator } from '../emulators/enos-emulator.js'
import { EMULATOR_DEFAULT_ACCOUNT, FnfEmulator } from '../emulators/fnf-emulator.js'
import { loadRegion } from '../emulators/region-file.js'

const args = process.argv.slice(2)
const regionAt = args.indexOf('--region')
const regionFile = regionAt >= 0 ? args[regionAt + 1] : undefined
if (regionAt >= 0 && !regionFile) {
  console.error('usage: npm run emulator -- --region <file.json>')
  process.exit(2)
}
const enosOnly = args.includes('--enos')
const names = args.filter((a, i) => a !== '--enos' && a !== '--region' && i !== regionAt + 1)
const port = Number(process.env['PORT'] ?? 0)

const fnf = enosOnly ? undefined : new FnfEmulator(regionFile ? {} : { flows: names.length > 0 ? names : ['my-flow'] })
const enos =
  enosOnly || regionFile
    ? new EnosEmulator(regionFile ? {} : { instances: names.length > 0 ? names : ['2438-201908081020'] })
    : undefined
await fnf?.start(port)
await enos?.start(port > 0 && fnf ? port + 1 : port)
if (regionFile) {
  const counts = loadRegion(fs.readFileSync(regionFile, 'utf8'), { ...(fnf ? { fnf } : {}), ...(enos ? { enos } : {}) })
  console.log(
    `${regionFile}: ${counts.flows} flows (${counts.schedules} schedules, ${counts.executions} executions), ${counts.enosFlows} EnOS flows (${counts.instances} instances)`
  )
}
if (fnf) {
  console.log(`fnf emulator on ${fnf.url}
flows:             ${fnf.flows.join(', ')}
access-key-id:     ${EMULATOR_DEFAULT_ACCOUNT.accessKeyId}
access-key-secret: ${EMULATOR_DEFAULT_ACCOUNT.accessKeySecret}`)
}
if (enos) {
  console.log(`EnOS gateway emulator on ${enos.url}
app-key:    ${ENOS_EMULATOR_APP.appKey}
app-secret: ${ENOS_EMULATOR_APP.appSecret}
org-id:     ${ENOS_EMULATOR_USER.orgId}
user-id:    ${ENOS_EMULATOR_USER.userId}`)
}
console.log('Ctrl-C stops it.')
const stop = () => void Promise.all([fnf?.stop(), enos?.stop()]).then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
