/**
 * Turns what the core reports (node agent status, gateway start errors) into the wizard's
 * vocabulary. The agent may report a machine-readable `errorCode` (the gateway's
 * `details.code`, or a socket error code); without it we fall back to the message text.
 */
import type { NodeAgentStatus } from '../../core/agent/options.ts';
import type { WizardFailureReason } from '../../../src-shared/ipc/types.ts';
import { DetailCode } from '../../../src-shared/protocol/errors.ts';

/** What one agent status means for pairing. */
export type PairingOutcome =
  | { kind: 'progress' }
  | { kind: 'paired' }
  | { kind: 'waiting'; fingerprint: string; deviceId: string; requestId?: string; message?: string }
  | { kind: 'failed'; reason: WizardFailureReason; detail?: string };

const UNREACHABLE = /no gateway (answers )?at|cannot (reach|open)|did not complete the handshake|ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EAI_AGAIN|unreachable|connection (lost|closed|refused)|timed? ?out|socket hang up/i;

/** Maps a gateway `details.code` or socket error code to a failure reason, if it names one. */
export function reasonFromCode(code: string | undefined): WizardFailureReason | undefined {
  if (!code) return undefined;
  switch (code) {
    // An expired or rejected code has no detail code of its own: reasonFromMessage tells them apart.
    case DetailCode.AUTH_BOOTSTRAP_TOKEN_INVALID:
      return 'wrong-code';
    case DetailCode.AUTH_TOKEN_MISSING:
    case DetailCode.AUTH_REQUIRED:
    case DetailCode.AUTH_TOKEN_MISMATCH:
    case DetailCode.AUTH_PASSWORD_MISMATCH:
      return 'auth-required';
    case 'ECONNREFUSED': case 'ENOTFOUND': case 'EHOSTUNREACH': case 'ENETUNREACH': case 'ETIMEDOUT': case 'EAI_AGAIN':
      return 'unreachable';
    default:
      return undefined;
  }
}

function reasonFromMessage(message: string): WizardFailureReason {
  if (/bootstrap|setup code/i.test(message) && /expired/i.test(message)) return 'expired';
  if (/bootstrap|setup code/i.test(message)) return 'wrong-code';
  if (/reject/i.test(message)) return 'rejected';
  if (/token|password|unauthori[sz]ed/i.test(message)) return 'auth-required';
  if (UNREACHABLE.test(message)) return 'unreachable';
  return 'unknown';
}

/**
 * Classifies one agent status while the wizard pairs. `backoff` after never having connected
 * counts as a failure: the wizard explains it instead of letting the agent retry silently.
 */
export function classifyAgentStatus(status: NodeAgentStatus): PairingOutcome {
  const code = status.errorCode;
  switch (status.state) {
    case 'connected':
      return { kind: 'paired' };
    case 'connecting':
    case 'stopped':
      return { kind: 'progress' };
    case 'pairing-required': {
      const w: PairingOutcome = { kind: 'waiting', fingerprint: status.fingerprint, deviceId: status.deviceId };
      if (status.requestId) w.requestId = status.requestId;
      if (status.message) w.message = status.message;
      return w;
    }
    case 'backoff':
    case 'error': {
      const message = status.message ?? '';
      const reason = reasonFromCode(code) ?? reasonFromMessage(message);
      return message ? { kind: 'failed', reason, detail: message } : { kind: 'failed', reason };
    }
  }
}

/** Maps an error thrown by `startGateway` to a failure reason. */
export function classifyGatewayError(err: unknown): WizardFailureReason {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (code === 'EADDRINUSE' || /EADDRINUSE|address already in use|port .* (in use|taken)/i.test(message)) return 'port-in-use';
  if (/already running|another gateway|one gateway per|gateway\.lock|lock held/i.test(message)) return 'gateway-running';
  return 'unknown';
}
