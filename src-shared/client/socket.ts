/**
 * The minimal WebSocket surface the client needs. The browser's WebSocket and the `ws`
 * package's WebSocket both satisfy it, so the same client runs in the phone UI, the
 * Electron window, the CLI and the node agent.
 */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
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
