import type { ActionRun } from '../../scripts/lib/run-action.js'

export { ROOT, runAction, actionDefaults, parseFileCommands, type ActionRun } from '../../scripts/lib/run-action.js'

/** Where a secret shows up in what the action printed or wrote, other than in its own ::add-mask:: line. */
export function leaksOf(run: ActionRun, secrets: string[]): string[] {
  const stdoutWithoutMasks = run.stdout.replace(/^::add-mask::.*$/gm, '')
  const places = {
    stdout: stdoutWithoutMasks,
    stderr: run.stderr,
    GITHUB_OUTPUT: run.outputFile,
    GITHUB_STEP_SUMMARY: run.summary
  }
  const leaks: string[] = []
  for (const secret of secrets) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      for (const [place, text] of Object.entries(places)) {
        if (text.includes(form)) leaks.push(`${place} contains ${JSON.stringify(form.slice(0, 6))}…`)
      }
    }
  }
  return leaks
}
