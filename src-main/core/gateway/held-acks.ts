/**
 * Piggybacked acknowledgements: the gateway's reply to a node's `node.invoke.result` carries
 * nothing the node waits for (the run is over), so it is held back until the next frame goes to
 * that node — typically the next `node.invoke.request` — and leaves in the same write; or after
 * {@link ACK_HOLD_MS} when nothing follows. A burst of invokes then costs the gateway one socket
 * write per hop, like a plain relay, instead of one more per run (and the node one read less).
 *
 * Every send path to a session goes through {@link sendAfterHeld} (socket-handler's sendFrame,
 * session.send, the broadcaster), so frames keep their order and a held reply shares the write.
 */
import type { WebSocket } from 'ws';
import { sendPromptly } from '../net/tick-cork.ts';

/** Longest an acknowledgement waits for a frame to ride with. */
export const ACK_HOLD_MS = 2;

interface Held {
  texts: string[];
  timer: ReturnType<typeof setTimeout>;
}

const held = new WeakMap<WebSocket, Held>();

/** Sends `text` to `socket` with the next frame, or on its own after {@link ACK_HOLD_MS}. */
export function holdForNextFrame(socket: WebSocket, text: string): void {
  const h = held.get(socket);
  if (h) {
    h.texts.push(text);
    return;
  }
  const timer = setTimeout(() => sendPromptly(socket, () => releaseHeld(socket)), ACK_HOLD_MS);
  timer.unref();
  held.set(socket, { texts: [text], timer });
}

/** Sends what waits for `socket` (inside a `sendPromptly`, so it shares the write that follows). */
export function releaseHeld(socket: WebSocket): void {
  const h = held.get(socket);
  if (!h) return;
  held.delete(socket);
  clearTimeout(h.timer);
  if (socket.readyState !== socket.OPEN) return;
  for (const t of h.texts) socket.send(t);
}

/**
 * Sends `text` to `socket` now, after what waits for it, in one write (`sendPromptly`,
 * tick-cork.ts: the first frame of a tick leaves at once, later ones share the tick's write).
 */
export function sendAfterHeld(socket: WebSocket, text: string): void {
  sendPromptly(socket, () => {
    releaseHeld(socket);
    socket.send(text);
  });
}
