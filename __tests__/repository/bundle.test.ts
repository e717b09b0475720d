/**
 * The last build step (scripts/finish-bundle.mjs): each module factory of the bundle becomes a
 * parenthesised function expression, V8's hint to compile it with the script instead of parsing it
 * twice, and only where that changes nothing the factory does.
 */
import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
// @ts-expect-error -- a build script in plain JavaScript, without types
import { markFactoriesEager } from '../../scripts/finish-bundle.mjs'
import { ROOT } from '../helpers/run-action.js'

const mark = markFactoriesEager as (code: string) => { code: string; factories: number }

describe('marking module factories for eager compilation', () => {
  const bundle = [
    'var m={',
    '1:(e,t,n)=>{t.a=n+1},',
    '2:(e,t,n)=>{t.b=this},',
    '3:async(e,t,n)=>{t.c=1},',
    '4:(e,t,n)=>{t.d=()=>arguments.length},',
    '5:(e,t,n)=>{t.e=function(){return this}},',
    '6:e=>e+1',
    '};var other={a:(e)=>{e.x=1}};globalThis.out=m'
  ].join('')

  it('rewrites each factory that uses neither `this` nor `arguments` of its own, and nothing else', () => {
    const { code, factories } = mark(bundle)
    expect(factories).toBe(2)
    expect(code).toContain('1:(function(e,t,n){t.a=n+1})')
    expect(code).toContain('5:(function(e,t,n){t.e=function(){return this}})')
    // An arrow's `this` and `arguments` are its context's: those factories stay arrows, as do an
    // async one, one without a block, and anything that is not a table of numbered factories.
    expect(code).toContain('2:(e,t,n)=>{t.b=this}')
    expect(code).toContain('3:async(e,t,n)=>{t.c=1}')
    expect(code).toContain('4:(e,t,n)=>{t.d=()=>arguments.length}')
    expect(code).toContain('6:e=>e+1')
    expect(code).toContain('var other={a:(e)=>{e.x=1}}')
  })

  it('keeps what each factory does', () => {
    const run = (code: string) => {
      const context: { out?: Record<number, (...args: unknown[]) => unknown> } = {}
      vm.runInNewContext(code.replace('globalThis.out', 'this.out'), context)
      const exports: Record<string, unknown> = {}
      context.out![1]!({}, exports, 41)
      context.out![5]!({}, exports, 0)
      return { a: exports['a'], e: typeof exports['e'] }
    }
    expect(run(mark(bundle).code)).toEqual(run(bundle))
    expect(run(mark(bundle).code)).toEqual({ a: 42, e: 'function' })
  })

  it('has marked the committed bundle', () => {
    const entry = fs.readFileSync(path.join(ROOT, 'dist', 'index.js'), 'utf8')
    expect(entry.match(/[{,]\d+:\(function\([a-z,]*\)\{/g)?.length ?? 0).toBeGreaterThan(5)
    expect(mark(entry).factories).toBe(0)
  })
})
