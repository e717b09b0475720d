// Fails when a start-up shim no longer stands in for what the bundle imports from the package it
// replaces. The bundler does not check it: a shim that lacks a name another module imports builds
// without a warning, and every run then crashes at start-up. Every module in the bundle (from ncc's
// webpack stats) that imports a shimmed specifier is parsed, and each name it imports must be one
// the shim exports.
// Usage: node scripts/check-shims.mjs [--stats build/ncc-stats.json] [--tsconfig tsconfig.json]
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

const args = process.argv.slice(2)
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback)
const statsFile = path.resolve(option('--stats', 'build/ncc-stats.json'))
const tsconfigFile = path.resolve(option('--tsconfig', 'tsconfig.json'))

const tsconfig = JSON.parse(fs.readFileSync(tsconfigFile, 'utf8'))
const tsconfigDir = path.dirname(tsconfigFile)
const baseUrl = path.resolve(tsconfigDir, tsconfig.compilerOptions.baseUrl ?? '.')
/** Shimmed specifier → the shim's file. */
const shims = new Map(
  Object.entries(tsconfig.compilerOptions.paths).map(([spec, [file]]) => [spec, path.resolve(baseUrl, file)])
)

function parse(file) {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
}

/** What a shim exports, by name ('default' for the default export). */
function exportsOf(file) {
  const names = new Set()
  const visit = (node) => {
    const exported =
      ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
    if (exported && (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name)
      names.add(node.name.text)
    if (exported && ts.isVariableStatement(node))
      for (const d of node.declarationList.declarations) names.add(d.name.getText())
    if (ts.isExportAssignment(node)) names.add('default')
    if (ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause)) {
      for (const element of node.exportClause.elements) names.add(element.name.text)
    }
  }
  parse(file).forEachChild(visit)
  return names
}

/** The names `file` imports (or re-exports) from each specifier it uses: named ones, 'default', or '*'. */
function importsOf(file) {
  const found = []
  const visit = (node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const spec = node.moduleSpecifier.text
      const clause = ts.isImportDeclaration(node) ? node.importClause : undefined
      if (clause?.name) found.push([spec, 'default'])
      const bindings = ts.isImportDeclaration(node) ? clause?.namedBindings : node.exportClause
      if (bindings && (ts.isNamedImports(bindings) || ts.isNamedExports(bindings))) {
        for (const element of bindings.elements) found.push([spec, (element.propertyName ?? element.name).text])
      } else if (bindings || (ts.isExportDeclaration(node) && !node.exportClause)) found.push([spec, '*'])
    }
    if (
      ts.isCallExpression(node) &&
      node.expression.getText() === 'require' &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push([node.arguments[0].text, '*'])
    }
    node.forEachChild(visit)
  }
  parse(file).forEachChild(visit)
  return found
}

/** Every bundled module's file, from the stats (concatenated modules included), resolved from ncc's directory. */
function bundledFiles(stats) {
  // ncc runs from the repository's root: module names are relative to it.
  const context = process.cwd()
  const files = new Set()
  const visit = (modules) => {
    for (const module of modules ?? []) {
      const name = String(module.name ?? '').replace(/ \+ \d+ modules$/, '')
      if (/\.(m?js|cjs|ts)$/.test(name)) files.add(path.resolve(context, name))
      visit(module.modules)
    }
  }
  visit(stats.modules)
  return [...files].filter((file) => fs.existsSync(file) && !file.includes(`${path.sep}src${path.sep}shims${path.sep}`))
}

const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'))
const problems = []
let checked = 0
const shimExports = new Map([...shims].map(([spec, file]) => [spec, exportsOf(file)]))
for (const file of bundledFiles(stats)) {
  for (const [spec, name] of importsOf(file)) {
    const exported = shimExports.get(spec)
    if (!exported) continue
    checked++
    if (name !== '*' && !exported.has(name)) {
      problems.push(
        `${path.relative(process.cwd(), file)} imports '${name}' from '${spec}', which ${path.relative(process.cwd(), shims.get(spec))} does not export`
      )
    }
  }
}
if (problems.length > 0) {
  console.error(`The start-up shims no longer cover what the bundle imports:\n- ${problems.join('\n- ')}`)
  process.exit(1)
}
console.log(`shims: ${checked} imports of ${shims.size} shimmed modules checked, all covered`)
