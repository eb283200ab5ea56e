/** Node-side WebSocket factory for GatewayConnection, backed by the `ws` package. */
import WebSocket from 'ws';
import type { SocketFactory, SocketLike } from '../../../src-shared/client/socket.ts';
import { MAX_PAYLOAD_BYTES } from '../../../src-shared/protocol/constants.ts';
import { corkForTick } from './tick-cork.ts';

/**
 * Creates sockets without permessage-deflate (the real gateway does not negotiate it, SPEC §2)
 * and with the post-hello payload limit, so a large hello or result is not refused locally.
 */
export function wsSocketFactory(): SocketFactory {
  return (url) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: MAX_PAYLOAD_BYTES });
    // Frames sent in one tick share one write (tick-cork.ts): a node streaming output sends
    // several chunks per read of the command's pipe.
    const send = ws.send.bind(ws) as (data: string) => void;
    (ws as unknown as { send: (data: string) => void }).send = (data: string) => {
      if (ws.readyState === WebSocket.OPEN) corkForTick(ws);
      send(data);
    };
    return ws as unknown as SocketLike;
  };
}
