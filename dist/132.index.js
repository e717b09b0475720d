export const id = 132;
export const ids = [132];
export const modules = {

/***/ 132:
/***/ (() => {

throw new Error("Module build failed (from ./node_modules/@vercel/ncc/dist/ncc/loaders/ts-loader.js):\nError: TypeScript emitted no output for /work/main/node_modules/@actions/http-client/lib/index.d.ts. By default, ts-loader will not compile .ts files in node_modules.\nYou should not need to recompile .ts files there, but if you really want to, use the allowTsInNodeModules option.\nSee: https://github.com/Microsoft/TypeScript/issues/12358\n    at makeSourceMapAndFinish (/work/main/node_modules/@vercel/ncc/dist/ncc/loaders/ts-loader.js.cache.js:38:14502)\n    at successLoader (/work/main/node_modules/@vercel/ncc/dist/ncc/loaders/ts-loader.js.cache.js:38:13904)\n    at Object.loader (/work/main/node_modules/@vercel/ncc/dist/ncc/loaders/ts-loader.js.cache.js:38:13360)");

/***/ })

};
