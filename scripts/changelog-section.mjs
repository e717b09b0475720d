// Prints the CHANGELOG.md section of a version (its heading `## <version>` up to the next `## `),
// for the release notes; fails when there is none.
// Usage: node scripts/changelog-section.mjs 1.0.0 [CHANGELOG.md]
import fs from 'node:fs'

const [version, file = 'CHANGELOG.md'] = process.argv.slice(2)
const lines = fs.readFileSync(file, 'utf8').split('\n')
const start = lines.findIndex((line) => /^## (\d+\.\d+\.\d+)(\s|$)/.exec(line)?.[1] === version)
if (!version || start < 0) {
  console.error(`CHANGELOG.md has no section '## ${version}': write one before tagging v${version}`)
  process.exit(1)
}
const end = lines.findIndex((line, i) => i > start && line.startsWith('## '))
console.log(
  lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .trim()
)
