/**
 * The minimal WebSocket surface the client needs. The browser's WebSocket and the `ws`
 * package's WebSocket both satisfy it, so the same client runs in the phone UI, the
 * Electron window, the CLI and the node agent.
 */
export interface SocketLike {
  readonly readyState: number;
  /** Text frames; a Uint8Array goes out as a binary frame (binary-frame.ts). */
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  /** Browsers: 'blob' by default, set to 'arraybuffer' so binary frames arrive whole and at once. */
  binaryType?: string;
  /**
   * Sends one binary message made of `parts` without joining them (Node's `ws`: one WebSocket
   * frame per part, the message's fragments), so large output is not copied an extra time.
   */
  sendFragments?(parts: readonly Uint8Array[]): void;
  /** Stop / start reading from the peer (Node's `ws`; TCP then holds the sender back). */
  pause?(): void;
  resume?(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

export const SOCKET_OPEN = 1;

/** Uses the platform's global WebSocket (browsers, Node >= 22). */
export const globalSocketFactory: SocketFactory = (url) => {
  const Ctor = (globalThis as unknown as { WebSocket?: new (u: string) => SocketLike }).WebSocket;
  if (!Ctor) throw new Error('No WebSocket implementation available; pass a socket factory');
  return new Ctor(url);
};
