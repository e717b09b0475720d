/**
 * from-manifest: a manifest an earlier run wrote, read and checked while the inputs are parsed, so
 * that a file that is missing, not a manifest, of an unknown version or cut short is an input error
 * (or a warning) before anything is sent. Read once per run, however many parsers ask for it.
 */
import { describeValue, InputError, type InputSource } from '../config/input-rules.js'
import { readManifest, type ReadManifest } from '../report/manifest-read.js'

export const FROM_MANIFEST = 'from-manifest'

/** A manifest read from a file, and the path it was read from. */
export interface LoadedManifest extends ReadManifest {
  path: string
}

const loaded = new WeakMap<InputSource, LoadedManifest>()

/** The manifest `from-manifest` names, or undefined when the input is empty. */
export function loadManifest(source: InputSource): LoadedManifest | undefined {
  const path = source.read(FROM_MANIFEST)
  if (path === '') return undefined
  const known = loaded.get(source)
  if (known && known.path === path) return known
  if (!source.readFile) throw new InputError(FROM_MANIFEST, 'cannot be read here: no file may be read')
  let text: string
  try {
    text = source.readFile(path)
  } catch (error) {
    const code = (error as { code?: string }).code
    const message = error instanceof Error ? error.message : String(error)
    throw new InputError(
      FROM_MANIFEST,
      code === 'ENOENT'
        ? `names no file: ${describeValue(path)} does not exist (give the path of a manifest an earlier run wrote, such as one downloaded with actions/download-artifact)`
        : code === 'ENOTREG' || code === 'EFBIG'
          ? `cannot be read (${describeValue(path)}): ${message}. Give the path of a manifest file an earlier run wrote`
          : `cannot be read (${describeValue(path)}): ${code ?? message}`
    )
  }
  const read = readManifest(text)
  if ('problem' in read) {
    throw new InputError(FROM_MANIFEST, `is not a manifest flow-ops can read (${describeValue(path)}): ${read.problem}`)
  }
  if (read.cutShort) {
    source.warn(
      `from-manifest ${describeValue(path)} was cut short (the run that wrote it was stopped before its end): its ${read.records.length} whole records are used, and what that run did after them is not known`
    )
  }
  const manifest = { ...read, path }
  loaded.set(source, manifest)
  return manifest
}

/** The manifest `from-manifest` names, which the operation needs: an input error when it is empty. */
export function requireManifest(source: InputSource, what: string): LoadedManifest {
  const manifest = loadManifest(source)
  if (!manifest) throw new InputError(FROM_MANIFEST, `is required ${what}`)
  return manifest
}
