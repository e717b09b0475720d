/**
 * Files a run reads or makes, held to what they claim to be. A path the workflow gives (a
 * manifest downloaded from another job) may name a FIFO, a device or a folder: reading one would
 * hang the step past its cancellation, or read without end. Only a regular file is read, never
 * past a size limit, and a folder is made one level at a time (Node 20's recursive mkdir loops
 * forever under /proc).
 */
import fs from 'node:fs'
import path from 'node:path'

/** Why a file was not read: it is not a regular file, or it is larger than the limit. */
export class FileRefused extends Error {
  constructor(
    readonly code: 'ENOTREG' | 'EFBIG',
    message: string
  ) {
    super(message)
    this.name = 'FileRefused'
  }
}

/** What a path that is not a regular file is, in words. */
function kindOf(stats: fs.Stats): string {
  if (stats.isDirectory()) return 'a folder'
  if (stats.isFIFO()) return 'a named pipe (FIFO)'
  if (stats.isCharacterDevice()) return 'a character device'
  if (stats.isBlockDevice()) return 'a block device'
  if (stats.isSocket()) return 'a socket'
  return 'not a regular file'
}

/**
 * A regular file's text, at most `maxBytes`; throws FileRefused for anything else (fs's own errors,
 * ENOENT and EACCES among them, as they come). Opened without blocking, so a FIFO cannot hold it.
 */
export function readRegularFile(file: string, maxBytes: number): string {
  const before = fs.statSync(file)
  if (!before.isFile()) throw new FileRefused('ENOTREG', `it is ${kindOf(before)}, not a regular file`)
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK)
  try {
    const stats = fs.fstatSync(fd)
    // Swapped for something else between the look and the open.
    if (!stats.isFile()) throw new FileRefused('ENOTREG', `it is ${kindOf(stats)}, not a regular file`)
    if (stats.size > maxBytes) throw tooLarge(stats.size, maxBytes)
    const chunks: Buffer[] = []
    let length = 0
    for (;;) {
      const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, maxBytes + 1 - length))
      const read = fs.readSync(fd, chunk, 0, chunk.length, null)
      if (read === 0) break
      chunks.push(chunk.subarray(0, read))
      length += read
      // It grew while it was read.
      if (length > maxBytes) throw tooLarge(length, maxBytes)
    }
    return Buffer.concat(chunks, length).toString('utf8')
  } finally {
    fs.closeSync(fd)
  }
}

const CHUNK_BYTES = 1024 * 1024

function tooLarge(size: number, maxBytes: number): FileRefused {
  return new FileRefused(
    'EFBIG',
    `it is ${size > maxBytes ? `over ${maxBytes / 1024 / 1024} MiB` : `${size} bytes`}, more than the ${maxBytes / 1024 / 1024} MiB flow-ops reads`
  )
}

/** A folder's entries, or undefined when `dir` is not a folder (a file, or nothing: reading it says which). */
export function readFolder(dir: string): string[] | undefined {
  let stats: fs.Stats
  try {
    stats = fs.statSync(dir)
  } catch {
    return undefined
  }
  return stats.isDirectory() ? fs.readdirSync(dir) : undefined
}

/**
 * Makes `dir` and the folders above it that are missing, one mkdir each, from the top down: a
 * level that cannot be made fails at once (with fs's error), whatever the file system.
 */
export function makeFolder(dir: string): void {
  const missing: string[] = []
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (fs.existsSync(at)) break
    missing.unshift(at)
    if (path.dirname(at) === at) break
  }
  for (const folder of missing) {
    try {
      fs.mkdirSync(folder)
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error
    }
  }
}
