// The last step of npm run build, over the files ncc wrote to dist/:
//
// 1. Minify the chunks. ncc minifies the entry (dist/index.js) and leaves the chunks of code loaded
//    on demand (each operation's provider, the proxy agent) as they are; they get the same terser
//    pass here.
// 2. Mark every module's code for eager compilation. A bundle is an object of module factories,
//    `{160:(n,r,s)=>{…}}`, each run once at load. V8 pre-parses a function it is not told will run
//    at once, then parses it again in full when it is called: for the entry's factory, which holds
//    most of the action, that second pass took some 10 ms of a 75 ms run. A function expression in
//    parentheses is V8's hint that it runs at once ("PIFE", https://v8.dev/blog/preparser), so each
//    factory becomes `(function(n,r,s){…})`. Only factories that use neither `this` nor `arguments`
//    are rewritten (an arrow's differ from a function's); the rest are left as they are.
//
// Both passes are deterministic: CI rebuilds dist/ and compares it with what is committed.
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'acorn'
import { minify } from 'terser'

/** Whether `node` (an arrow's body) uses `this` or `arguments` of its own, outside nested functions. */
function usesOwnThisOrArguments(node) {
  let found = false
  const visit = (n) => {
    if (found || !n || typeof n.type !== 'string') return
    if (n.type === 'ThisExpression' || (n.type === 'Identifier' && n.name === 'arguments')) {
      found = true
      return
    }
    // A function (not an arrow) or a class has its own `this` and `arguments`.
    if (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration') return
    if (n.type === 'ClassBody') return
    for (const key of Object.keys(n)) {
      const value = n[key]
      if (Array.isArray(value)) value.forEach(visit)
      else if (value && typeof value.type === 'string') visit(value)
    }
  }
  visit(node)
  return found
}

/** An object of module factories: numeric keys, each an arrow function of at most three parameters. */
function isModuleTable(node) {
  return (
    node.type === 'ObjectExpression' &&
    node.properties.length > 0 &&
    node.properties.every(
      (p) =>
        p.type === 'Property' &&
        p.key.type === 'Literal' &&
        typeof p.key.value === 'number' &&
        (p.value.type === 'ArrowFunctionExpression' || p.value.type === 'FunctionExpression') &&
        p.value.params.length <= 3
    )
  )
}

/** The code with each module factory as a parenthesised function expression; and how many were rewritten. */
export function markFactoriesEager(code) {
  const ast = parse(code, { ecmaVersion: 'latest', sourceType: 'module' })
  const edits = []
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return
    if (isModuleTable(node)) {
      for (const { value } of node.properties) {
        if (value.type !== 'ArrowFunctionExpression' || value.body.type !== 'BlockStatement') continue
        if (value.async || usesOwnThisOrArguments(value.body)) continue
        const params = value.params.map((p) => code.slice(p.start, p.end)).join(',')
        edits.push({ start: value.start, end: value.body.start, text: `(function(${params})` })
        edits.push({ start: value.end, end: value.end, text: ')' })
      }
      return
    }
    for (const key of Object.keys(node)) {
      const value = node[key]
      if (Array.isArray(value)) value.forEach(visit)
      else if (value && typeof value.type === 'string') visit(value)
    }
  }
  visit(ast)
  let out = code
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end)
  }
  return { code: out, factories: edits.length / 2 }
}

export async function finishBundle(dist) {
  const files = fs.readdirSync(dist).filter((file) => file.endsWith('.js'))
  let factories = 0
  for (const file of files) {
    const at = path.join(dist, file)
    let code = fs.readFileSync(at, 'utf8')
    if (file !== 'index.js') {
      const minified = await minify(code, { module: true, compress: true, mangle: true })
      code = minified.code
    }
    const marked = markFactoriesEager(code)
    factories += marked.factories
    fs.writeFileSync(at, marked.code)
  }
  console.log(`dist: ${files.length - 1} chunks minified, ${factories} module factories marked for eager compilation`)
}
