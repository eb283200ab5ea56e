/** Node-side WebSocket factory for GatewayConnection, backed by the `ws` package. */
import WebSocket from 'ws';
import type { SocketFactory, SocketLike } from '../../../src-shared/client/socket.ts';
import { MAX_PAYLOAD_BYTES } from '../../../src-shared/protocol/constants.ts';

/**
 * Creates sockets without permessage-deflate (the real gateway does not negotiate it, SPEC §2)
 * and with the post-hello payload limit, so a large hello or result is not refused locally.
 */
export function wsSocketFactory(): SocketFactory {
  return (url) => new WebSocket(url, { perMessageDeflate: false, maxPayload: MAX_PAYLOAD_BYTES }) as unknown as SocketLike;
}
