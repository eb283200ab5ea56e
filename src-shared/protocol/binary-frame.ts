/**
 * Hearth's binary frame (a Hearth-to-Hearth extension; OpenClaw peers never see one): a normal
 * request or event frame as a short JSON header, followed by raw bytes that stand for the frame's
 * byte payload. It carries streamed run output without base64 or JSON escaping, which were most
 * of the cost of streaming.
 *
 *   byte 0      0x48 ('H')      marks a Hearth binary frame
 *   byte 1      0x01            layout version
 *   bytes 2–3   header length   big-endian, at most MAX_BINARY_HEADER_BYTES
 *   header      UTF-8 JSON      a request or event frame (docs/protocol.md)
 *   body        raw bytes       the rest of the WebSocket message
 *
 * Browser-safe (Uint8Array, TextEncoder/TextDecoder): the web UI can read one, though today only
 * the CLI asks for them.
 */

export const BINARY_FRAME_MAGIC = 0x48;
export const BINARY_FRAME_VERSION = 1;
const PREFIX_BYTES = 4;
/** A header is a few names and numbers; anything longer is refused. */
export const MAX_BINARY_HEADER_BYTES = 4096;

const encoder = new TextEncoder();

/**
 * Uninitialised bytes (every one is written). Under Node, Buffer.allocUnsafe: small ones (a
 * header) come from its shared pool instead of each being a separate allocation, which made the
 * garbage collector run far more often while streaming.
 */
const nodeBuffer = (globalThis as { Buffer?: { allocUnsafe(n: number): Uint8Array } }).Buffer;
const allocBytes = (n: number): Uint8Array => (nodeBuffer ? nodeBuffer.allocUnsafe(n) : new Uint8Array(n));
const decoder = new TextDecoder('utf-8', { fatal: true });

/** One WebSocket message: prefix, `header` as JSON, then each of `parts` in order (copied once). */
export function encodeBinaryFrame(header: unknown, parts: readonly Uint8Array[]): Uint8Array {
  return encodeBinaryFrameJSON(JSON.stringify(header), parts);
}

/** {@link encodeBinaryFrame} with the header already serialised (hot paths build it by hand). */
export function encodeBinaryFrameJSON(headerJSON: string, parts: readonly Uint8Array[]): Uint8Array {
  const head = encoder.encode(headerJSON);
  if (head.length > MAX_BINARY_HEADER_BYTES) throw new RangeError(`binary frame header of ${head.length} bytes exceeds ${MAX_BINARY_HEADER_BYTES}`);
  let bodyBytes = 0;
  for (const p of parts) bodyBytes += p.length;
  const out = allocBytes(PREFIX_BYTES + head.length + bodyBytes);
  out[0] = BINARY_FRAME_MAGIC;
  out[1] = BINARY_FRAME_VERSION;
  out[2] = head.length >>> 8;
  out[3] = head.length & 0xff;
  out.set(head, PREFIX_BYTES);
  let at = PREFIX_BYTES + head.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export type BinaryFrameParse =
  | { ok: true; header: Record<string, unknown>; body: Uint8Array[] }
  | { ok: false; message: string };

/**
 * Splits a binary WebSocket message into its JSON header and body. The message may come in
 * pieces (`ws` with binaryType 'fragments': one per WebSocket frame); the body is returned as
 * views of them, never copied.
 */
export function decodeBinaryFrame(pieces: readonly Uint8Array[]): BinaryFrameParse {
  let first = pieces[0] ?? new Uint8Array(0);
  let rest = pieces.slice(1);
  const headerFits = first.length >= PREFIX_BYTES && first.length >= PREFIX_BYTES + ((first[2]! << 8) | first[3]!);
  if (!headerFits && rest.length > 0) {
    // A header split across pieces (a peer that framed it so): read it from the joined message.
    first = joinBytes(pieces);
    rest = [];
  }
  if (first.length < PREFIX_BYTES || first[0] !== BINARY_FRAME_MAGIC) {
    return { ok: false, message: 'binary frames are a Hearth extension (see docs/protocol.md); this one does not start with its marker — send JSON text frames' };
  }
  if (first[1] !== BINARY_FRAME_VERSION) return { ok: false, message: `binary frame layout ${first[1]} is not supported (this side speaks ${BINARY_FRAME_VERSION}); update Hearth` };
  const headerBytes = (first[2]! << 8) | first[3]!;
  const end = PREFIX_BYTES + headerBytes;
  if (headerBytes > MAX_BINARY_HEADER_BYTES || end > first.length) {
    return { ok: false, message: `binary frame header length ${headerBytes} does not fit the frame (at most ${MAX_BINARY_HEADER_BYTES} bytes)` };
  }
  let header: unknown;
  try {
    header = JSON.parse(decoder.decode(first.subarray(PREFIX_BYTES, end)));
  } catch {
    return { ok: false, message: 'binary frame header is not UTF-8 JSON' };
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return { ok: false, message: 'binary frame header must be a JSON object' };
  const body = end < first.length ? [first.subarray(end), ...rest] : rest;
  return { ok: true, header: header as Record<string, unknown>, body: body.filter((b) => b.length > 0) };
}

/** Output bytes a binary frame declares: the sum of its chunks' `sizes`. */
export function declaredBytes(sizes: readonly number[] | undefined): number {
  let n = 0;
  for (const s of sizes ?? []) n += s;
  return n;
}

/** Total length of byte pieces. */
export function byteLength(pieces: readonly Uint8Array[]): number {
  let n = 0;
  for (const p of pieces) n += p.length;
  return n;
}

/** The pieces as one array (a copy unless there is only one). */
export function joinBytes(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  const out = new Uint8Array(byteLength(pieces));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The pieces of a WebSocket message that arrived binary: `ws` gives a Buffer, or an array of
 * them with binaryType 'fragments' (what Hearth asks for, so nothing is joined); browsers an
 * ArrayBuffer.
 */
export function binaryMessagePieces(data: unknown): Uint8Array[] | undefined {
  if (data instanceof Uint8Array) return [data];
  if (data instanceof ArrayBuffer) return [new Uint8Array(data)];
  if (Array.isArray(data) && data.every((d) => d instanceof Uint8Array)) return data as Uint8Array[];
  return undefined;
}
