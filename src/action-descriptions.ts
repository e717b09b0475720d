// Written from action.yml by scripts/action-defaults.mjs (npm run build): edit action.yml, not this file.

/** What action.yml says the action does, and each input: the command's --help (the action does not load this). */
export const ACTION_DESCRIPTION =
  'Delete Alibaba Cloud Serverless Workflow flows or cancel EnOS flow instances, with retries and a job summary.'

export const INPUT_DESCRIPTIONS: Readonly<Record<string, string>> = {
  operation:
    "What to do: `delete` deletes Alibaba Cloud Serverless Workflow flows (inputs flow-name, region, access-key-*); `cancel` cancels running EnOS Batch Processing flow instances (inputs flow-instance-id, apigw-url, app-key, app-secret, org-id, user-id); `restore` undoes the run whose manifest `from-manifest` names (re-creates a delete's flows and schedules, or enables again the flows a cancel disabled), with that provider's credential inputs.",
  'flow-name':
    'The flow to delete (operation delete). Several flows: one name per line, up to 1000; up to `concurrency` are deleted at a time, every one is attempted, and duplicates are deleted once. A name is 1-128 letters, digits, _ or -, starting with a letter or _.',
  'flow-name-pattern':
    'Delete every flow of the region whose name matches: glob patterns, one per line, such as pr-42-*. `*` matches any run of characters (also none), `?` one character; the rest is literal and case-sensitive, and a pattern matches the whole name. Letters, digits, _, -, * and ? only. Every page of ListFlows is read and matched here. May be combined with flow-name (named flows first, then matches, each once). A pattern that matches nothing is not an error; no target at all ends with status `not-found`. Guarded by max-targets. A pattern of wildcards alone (*) is refused unless older-than, unchanged-for or resource-group narrows it.',
  'older-than':
    "Only the flows flow-name-pattern matches whose CreatedTime is older than this: a duration (90m, 36h, 7d, 2w, or 1d12h) measured on the service's clock, or an RFC 3339 time (2026-11-01T00:00:00Z). Flows named in flow-name are never narrowed. A flow with no readable CreatedTime is kept, and counted.",
  'unchanged-for':
    'Only the flows flow-name-pattern matches whose LastModifiedTime is older than this (same forms as older-than). A flow with no readable LastModifiedTime is kept, and counted.',
  'exclude-pattern':
    'Flows never touched: glob patterns, one per line, with the rules of flow-name-pattern (prod-*). A flow both named in flow-name and excluded is an input error.',
  'resource-group':
    'Only the flows of this resource group (rg-…): sent to ListFlows as ResourceGroupId, and a listed flow that does not say it is in the group is kept. Needs flow-name-pattern.',
  'max-targets':
    'The most targets flow-name-pattern (or flow-id) may select, 1-1000, counted after older-than, unchanged-for, exclude-pattern and running-longer-than kept theirs. When more are left, the step is refused before anything is changed, saying how many matched and naming the first few. Names given in flow-name / flow-instance-id do not count against it.',
  'delete-schedules':
    "`true` deletes each flow's schedules (ListSchedules, every page; DeleteSchedule each) before DeleteFlow. A schedule already gone counts as done. If one cannot be deleted, that flow fails and its DeleteFlow is not sent. Recommended for a full teardown (docs/selectors-and-sweeps.md).",
  'stop-executions':
    "`true` stops each flow's executions that are Starting or Running (ListExecutions with Status Starting, then Running, every page; StopExecution each, Error FlowOps.Teardown, a Cause naming this run) before DeleteFlow. Without it, DeleteFlow lets running executions finish their current step.",
  region:
    'Alibaba Cloud region id, such as cn-hangzhou. The endpoint is https://<region>.fnf.aliyuncs.com. Falls back to the ALIBABA_CLOUD_REGION_ID environment variable.',
  endpoint:
    "A full endpoint URL that overrides the region's, such as https://cn-hangzhou.fnf.aliyuncs.com. Must be https://; plain http:// is accepted only for loopback hosts (127.0.0.0/8, localhost, ::1).",
  'access-key-id':
    'AccessKey ID. Falls back to ALIBABA_CLOUD_ACCESS_KEY_ID (which aliyun/configure-aliyun-credentials-action exports). Masked in logs.',
  'access-key-secret':
    'AccessKey secret; pass it from a secret. Falls back to ALIBABA_CLOUD_ACCESS_KEY_SECRET. Masked in logs.',
  'security-token':
    'STS security token, needed with temporary (STS.…) AccessKeys. Falls back to ALIBABA_CLOUD_SECURITY_TOKEN. Masked in logs.',
  'role-arn':
    "Keyless authentication (operation delete): the RAM role to assume with the job's GitHub OIDC token, such as acs:ram::1234567890123456:role/github-deploy. Needs oidc-provider-arn and the job permission `id-token: write`; no access keys are needed then.",
  'oidc-provider-arn':
    'The RAM OIDC identity provider that trusts GitHub, such as acs:ram::1234567890123456:oidc-provider/github (with role-arn).',
  'role-session-name': 'The session name for the assumed role, 2-64 of [A-Za-z0-9.@_-].',
  'oidc-audience': "The audience of the job's OIDC token; must be a Client ID of the RAM OIDC provider.",
  'role-duration-seconds':
    "How long the temporary credentials live, 900-43200 seconds (at most the role's maximum session duration).",
  'sts-endpoint': 'The STS endpoint for AssumeRoleWithOIDC. Must be https://; plain http:// only for loopback hosts.',
  'signature-version':
    "How requests are signed: `v1` (HMAC-SHA1 RPC signature, which Alibaba's own Serverless Workflow SDKs use) or `v3` (ACS3-HMAC-SHA256).",
  'request-id':
    "Optional id sent as DeleteFlow's RequestId, so the call can be found in Alibaba Cloud's logs. 1-100 letters, digits, '.', '_', ':' or '-'. With several flows each gets `<request-id>-<n>`.",
  backup:
    "delete: `true` puts each flow's definition (DescribeFlow, or what ListFlows listed) and its schedules (ListSchedules) in the manifest before its first change; a flow whose backup cannot be read is left alone and fails `BackupFailed`. `false` sends today's calls only.",
  'ignore-not-found':
    '`true` treats a flow that does not exist (FlowNotExists) as success with status `not-found`, so a teardown can run again safely. `false` fails the step.',
  'flow-instance-id':
    'The EnOS flow instance to cancel (operation cancel), such as 2438-201908081020. Several instances: one id per line, up to 1000; up to `concurrency` at a time, every one attempted, duplicates once. The user given by user-id must own each instance, and neither the user nor the workflow may be locked.',
  'flow-id':
    "Cancel every active instance of these EnOS flows (operation cancel): flow ids, one per line, such as 2438. Active instances are found with List Flow Instances (each scheduling type, every page, triggered within lookback-hours; statuses INIT, RUNNING, SUSPEND, WAIT, READY, RERUN), keeping only the flow's own. May be combined with flow-instance-id. Guarded by max-targets.",
  'lookback-hours': 'How far back, in hours of trigger time, flow-id looks for active instances, 1-8760.',
  'running-longer-than':
    "With flow-id: cancel only the active instances that started longer ago than this duration (90m, 36h, 7d), measured on the EnOS gateway's clock and zone (Get Current Time, Get Time Zone). An instance with no readable start time is kept, and counted. Must be shorter than lookback-hours, which bounds the search by trigger time.",
  'disable-flow':
    "`true` disables each flow-id's flow (Disable Flow) before cancelling, so its scheduler starts no new instance meanwhile, then looks once more for instances started before it stopped.",
  'apigw-url':
    "Your EnOS API gateway's base URL (the {apigw-address} of the EnOS API docs), such as https://apim-gateway.example.com. Must be https://; plain http:// only for loopback hosts.",
  'app-key': "The EnOS application's AccessKey (Application Registration). Falls back to ENOS_APP_KEY. Masked in logs.",
  'app-secret':
    "The EnOS application's SecretKey; pass it from a secret. Falls back to ENOS_APP_SECRET. Masked in logs.",
  'org-id': 'The EnOS organization id (orgId), such as o15000000000001. Falls back to ENOS_ORG_ID.',
  'user-id':
    'The EnOS user id (userId) on whose behalf instances are cancelled, such as u15426865866571; the user must own the instances. Falls back to ENOS_USER_ID.',
  'max-attempts':
    'Attempts per call, 1-10, including the first. Network errors, timeouts, HTTP 5xx and 429, throttling, ConcurrentUpdateError (Alibaba) and 62109 (EnOS) are retried with capped exponential backoff and jitter.',
  concurrency:
    'How many targets (flows or instances) are handled at the same time, 1-32. When the service throttles, the whole run slows down (fewer requests a second) instead of failing.',
  'max-rate':
    "A hard cap on requests a second to the service, such as 2 or 0.5 (0.1-1000). Empty: no cap; the action still slows down to whatever rate the service accepts when it throttles. Set it when several jobs or tools share one account's budget (Serverless Workflow allows 10 burst and 2 a second per account by default): give each matrix job its share.",
  'manifest-path':
    "Where the run's manifest is written (JSON Lines: what each target was before it was changed, each change, each result). Empty: a new file under RUNNER_TEMP whose name tells runs and steps apart. A file already there is never overwritten: the step fails first.",
  'from-manifest':
    "A manifest an earlier run wrote (its `manifest` output). With operation `restore`: the runs to undo, one path a line, or a folder of them (a downloaded artifact), restored as one (flow-name / flow-name-pattern, or flow-id, narrow it). With operation `delete`: one dry run's manifest, a reviewed plan whose flows alone are deleted, each only if its Id and LastModifiedTime are still the plan's (no selector may be given beside it). A manifest never decides where requests go: only a manifest's region is used when region and endpoint are not given; any other endpoint must be the workflow's own endpoint, and an EnOS restore needs apigw-url.",
  wait: '`true` waits until the work is really done: after DeleteFlow (which is asynchronous), until DescribeFlow answers FlowNotExists; after a cancel, until the instance reaches a final status (CANCEL expected; FAIL, SUCCESS, INTERNAL_ERROR, TIMEOUT and SKIP are final too). Polls back off from 1 s to 15 s. Output final-state says what was reached.',
  'wait-timeout':
    'Seconds to wait per target with wait: true, 1-21600. When it runs out the step fails, saying what state the target was last seen in.',
  'dry-run':
    '`true` validates every input, resolves endpoints, builds and signs each request and prints it (signatures and tokens shown as ***), and changes nothing. Without a selector it sends nothing at all. With flow-name-pattern or flow-id it sends the read-only calls (ListFlows, ListSchedules, ListExecutions; the EnOS token and List Flow Instances) so that the plan it shows is real. status is `dry-run`.',
  timeout: "Seconds to wait for each attempt's answer, 0.1-600."
}
