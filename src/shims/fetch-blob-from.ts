/**
 * Bundling stand-in for fetch-blob/from.js: node-fetch only re-exports these file readers, and
 * flow-ops reads no file into a body. They fail loudly if anything ever calls them.
 */
function notBundled(): never {
  throw new Error('fetch-blob/from.js is not bundled into flow-ops (see src/shims/fetch-blob-from.ts)')
}

export const blobFrom = notBundled
export const blobFromSync = notBundled
export const fileFrom = notBundled
export const fileFromSync = notBundled
export { File, Blob } from 'node:buffer'
