/** Typed failures of a gateway connection, so callers can branch without parsing messages. */
import { ProtocolError, type ErrorShape } from '../protocol/errors.ts';

/** The gateway refused the handshake; carries the protocol error and the close code that followed. */
export class ConnectRejectedError extends ProtocolError {
  closeCode: number | undefined;
  closeReason: string | undefined;
  constructor(shape: ErrorShape, closeCode?: number, closeReason?: string) {
    super(shape);
    this.name = 'ConnectRejectedError';
    this.closeCode = closeCode;
    this.closeReason = closeReason;
  }
}

/** The socket closed (or never opened) before an answer arrived. */
export class ConnectionLostError extends Error {
  readonly closeCode: number | undefined;
  readonly closeReason: string | undefined;
  /** True when an established connection went away (as opposed to one that never opened). */
  readonly afterHandshake: boolean;
  /**
   * True when the WebSocket opened and was then cut off before hello-ok: a gateway is there (an
   * overloaded one sheds unauthenticated sockets), so "is it running?" would mislead.
   */
  readonly cutOffBeforeHello: boolean;
  constructor(message: string, closeCode?: number, closeReason?: string, afterHandshake = false, cutOffBeforeHello = false) {
    super(message);
    this.name = 'ConnectionLostError';
    this.closeCode = closeCode;
    this.closeReason = closeReason;
    this.afterHandshake = afterHandshake;
    this.cutOffBeforeHello = cutOffBeforeHello;
  }
}

/** A call got no answer within its timeout. */
export class CallTimeoutError extends Error {
  constructor(method: string, timeoutMs: number) {
    super(`${method}: no answer from the gateway within ${timeoutMs} ms`);
    this.name = 'CallTimeoutError';
  }
}
