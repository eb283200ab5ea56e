/** Node-side WebSocket factory for GatewayConnection, backed by the `ws` package. */
import WebSocket from 'ws';
import type { SocketFactory, SocketLike } from '../../../src-shared/client/socket.ts';
import { isLoopbackHost } from '../../../src-shared/net/loopback.ts';
import { MAX_PAYLOAD_BYTES } from '../../../src-shared/protocol/constants.ts';
import { corkForTick, sendPromptly } from './tick-cork.ts';

/**
 * Whether frames to `url` can go with the all-zero masking key. Masking (RFC 6455 §10.3) keeps a
 * script that picks the payload from steering an intermediary that reads plain frames (a
 * transparent proxy). Over TLS, or to this machine, no intermediary reads them, and a node's
 * output would otherwise be copied and XORed byte by byte for nothing. Elsewhere: random keys.
 */
export function maskingIdle(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'wss:' || isLoopbackHost(u.hostname);
  } catch {
    return false;
  }
}

const zeroMask = (mask: Buffer) => {
  mask.fill(0);
};

/**
 * Creates sockets without permessage-deflate (the real gateway does not negotiate it, SPEC §2)
 * and with the post-hello payload limit, so a large hello or result is not refused locally.
 */
export function wsSocketFactory(): SocketFactory {
  return (url) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: MAX_PAYLOAD_BYTES, ...(maskingIdle(url) ? { generateMask: zeroMask } : {}) });
    // Binary messages (streamed output) as their frames' payloads, not joined into one copy.
    ws.binaryType = 'fragments';
    // The first frame of a tick leaves at once (a request, a run's result: someone waits on
    // it); the ones after it in the same tick share one write (tick-cork.ts): a node streaming
    // output sends several chunks per read of the command's pipe.
    const send = ws.send.bind(ws) as (data: string | Uint8Array, options?: { binary: boolean; fin: boolean }) => void;
    (ws as unknown as { send: (data: string | Uint8Array) => void }).send = (data) => {
      if (ws.readyState !== WebSocket.OPEN) return send(data);
      sendPromptly(ws, () => send(data));
    };
    // One message, several frames: nothing else can come between them (this runs to the end).
    (ws as unknown as { sendFragments: (parts: readonly Uint8Array[]) => void }).sendFragments = (parts) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      corkForTick(ws);
      parts.forEach((p, i) => send(p, { binary: true, fin: i === parts.length - 1 }));
    };
    return ws as unknown as SocketLike;
  };
}
