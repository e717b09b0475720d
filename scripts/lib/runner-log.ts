/**
 * A step's raw stdout as the Actions page shows it: workflow commands acted on the way the runner
 * acts on them (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands).
 * `::add-mask::` lines are hidden and their values shown as *** from then on; `::debug::` lines are
 * hidden unless step debug logging is on; `::error::`, `::warning::` and `::notice::` show as
 * "Error: …" lines with their data unescaped; anything else is a line of text.
 */

import { unescapeCommand } from './run-action.js'

const ANNOTATION_WORDS: Record<string, string> = { error: 'Error', warning: 'Warning', notice: 'Notice' }

export function renderRunnerLog(stdout: string, { debug = false }: { debug?: boolean } = {}): string {
  const masks: string[] = []
  const masked = (text: string) => masks.reduce((line, secret) => line.split(secret).join('***'), text)
  const shown: string[] = []
  for (const line of stdout.replace(/\n$/, '').split('\n')) {
    const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!command) {
      shown.push(masked(line))
      continue
    }
    const [, name, , data] = command as unknown as [string, string, string | undefined, string]
    if (name === 'add-mask') {
      const value = unescapeCommand(data)
      if (value !== '') masks.push(value)
    } else if (name === 'debug') {
      if (debug) shown.push(masked(`##[debug]${unescapeCommand(data)}`))
    } else if (name in ANNOTATION_WORDS) {
      shown.push(masked(`${ANNOTATION_WORDS[name]}: ${unescapeCommand(data)}`))
    } else {
      shown.push(masked(line))
    }
  }
  return shown.length > 0 ? `${shown.join('\n')}\n` : ''
}
