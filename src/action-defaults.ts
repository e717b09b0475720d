// Written from action.yml by scripts/action-defaults.mjs (npm run build): edit action.yml, not this file.

/**
 * Every input action.yml declares, with the default the runner fills in when a workflow leaves it
 * out ('' for none), in action.yml's order. The entry point uses them when an INPUT_ variable is
 * absent (the bundle run by hand), as the runner would.
 */
export const ACTION_DEFAULTS: Readonly<Record<string, string>> = {
  operation: '',
  'flow-name': '',
  'flow-name-pattern': '',
  'older-than': '',
  'unchanged-for': '',
  'exclude-pattern': '',
  'resource-group': '',
  'max-targets': '100',
  'delete-schedules': 'false',
  'stop-executions': 'false',
  region: '',
  endpoint: '',
  'access-key-id': '',
  'access-key-secret': '',
  'security-token': '',
  'role-arn': '',
  'oidc-provider-arn': '',
  'role-session-name': 'flow-ops-${{ github.run_id }}',
  'oidc-audience': 'sts.aliyuncs.com',
  'role-duration-seconds': '3600',
  'sts-endpoint': 'https://sts.aliyuncs.com',
  'signature-version': 'v1',
  'request-id': '',
  backup: 'true',
  'ignore-not-found': 'false',
  'flow-instance-id': '',
  'flow-id': '',
  'lookback-hours': '168',
  'running-longer-than': '',
  'disable-flow': 'false',
  'apigw-url': '',
  'app-key': '',
  'app-secret': '',
  'org-id': '',
  'user-id': '',
  'max-attempts': '3',
  concurrency: '8',
  'max-rate': '',
  'manifest-path': '',
  'from-manifest': '',
  wait: 'false',
  'wait-timeout': '300',
  'dry-run': 'false',
  timeout: '30'
}
