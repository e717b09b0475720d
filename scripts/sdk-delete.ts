/**
 * What a user would write with Alibaba's own SDK (@alicloud/openapi-client, signature V3, the
 * SDK's default): DeleteFlow for each flow named in INPUT_FLOW-NAME (one per line), one after
 * another. The bench runs it whole-process against the emulator, beside the action.
 */
import openApi, { Config, OpenApiRequest, Params } from '@alicloud/openapi-client'
import teaUtil from '@alicloud/tea-util'

const input = (name: string): string => process.env[`INPUT_${name.toUpperCase()}`] ?? ''
const endpoint = new URL(input('endpoint'))
const client = new openApi.default(
  new Config({
    accessKeyId: input('access-key-id'),
    accessKeySecret: input('access-key-secret'),
    endpoint: endpoint.host,
    protocol: endpoint.protocol.replace(':', ''),
    regionId: 'cn-hangzhou'
  })
)
const params = new Params({
  action: 'DeleteFlow',
  version: '2019-03-15',
  protocol: endpoint.protocol.replace(':', ''),
  pathname: '/',
  method: 'POST',
  authType: 'AK',
  style: 'RPC',
  reqBodyType: 'formData',
  bodyType: 'json'
})
for (const name of input('flow-name').split('\n').filter(Boolean)) {
  const response = await client.callApi(
    params,
    new OpenApiRequest({ body: { Name: name } }),
    new teaUtil.RuntimeOptions({})
  )
  console.log(JSON.stringify(response.body))
}
