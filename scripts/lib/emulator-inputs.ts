/**
 * Action inputs that point at the emulators with their built-in, made-up credentials: the shape
 * the bench and the end-to-end tests start from.
 */
import { ENOS_EMULATOR_APP, ENOS_EMULATOR_USER, type EnosEmulator } from '../../emulators/enos-emulator.js'
import { EMULATOR_DEFAULT_ACCOUNT, type FnfEmulator } from '../../emulators/fnf-emulator.js'

/**
 * operation: delete of `flows` (one per line) at the fnf emulator. Without the backup (each
 * flow's DescribeFlow and ListSchedules): what these runs measure and pin is DeleteFlow's own
 * behaviour; the backup's tests and bench turn it on.
 */
export function deleteInputs(
  emulator: FnfEmulator,
  flows: string[],
  extra: Record<string, string> = {}
): Record<string, string> {
  return {
    operation: 'delete',
    'flow-name': flows.join('\n'),
    region: 'cn-hangzhou',
    endpoint: emulator.url,
    'access-key-id': EMULATOR_DEFAULT_ACCOUNT.accessKeyId,
    'access-key-secret': EMULATOR_DEFAULT_ACCOUNT.accessKeySecret,
    backup: 'false',
    ...extra
  }
}

/** operation: cancel of `ids` (one per line) at the EnOS emulator. */
export function cancelInputs(
  emulator: EnosEmulator,
  ids: string[],
  extra: Record<string, string> = {}
): Record<string, string> {
  return {
    operation: 'cancel',
    'flow-instance-id': ids.join('\n'),
    'apigw-url': emulator.url,
    'app-key': ENOS_EMULATOR_APP.appKey,
    'app-secret': ENOS_EMULATOR_APP.appSecret,
    'org-id': ENOS_EMULATOR_USER.orgId,
    'user-id': ENOS_EMULATOR_USER.userId,
    ...extra
  }
}

/** operation: restore from `manifest` at `emulator`, with the fnf emulator's keys. */
export function restoreInputs(
  emulator: { url: string },
  manifest: string,
  extra: Record<string, string> = {}
): Record<string, string> {
  return {
    operation: 'restore',
    'from-manifest': manifest,
    // A manifest never decides where requests go: the workflow names the place, as a user's would.
    endpoint: emulator.url,
    'access-key-id': EMULATOR_DEFAULT_ACCOUNT.accessKeyId,
    'access-key-secret': EMULATOR_DEFAULT_ACCOUNT.accessKeySecret,
    ...extra
  }
}

/** operation: restore from a cancel's `manifest`, with the EnOS emulator's app and user. */
export function enosRestoreInputs(
  emulator: { url: string },
  manifest: string,
  extra: Record<string, string> = {}
): Record<string, string> {
  return {
    operation: 'restore',
    'from-manifest': manifest,
    'apigw-url': emulator.url,
    'app-key': ENOS_EMULATOR_APP.appKey,
    'app-secret': ENOS_EMULATOR_APP.appSecret,
    'org-id': ENOS_EMULATOR_USER.orgId,
    'user-id': ENOS_EMULATOR_USER.userId,
    ...extra
  }
}
