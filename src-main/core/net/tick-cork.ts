/**
 * Batches a WebSocket's writes per tick: the first send in a tick corks the TCP socket under it
 * and the end of the tick uncorks it, so the frames sent together (a burst of streamed chunks,
 * their acknowledgements) leave in one `writev` instead of one system call each. A lone frame
 * goes out at the end of the same tick, so latency does not change measurably.
 */
import type { WebSocket } from 'ws';

interface Corkable {
  cork(): void;
  uncork(): void;
  destroyed?: boolean;
}

const corked = new WeakSet<object>();

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
