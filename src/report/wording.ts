/** How counts, lists of names and long texts are worded in log lines, notes and reports, by every layer alike. */

/** "1 flow", "3 flows". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

/** Names given in a line before "and N more". */
export const NAMES_IN_LINE = 10

/** "a, b, … j and 2 more": the first NAMES_IN_LINE names, and how many more there are. */
export function namesWithMore(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_IN_LINE).join(', ')
  return names.length > NAMES_IN_LINE ? `${shown} and ${names.length - NAMES_IN_LINE} more` : shown
}
