/**
 * Messages to a window wait here until its page has loaded (and again while it reloads):
 * `webContents.send` before the renderer subscribed would be lost. State snapshots coalesce
 * (only the latest status matters); one-off messages such as navigation keep their order.
 */

export interface QueuedMessage {
  channel: string;
  payload: unknown;
}

export interface WindowQueueOptions<M extends QueuedMessage> {
  /** Messages with the same key replace each other while queued; undefined = never coalesce. */
  coalesceKey?: (m: M) => string | undefined;
  /** Oldest messages are dropped beyond this many. */
  max?: number;
}

/** A per-window outbox. */
export interface WindowQueue<M extends QueuedMessage> {
  /** Sends now if the window is ready, otherwise queues. */
  push(m: M): void;
  /** The page loaded and subscribed: flush in order and send directly from now on. */
  markReady(): void;
  /** The page is (re)loading: queue again. */
  markLoading(): void;
  /** The window is gone: drop everything and ignore further pushes. */
  dispose(): void;
  readonly ready: boolean;
  readonly pending: number;
}

/** Creates an outbox that delivers through `send` once ready. */
export function createWindowQueue<M extends QueuedMessage>(send: (m: M) => void, opts: WindowQueueOptions<M> = {}): WindowQueue<M> {
  const max = opts.max ?? 200;
  const keyOf = opts.coalesceKey ?? (() => undefined);
  let queue: M[] = [];
  let ready = false;
  let disposed = false;
  return {
    push(m) {
      if (disposed) return;
      if (ready) {
        send(m);
        return;
      }
      const key = keyOf(m);
      if (key !== undefined) {
        // Replace in place would reorder relative to one-off messages; drop the old one instead.
        queue = queue.filter((q) => keyOf(q) !== key);
      }
      queue.push(m);
      if (queue.length > max) queue.splice(0, queue.length - max);
    },
    markReady() {
      if (disposed) return;
      ready = true;
      const out = queue;
      queue = [];
      for (const m of out) send(m);
    },
    markLoading() {
      ready = false;
    },
    dispose() {
      disposed = true;
      ready = false;
      queue = [];
    },
    get ready() {
      return ready;
    },
    get pending() {
      return queue.length;
    },
  };
}

/** Coalesces the `*-changed` snapshot events by channel; everything else is kept. */
export const coalesceSnapshots = (m: QueuedMessage): string | undefined => (m.channel.endsWith('-changed') ? m.channel : undefined);
