/** What the pure modules may say; main.ts hands in one backed by @actions/core, tests a recording one. */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  warning(message: string): void
}
