import { percentEncode } from '../../src/safety/percent-encode.js'
import type { ActionRun } from '../../scripts/lib/run-action.js'

export { ROOT, runAction, actionDefaults, parseFileCommands, type ActionRun } from '../../scripts/lib/run-action.js'

/** A secret as a service might echo it: as given, percent-encoded once and twice (RFC 3986 and encodeURIComponent, either hex case), JSON-escaped, form-encoded. */
export function secretForms(secret: string): string[] {
  const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())
  const json = JSON.stringify(secret).slice(1, -1)
  return [
    ...new Set([
      secret,
      percentEncode(secret),
      percentEncode(percentEncode(secret)),
      lowerHex(percentEncode(secret)),
      lowerHex(percentEncode(percentEncode(secret))),
      encodeURIComponent(secret),
      encodeURIComponent(encodeURIComponent(secret)),
      json,
      json.replace(/\//g, '\\/'),
      new URLSearchParams({ s: secret }).toString().slice(2)
    ])
  ]
}

/** Where a secret shows up, in any of its forms, in what the action printed or wrote, other than in its own ::add-mask:: line. */
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
    for (const form of secretForms(secret)) {
      for (const [place, text] of Object.entries(places)) {
        if (text.includes(form)) leaks.push(`${place} contains ${JSON.stringify(form.slice(0, 6))}…`)
      }
    }
  }
  return leaks
}
