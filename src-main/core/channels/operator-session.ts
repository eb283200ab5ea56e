/**
 * An operator inside the gateway process, for channels (Telegram) that act for a person: calls go
 * through the same dispatch as a WebSocket client's (role, scope and params checks, handlers, audit
 * principal), and events arrive from the same broadcaster with the same audiences. Whatever a
 * channel does this way is therefore exactly what the CLI and the web UI can do.
 */
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { FULL_OPERATOR_SCOPES } from '../../../src-shared/protocol/constants.ts';
import type { ClientInfo } from '../../../src-shared/protocol/schemas.ts';
import { dispatch } from '../gateway/dispatch.ts';
import type { GatewayServices } from '../gateway/services.ts';
import type { Session } from '../gateway/session.ts';

export type EventListener = (event: string, payload: unknown) => void;

export interface InProcessOperator {
  /** Calls a gateway method as `principal` (shown in audit records and "decided by"). */
  call<T = unknown>(method: string, params: unknown, principal: string): Promise<T>;
  /**
   * Starts (true) or stops receiving events. A channel listens only while it is live: the
   * listener is one of the gateway's sessions, so it shows in connection lists and every
   * broadcast is serialised for it.
   */
  listen(on: boolean): void;
  /** Stops receiving events. */
  close(): void;
}

/** A socket that is never on the network: `send` hands the event frame to `onFrame`. */
function loopbackSocket(onFrame: (text: string) => void): WebSocket {
  const socket = {
    OPEN: 1, readyState: 1,
    send: (data: string) => onFrame(data),
    close: () => {},
    terminate: () => {},
  };
  return socket as unknown as WebSocket;
}

export function createInProcessOperator(gw: GatewayServices, clientId: string, onEvent: EventListener): InProcessOperator {
  const client = { id: clientId, mode: 'backend', platform: process.platform, version: gw.version, displayName: clientId } as unknown as ClientInfo;
  const base = (principal: string, socket: WebSocket): Session => ({
    connId: randomUUID(), socket, role: 'operator', client, scopes: [...FULL_OPERATOR_SCOPES], deviceId: undefined,
    remoteIp: 'in-process', isLocal: true, protocol: 4, connectedAtMs: gw.clock(), seq: 0, principal,
  });
  const listener = base(clientId, loopbackSocket((text) => {
    let frame: { event?: unknown; payload?: unknown };
    try {
      frame = JSON.parse(text) as typeof frame;
    } catch {
      return;
    }
    if (typeof frame.event !== 'string') return;
    try {
      onEvent(frame.event, frame.payload);
    } catch (err) {
      gw.log.warn('in-process event listener failed', { client: clientId, event: frame.event, error: (err as Error).message });
    }
  }));
  let listening = false;
  const listen = (on: boolean) => {
    if (on === listening) return;
    listening = on;
    if (on) gw.events.add(listener);
    else gw.events.remove(listener);
  };
  const quiet = loopbackSocket(() => {});
  return {
    call: async <T>(method: string, params: unknown, principal: string) => (await dispatch(method, params, { session: base(principal, quiet), gw })) as T,
    listen,
    close: () => listen(false),
  };
}
