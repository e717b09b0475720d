/**
 * What each EnOS operation reads, by name. The registry needs these before it loads an
 * operation's code (config/ masks every secret input and refuses inputs of other operations
 * first), so they live apart from the code that parses them.
 */
import type { SecretInput } from '../../config/input-rules.js'

/** Where an EnOS run goes and as whom: every EnOS operation reads these. */
export const ENOS_CONNECTION_INPUTS: readonly string[] = ['apigw-url', 'app-key', 'app-secret', 'org-id', 'user-id']

/** What operation: cancel reads. */
export const CANCEL_INPUTS: readonly string[] = [
  'flow-instance-id',
  'flow-id',
  'lookback-hours',
  'running-longer-than',
  'disable-flow',
  ...ENOS_CONNECTION_INPUTS
]

/** What operation: restore of a cancel's manifest reads. */
export const ENOS_RESTORE_INPUTS: readonly string[] = ['from-manifest', 'flow-id', ...ENOS_CONNECTION_INPUTS]

export const ENOS_SECRET_INPUTS: readonly SecretInput[] = [
  ['app-key', 'ENOS_APP_KEY'],
  ['app-secret', 'ENOS_APP_SECRET']
]
