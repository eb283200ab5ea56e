/**
 * What `hearth node run` prints: one line per status change, with the exact approve command while
 * pairing is pending. Retry loops (connecting → refused → connecting …) print once, not per try.
 */
import type { NodeAgentState, NodeAgentStatus } from '../../core/agent/options.ts';

const secs = (ms: number | undefined) => (ms !== undefined ? `${Math.max(1, Math.round(ms / 1000))}s` : 'a moment');

/** The agent's message without a trailing "retrying/reconnecting in …" (the line says it once). */
function reasonOf(s: NodeAgentStatus): string {
  return (s.message ?? '').replace(/[;,.]?\s*(retrying|reconnecting) in [^;]*$/i, '').replace(/\.$/, '').trim();
}

/** One line for one status. */
export function statusLine(s: NodeAgentStatus): string {
  const reason = reasonOf(s);
  const why = reason ? ` (${reason})` : '';
  switch (s.state) {
    case 'connecting':
      return `connecting to ${s.gatewayUrl} as device ${s.fingerprint}…`;
    case 'pairing-required':
      if (s.heldOut) {
        return `pairing required: ${s.heldOut}; it stays out until the gateway approves it again (hearth nodes approve ${s.requestId ?? '--latest'}) or you restart it with a new setup code (hearth node run --pair <code>); fingerprint ${s.fingerprint}`;
      }
      return s.requestId
        ? `pairing required: request ${s.requestId}, fingerprint ${s.fingerprint}; on the gateway machine run: hearth nodes approve ${s.requestId}`
        : `pairing required for device ${s.fingerprint}${why}; on the gateway machine run: hearth nodes pending`;
    case 'connected':
      return s.commandsPendingApproval
        ? `connected to ${s.gatewayUrl} as device ${s.fingerprint}; its commands await approval: on the gateway machine run: hearth nodes approve --latest`
        : `connected to ${s.gatewayUrl} as device ${s.fingerprint}`;
    case 'backoff':
      return `disconnected${why}; reconnecting in ${secs(s.nextRetryInMs)}`;
    case 'error':
      return `refused${why}${s.nextRetryInMs !== undefined ? `; retrying in ${secs(s.nextRetryInMs)}` : ''}`;
    case 'stopped':
      return /^stopped$/i.test(reason) || reason === '' ? 'stopped' : `stopped (${reason})`;
  }
}

const RETRYING: readonly NodeAgentState[] = ['error', 'pairing-required', 'backoff'];

/** Returns an `onStatus` handler that prints through `print`, skipping repeats of a retry loop. */
export function createStatusPrinter(print: (line: string) => void): (s: NodeAgentStatus) => void {
  let lastKey = '';
  let lastState: NodeAgentState | undefined;
  return (s) => {
    // A reconnect attempt inside a retry loop is not news; its outcome is.
    if (s.state === 'connecting' && lastState !== undefined && RETRYING.includes(lastState)) return;
    const key = `${s.state}|${s.requestId ?? ''}|${reasonOf(s)}|${s.commandsPendingApproval ? 1 : 0}`;
    if (key === lastKey) return;
    lastKey = key;
    lastState = s.state;
    print(statusLine(s));
  };
}
