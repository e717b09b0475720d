/**
 * The inputs action.yml declares, each with its default ('' when it has none), in its order. The
 * runner passes an INPUT_ variable for each; one it does not declare would be ignored with only a
 * warning, so config/inputs.ts refuses it. __tests__/repository/action-yml.test.ts holds this list
 * to action.yml.
 */
export const DECLARED_INPUTS: Readonly<Record<string, string>> = {
  operation: '',
  'flow-name': '',
  'flow-name-pattern': '',
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
