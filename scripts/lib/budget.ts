/**
 * What the benches hold the fnf emulator to: the service's documented budget, a token bucket of 10
 * burst and 2 calls a second per account (every API but StartExecution and DescribeExecution:
 * https://help.aliyun.com/en/document_detail/2849627.html), and the latency of each answer.
 */
export const FNF_BUDGET = { kind: 'token-bucket', burst: 10, perSecond: 2 } as const
export const LATENCY_MS = 50
