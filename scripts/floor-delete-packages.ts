/**
 * A second floor for the bench's delete: the same V1-signed DeleteFlow as floor-delete.ts, sent
 * with the packages the action's design names (node-fetch for HTTP, @actions/core for the input,
 * the mask and the output) and nothing else. What flow-ops costs over this one is its own code;
 * what this costs over floor-delete.ts is those packages.
 */
import * as core from '@actions/core'
import fetch from 'node-fetch'
import { signedDeleteFlow } from './lib/delete-flow-query.js'

const secret = core.getInput('access-key-secret')
core.setSecret(secret)
const { search, body } = signedDeleteFlow(core.getInput('access-key-id'), secret, core.getInput('flow-name'))

const response = await fetch(`${core.getInput('endpoint')}/?${search}`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body
})
const answer = (await response.json()) as { RequestId?: string }
core.setOutput('request-id', answer.RequestId ?? '')
if (response.status !== 200) core.setFailed(`DeleteFlow answered HTTP ${response.status}`)
