// Writes dist/licenses.txt: the name, version, license and license text of every package the
// bundle contains, read from ncc's webpack stats. (ncc's own --license skips packages whose
// license file it does not recognise, @actions/core among them.)
// Usage: node scripts/licenses.mjs <ncc stats json> <output file>
import fs from 'node:fs'
import path from 'node:path'

const [statsFile, outputFile] = process.argv.slice(2)
const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'))

/** Package directories (relative to the repository) of every bundled module, nested ones included. */
const packageDirs = new Set()
const visit = (modules) => {
  for (const module of modules ?? []) {
    const id = `${module.name ?? ''} ${module.identifier ?? ''}`
    for (const match of id.matchAll(/((?:node_modules\/(?:@[^/\s]+\/)?[^/\s]+\/?)+)/g)) {
      packageDirs.add(match[1].replace(/\/$/, ''))
    }
    visit(module.modules)
  }
}
visit(stats.modules)
for (const chunk of stats.chunks ?? []) visit(chunk.modules)

const LICENSE_FILES = /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i
const entries = [...packageDirs]
  .filter((dir) => fs.existsSync(path.join(dir, 'package.json')))
  .map((dir) => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
    const file = fs.readdirSync(dir).find((name) => LICENSE_FILES.test(name))
    const text = file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : '(no license file in the package)'
    return { name: pkg.name, version: pkg.version, license: pkg.license ?? 'UNKNOWN', text }
  })
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1))
const unique = entries.filter(
  (e, i) => i === 0 || e.name !== entries[i - 1].name || e.version !== entries[i - 1].version
)

fs.writeFileSync(
  outputFile,
  `Packages bundled into dist/ (${unique.length}), with their licenses.\n\n` +
    unique
      .map((e) => `${e.name}@${e.version}\n${e.license}\n\n${e.text}\n`)
      .join('\n----------------------------------------\n\n')
)
console.log(`${outputFile}: ${unique.map((e) => `${e.name}@${e.version} (${e.license})`).join(', ')}`)
