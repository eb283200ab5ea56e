/** Plain-words explanation of a connect failure, for the login and connecting screens. */
import type { ConnectFailure, FailureKind } from '../../src-shared/client/failure.ts';
import type { MessageKey } from '../i18n/i18n.ts';

const KEYS: Record<FailureKind, MessageKey> = {
  'unreachable': 'fail.unreachable',
  'pairing-required': 'fail.pairingRequired',
  'rate-limited': 'fail.rateLimited',
  'setup-code-invalid': 'fail.setupCodeInvalid',
  'setup-link-malformed': 'fail.setupLinkMalformed',
  'token-wrong': 'fail.tokenWrong',
  'token-missing': 'fail.tokenMissing',
  'device-token-invalid': 'fail.deviceTokenInvalid',
  'origin-not-allowed': 'fail.originNotAllowed',
  'version-mismatch': 'fail.versionMismatch',
  'unavailable': 'fail.unavailable',
  'other': 'fail.other',
};

export function failureKey(f: ConnectFailure): MessageKey {
  return KEYS[f.kind];
}
