/**
 * Per-socket frame limits. ws checks `maxPayload` when a frame's header announces its length
 * (and as fragments add up), before buffering the payload — so a pre-auth client announcing a
 * 25 MiB frame is closed with 1009 after a few bytes, not after the gateway has buffered it. The
 * server starts every socket at the 64 KiB pre-auth limit and raises it after hello-ok; ws exposes
 * the limit only on its receiver, pinned by test/unit/edge-ws-limits.test.ts for the ws in the lockfile.
 */
import type { WebSocket } from 'ws';

type WithReceiver = WebSocket & { _receiver?: { _maxPayload?: number } | null };

/** Sets the largest message this socket accepts from now on; false when ws has no such knob. */
export function setMaxPayload(ws: WebSocket, bytes: number): boolean {
  const r = (ws as WithReceiver)._receiver;
  if (!r || typeof r._maxPayload !== 'number') return false;
  r._maxPayload = bytes;
  return true;
}

export function maxPayloadOf(ws: WebSocket): number | undefined {
  return (ws as WithReceiver)._receiver?._maxPayload;
}

/** Sends a close frame and cuts the socket if the peer does not finish the close quickly. */
export function closeSoon(ws: WebSocket, code: number, reason: string, graceMs = 1_000): void {
  try {
    if (ws.readyState === ws.OPEN) ws.close(code, reason);
  } catch {
    /* already closing */
  }
  setTimeout(() => {
    if (ws.readyState !== ws.CLOSED) ws.terminate();
  }, graceMs).unref();
}
