/**
 * @actions/github's run context (repository, run id, server URL) without the rest of the package.
 * Its root module also builds Octokit with every REST endpoint, which costs start-up time the
 * action never uses; the package's export map offers no narrower entry, hence the file path.
 */
export { Context } from '../../node_modules/@actions/github/lib/context.js'
