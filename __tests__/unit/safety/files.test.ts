/**
 * Files a run reads are held to being regular files of a bounded size, and folders are made a
 * level at a time: a FIFO, a device, a folder or a socket named as a manifest is refused at once
 * (a read would hang the step past its cancellation), and a folder under /proc fails instead of
 * looping (Node 20's recursive mkdir does).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { FileRefused, makeFolder, readRegularFile } from '../../../src/safety/files.js'

let dir: string
let server: net.Server

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ops-files-'))
  execFileSync('mkfifo', [path.join(dir, 'fifo')])
  fs.mkdirSync(path.join(dir, 'folder'))
  fs.writeFileSync(path.join(dir, 'manifest.jsonl'), 'line\n')
  server = net.createServer()
  await new Promise<void>((resolve) => server.listen(path.join(dir, 'socket'), resolve))
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  fs.rmSync(dir, { recursive: true, force: true })
})

const refusal = (file: string, maxBytes = 1024) => {
  try {
    readRegularFile(file, maxBytes)
  } catch (error) {
    return error
  }
  throw new Error(`${file} was read`)
}

describe('readRegularFile', () => {
  it('reads a regular file', () => {
    expect(readRegularFile(path.join(dir, 'manifest.jsonl'), 1024)).toBe('line\n')
  })

  it.each([
    ['fifo', 'it is a named pipe (FIFO), not a regular file'],
    ['folder', 'it is a folder, not a regular file'],
    ['socket', 'it is a socket, not a regular file']
  ])('%s: refused at once, without blocking', (name, message) => {
    const error = refusal(path.join(dir, name))
    expect(error).toBeInstanceOf(FileRefused)
    expect(error).toMatchObject({ code: 'ENOTREG', message })
  })

  it('a device: refused (/dev/zero would be read without end)', () => {
    expect(refusal('/dev/zero')).toMatchObject({
      code: 'ENOTREG',
      message: 'it is a character device, not a regular file'
    })
  })

  it('a link to a FIFO is what it points at', () => {
    fs.symlinkSync(path.join(dir, 'fifo'), path.join(dir, 'link'))
    expect(refusal(path.join(dir, 'link'))).toMatchObject({ code: 'ENOTREG' })
  })

  it('a file over the limit: refused; one at the limit is read', () => {
    const file = path.join(dir, 'big.jsonl')
    fs.writeFileSync(file, 'x'.repeat(2 * 1024 * 1024 + 1))
    expect(refusal(file, 2 * 1024 * 1024)).toMatchObject({
      code: 'EFBIG',
      message: 'it is over 2 MiB, more than the 2 MiB flow-ops reads'
    })
    expect(readRegularFile(file, 2 * 1024 * 1024 + 1)).toHaveLength(2 * 1024 * 1024 + 1)
  })

  it('a missing file: fs’s own ENOENT', () => {
    expect(refusal(path.join(dir, 'nope'))).toMatchObject({ code: 'ENOENT' })
  })
})

describe('makeFolder', () => {
  it('makes the missing levels, and is content with those already there', () => {
    const deep = path.join(dir, 'a', 'b', 'c')
    makeFolder(deep)
    makeFolder(deep)
    expect(fs.statSync(deep).isDirectory()).toBe(true)
  })

  it('a level that cannot be made fails at once (under /proc, where a recursive mkdir loops on Node 20)', () => {
    expect(() => makeFolder('/proc/flow-ops-test/manifests')).toThrow(/ENOENT|EACCES|EPERM/)
  })
})
