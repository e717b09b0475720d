/**
 * from-manifest: manifests earlier runs wrote, read and checked while the inputs are parsed, so
 * that a file that is missing, not a manifest, of an unknown version or cut short is an input error
 * (or a warning) before anything is sent. One path a line; a folder (a downloaded artifact) stands
 * for the manifests (*.jsonl) in it. Read once per run, however many parsers ask for them.
 */
import { describeValue, InputError, parseLines, type InputSource } from '../config/input-rules.js'
import { readManifest, type ReadManifest } from '../report/manifest-read.js'

export const FROM_MANIFEST = 'from-manifest'

/** A manifest read from a file, and the path it was read from. */
export interface LoadedManifest extends ReadManifest {
  path: string
}

/** How many manifests one run reads at most (a teardown cut and finished a few times over). */
export const MAX_MANIFESTS = 100

const loaded = new WeakMap<InputSource, { raw: string; manifests: LoadedManifest[] }>()

/** The manifests `from-manifest` names, in the order given (a folder's in name order); none when it is empty. */
export function loadManifests(source: InputSource): LoadedManifest[] {
  const raw = source.read(FROM_MANIFEST)
  const known = loaded.get(source)
  if (known && known.raw === raw) return known.manifests
  const manifests = parseLines(raw)
    .values.flatMap((path) => manifestFiles(source, path))
    .map((path) => readOne(source, path))
  if (manifests.length > MAX_MANIFESTS) {
    throw new InputError(FROM_MANIFEST, `names ${manifests.length} manifests; one run reads at most ${MAX_MANIFESTS}`)
  }
  loaded.set(source, { raw, manifests })
  return manifests
}

/** The manifests a run that undoes or applies needs: an input error when none is named. */
export function requireManifests(source: InputSource, what: string): LoadedManifest[] {
  const manifests = loadManifests(source)
  if (manifests.length === 0) throw new InputError(FROM_MANIFEST, `is required ${what}`)
  return manifests
}

/** The one manifest `from-manifest` names (a reviewed plan is one), or undefined when it is empty. */
export function loadManifest(source: InputSource, what = 'here'): LoadedManifest | undefined {
  const manifests = loadManifests(source)
  if (manifests.length > 1) {
    throw new InputError(
      FROM_MANIFEST,
      `names ${manifests.length} manifests (${manifests.map((m) => describeValue(m.path)).join(', ')}); ${what} takes one`
    )
  }
  return manifests[0]
}

/** A path as the files it stands for: itself, or a folder's manifests (*.jsonl), in name order. */
function manifestFiles(source: InputSource, path: string): string[] {
  if (!source.readFile) throw new InputError(FROM_MANIFEST, 'cannot be read here: no file may be read')
  if (!source.readFolder) return [path]
  const entries = source.readFolder(path)
  if (entries === undefined) return [path]
  const files = entries.filter((name) => name.endsWith('.jsonl')).sort()
  if (files.length === 0) {
    throw new InputError(
      FROM_MANIFEST,
      `names a folder with no manifest in it (${describeValue(path)}: no *.jsonl file); give the manifests' files, or the folder actions/download-artifact wrote them to`
    )
  }
  return files.map((name) => `${path.replace(/\/+$/, '')}/${name}`)
}

function readOne(source: InputSource, path: string): LoadedManifest {
  let text: string
  try {
    text = source.readFile!(path)
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
  return { ...read, path }
}

/**
 * The manifests a restore undoes, checked: each of a run of `operation` that changed something (a
 * dry run changed nothing), all of one place (`endpoint` in their headers); oldest first, so that
 * a teardown cut short comes before the run that finished it.
 */
export function manifestsToUndo(
  source: InputSource,
  { operation, undoes, dryRunHint = '' }: { operation: string; undoes: string; dryRunHint?: string }
): LoadedManifest[] {
  const manifests = requireManifests(
    source,
    "with operation 'restore': the path of the manifest written by the run to undo (its 'manifest' output), one a line"
  )
  for (const { header, path } of manifests) {
    const file = describeValue(path)
    if (header.operation !== operation) {
      throw new InputError(FROM_MANIFEST, `is the manifest of a ${header.operation} (${file}); ${undoes}`)
    }
    if (header.dryRun) {
      throw new InputError(
        FROM_MANIFEST,
        `is a dry run's manifest (${file}): a dry run changed nothing, so there is nothing to restore${dryRunHint}`
      )
    }
  }
  const [first, ...rest] = manifests
  const elsewhere = rest.find((m) => m.header.endpoint !== first!.header.endpoint)
  if (elsewhere) {
    throw new InputError(
      FROM_MANIFEST,
      `names manifests of runs in two places (${describeValue(first!.path)} in ${describeValue(first!.header.endpoint)}, ${describeValue(elsewhere.path)} in ${describeValue(elsewhere.header.endpoint)}); restore each place in a step of its own`
    )
  }
  return [...manifests].sort((a, b) => a.header.startedAt.localeCompare(b.header.startedAt))
}
