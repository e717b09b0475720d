/**
 * Bundling stand-in for fetch-blob (tsconfig.json's paths point ncc here; type checks see the real package).
 * node-fetch needs a Blob only for `instanceof`-style checks and for Blob bodies, which flow-ops
 * never sends; Node's own Blob serves both. The package's module also reads
 * globalThis.ReadableStream at load, which makes Node load its web streams (about 2.5 ms of every
 * run's start).
 */
export { Blob as default } from 'node:buffer'
