/**
 * Heap room while run output streams through this process (node agent, gateway, CLI).
 *
 * V8 starts a full mark-compact collection whenever the old generation's room left under its
 * limit is smaller than the young generation's capacity (heap.cc, IncrementalMarkingLimitReached).
 * A Hearth process has a small old generation (~10 MB) and V8 sizes its limit from that, so
 * ~12 MB of room; streaming allocates young objects fast (a Buffer and a few small objects per
 * pipe read, socket read and frame), the young generation grows past that room, and from then on
 * every few megabytes of output set off another full collection that frees almost nothing: 10–13 per
 * 50 MB in the node agent (`--trace-gc`), a third of its CPU. With the limit at 4× the live
 * size after each collection the room stays larger than the young generation: one per 50 MB.
 *
 * Only while a stream is open: an idle gateway keeps V8's own sizing (its RSS target). The flag
 * is read by V8 each time it sets a new limit, so it applies from the next collection on and the
 * default returns at the first collection after the last stream ended.
 */
import { setFlagsFromString } from 'node:v8';

/** Old-generation limit = (1 + this / 100) × live size, while streaming. */
const STREAMING_GROWING_PERCENT = 300;

let holders = 0;

function set(percent: number): void {
  try {
    setFlagsFromString(`--heap-growing-percent=${percent}`);
  } catch {
    /* an embedder that refuses V8 flags: V8's own sizing, only slower */
  }
}

/** Marks one stream open; call the returned function (once) when it ends. */
export function holdStreamingHeap(): () => void {
  if (holders++ === 0) set(STREAMING_GROWING_PERCENT);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) set(0);
  };
}

/** Streams holding the setting now (tests). */
export function streamingHeapHolders(): number {
  return holders;
}
