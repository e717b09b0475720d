import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import { USER_AGENT } from '../../../src/http/send.js'
import { VERSION } from '../../../src/http/version.js'

describe('VERSION', () => {
  it('is package.json’s, the one place a release sets it, and the User-Agent carries it', () => {
    const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string }
    expect(VERSION).toBe(version)
    expect(USER_AGENT.startsWith(`flow-ops/${version} node/`)).toBe(true)
  })
})
