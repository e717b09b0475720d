/**
 * What each Alibaba operation reads, by name. The registry needs these before it loads an
 * operation's code (config/ masks every secret input and refuses inputs of other operations
 * first), so they live apart from the code that parses them.
 */
import type { SecretInput } from '../../config/input-rules.js'

/** Where an Alibaba run goes and how it authenticates: every Alibaba operation reads these. */
export const ALIBABA_CONNECTION_INPUTS: readonly string[] = [
  'region',
  'endpoint',
  'access-key-id',
  'access-key-secret',
  'security-token',
  'role-arn',
  'oidc-provider-arn',
  'role-session-name',
  'oidc-audience',
  'role-duration-seconds',
  'sts-endpoint',
  'signature-version'
]

/** The inputs that narrow what flow-name-pattern matches. */
export const SWEEP_INPUTS: readonly string[] = ['older-than', 'unchanged-for', 'exclude-pattern', 'resource-group']

/** What operation: delete reads. */
export const DELETE_INPUTS: readonly string[] = [
  'flow-name',
  'flow-name-pattern',
  ...SWEEP_INPUTS,
  'delete-schedules',
  'stop-executions',
  ...ALIBABA_CONNECTION_INPUTS,
  'request-id',
  'backup',
  'ignore-not-found',
  'from-manifest'
]

/** What operation: restore of a delete's manifest reads. */
export const ALIBABA_RESTORE_INPUTS: readonly string[] = [
  'from-manifest',
  'flow-name',
  'flow-name-pattern',
  ...ALIBABA_CONNECTION_INPUTS
]

export const ALIBABA_SECRET_INPUTS: readonly SecretInput[] = [
  ['access-key-id', 'ALIBABA_CLOUD_ACCESS_KEY_ID'],
  ['access-key-secret', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'],
  ['security-token', 'ALIBABA_CLOUD_SECURITY_TOKEN']
]
