#!/usr/bin/env node
/** The `flow-ops` command's entry (package.json `bin`, built to dist/cli/): command.ts does the work. */
import { runCommand } from './command.js'

await runCommand(process.argv.slice(2))
