/**
 * The action's version, sent in the User-Agent: package.json's, the one place a release sets it
 * (the release workflow checks it against the tag). The bundle takes only this field of it.
 */
import packageJson from '../../package.json' with { type: 'json' }

export const VERSION: string = packageJson.version
