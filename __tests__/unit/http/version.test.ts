import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import { VERSION } from '../../../src/http/version.js'

describe('VERSION', () => {
  it('matches package.json', () => {
    expect(VERSION).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version)
  })
})
