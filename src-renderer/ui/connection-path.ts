/**
 * Words and colours for how a connection reaches the gateway, shared by the remote-access screen,
 * the topology, and the node list and detail (kept out of screens/Remote.tsx, which is loaded only
 * when opened: it carries the QR encoder).
 */
import type { MessageKey } from '../i18n/i18n.ts';
import type { TunnelState } from '../state/remote-view.ts';

/** Pill colour of a tunnel state. */
export function tunnelTone(state: TunnelState | undefined): 'ok' | 'warn' | 'err' | 'off' {
  if (state === 'up') return 'ok';
  if (state === 'connecting' || state === 'backoff' || state === 'remote-port-busy') return 'warn';
  if (state === 'auth-failed' || state === 'host-key-mismatch') return 'err';
  return 'off';
}

/** The message naming a connection path (loopback, LAN, tailnet, …); an unknown one reads as the internet. */
export function pathKey(path: string): MessageKey {
  const known = ['loopback', 'lan', 'tailnet', 'wireguard', 'tunnel', 'internet'];
  return (known.includes(path) ? `path.${path}` : 'path.internet') as MessageKey;
}
