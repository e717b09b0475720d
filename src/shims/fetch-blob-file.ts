/** Bundling stand-in for fetch-blob/file.js (formdata-polyfill's File): Node's own File (Node 20+). */
export { File as default } from 'node:buffer'
