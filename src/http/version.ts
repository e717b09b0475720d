/** Kept equal to package.json's version (a unit test checks); sent in the User-Agent. */
export const VERSION = '0.1.0'
