/** One admitted WebSocket connection: who it is, what it may do, and how to talk to it. */
import type { WebSocket } from 'ws';
import type { ClientInfo } from '../../../src-shared/protocol/schemas.ts';
import type { EventFrame, ResponseFrame } from '../../../src-shared/protocol/frames.ts';
import type { PeerPath } from '../net/peer-path.ts';
import { sendAfterHeld } from './held-acks.ts';

export interface Session {
  readonly connId: string;
  readonly socket: WebSocket;
  readonly role: 'operator' | 'node';
  readonly client: ClientInfo;
  scopes: string[];
  readonly deviceId: string | undefined;
  readonly remoteIp: string;
  readonly isLocal: boolean;
  readonly protocol: number;
  readonly connectedAtMs: number;
  /** Per-connection counter of broadcast events (SPEC §3). */
  seq: number;
  /** Label for the audit log: device name/id or "cli@127.0.0.1". */
  readonly principal: string;
  /** How the peer reaches us (loopback, LAN, tailnet, WireGuard, tunnel, internet); optional for hand-built sessions. */
  readonly path?: PeerPath;
  /** Round trip of the last WebSocket ping (every tick, 30 s), in ms. */
  rttMs?: number;
  /**
   * Messages of streamed run output sent to this operator so far. What went out after the last
   * ping it answered may sit unread in the kernel's socket buffers of a peer that stopped
   * reading, which the ping watchdog must spare.
   */
  streamedFrames?: number;
}

export function send(session: { socket: WebSocket }, frame: ResponseFrame | EventFrame): void {
  if (session.socket.readyState !== session.socket.OPEN) return;
  // A held acknowledgement goes first, in the same write, and the write leaves now (held-acks.ts).
  sendAfterHeld(session.socket, JSON.stringify(frame));
}

/** Scope satisfaction rules (SPEC §4.2): admin satisfies everything, write satisfies read. */
export function hasScope(scopes: readonly string[], required: string): boolean {
  if (scopes.includes('operator.admin')) return true;
  if (scopes.includes(required)) return true;
  if (required === 'operator.read' && scopes.includes('operator.write')) return true;
  return false;
}
