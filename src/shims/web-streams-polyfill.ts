/**
 * Bundling stand-in for web-streams-polyfill (tsconfig "paths" points the bundler here).
 * node-fetch's fetch-blob requires the polyfill only when globalThis.ReadableStream is missing,
 * which never happens on Node 18 or newer; bundling it anyway put 200 KiB of code to parse in front
 * of every run.
 */
export {}

throw new Error('web-streams-polyfill is not bundled into flow-ops: it needs Node 20 or newer')
