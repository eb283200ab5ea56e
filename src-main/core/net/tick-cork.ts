/**
 * Batches a WebSocket's writes per tick: the first send in a tick corks the TCP socket under it
 * and the end of the tick uncorks it, so the frames sent together (a burst of streamed chunks,
 * their acknowledgements) leave in one `writev` instead of one system call each.
 *
 * {@link sendPromptly} is for frames someone waits on (a request to a node, a reply): the first
 * of a tick leaves at once instead of at the tick's end, which is where the rest of the handler
 * that sent it used to run first (about 20 µs of each hop on a 2-vCPU VM); the ones
 * after it in the same tick are batched as above.
 */
import type { WebSocket } from 'ws';

interface Corkable {
  cork(): void;
  uncork(): void;
  destroyed?: boolean;
}

const corked = new WeakSet<object>();
/** Sockets {@link sendPromptly} wrote to in this tick. */
const wrote = new WeakSet<object>();

/** The net.Socket under a `ws` WebSocket (undefined before it opened). */
function rawSocket(ws: WebSocket): Corkable | undefined {
  const raw = (ws as unknown as { _socket?: Corkable })._socket;
  return raw && typeof raw.cork === 'function' ? raw : undefined;
}

/** Corks `ws`'s socket until the end of this tick (once per tick, however many sends follow). */
export function corkForTick(ws: WebSocket): void {
  const raw = rawSocket(ws);
  if (!raw || corked.has(raw) || raw.destroyed) return;
  corked.add(raw);
  raw.cork();
  process.nextTick(() => {
    corked.delete(raw);
    raw.uncork();
  });
}

/**
 * Runs `send` (one frame, and what must precede it in the same write: held acknowledgements) so
 * that what it sends leaves now, in one write, when it is the first prompt send to this socket in
 * this tick; later ones in the same tick, and sends while the socket is corked for the tick, join
 * that tick's batch. A socket without a TCP socket under it (a test's stand-in) just sends.
 */
export function sendPromptly(ws: WebSocket, send: () => void): void {
  const raw = rawSocket(ws);
  if (!raw || raw.destroyed || corked.has(raw)) return send();
  if (wrote.has(raw)) {
    corkForTick(ws);
    return send();
  }
  wrote.add(raw);
  process.nextTick(() => wrote.delete(raw));
  raw.cork();
  try {
    send();
  } finally {
    raw.uncork();
  }
}
