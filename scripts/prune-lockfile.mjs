// Drops optionalDependencies edges from package-lock.json whose packages the lockfile does not
// hold. This workplace's npm registry serves only the platform packages of linux; npm install
// then leaves unrs-resolver's other-platform bindings out of the lockfile while keeping the
// edges to them, and `npm ci` refuses the lockfile as out of sync. Run after `npm install`.
import fs from 'node:fs'

const file = new URL('../package-lock.json', import.meta.url)
const lock = JSON.parse(fs.readFileSync(file, 'utf8'))
const packages = lock.packages

function resolves(from, name) {
  for (let base = from; ;) {
    if (packages[`${base ? `${base}/` : ''}node_modules/${name}`]) return true
    if (!base) return false
    const cut = base.lastIndexOf('/node_modules/')
    base = cut >= 0 ? base.slice(0, cut) : ''
  }
}

let pruned = 0
for (const [path, meta] of Object.entries(packages)) {
  for (const name of Object.keys(meta.optionalDependencies ?? {})) {
    if (!resolves(path, name)) {
      delete meta.optionalDependencies[name]
      pruned++
    }
  }
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`)
console.log(`pruned ${pruned} optional dependency edge(s) with no package in the lockfile`)
