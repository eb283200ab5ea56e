/**
 * A raw WebSocket operator client (no Hearth client library): the same code measures any
 * OpenClaw-protocol gateway, Hearth's or the real one.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

export interface RawOperator {
  call(method: string, params: unknown): Promise<{ ok: boolean; payload?: unknown; error?: { code: string; message: string } }>;
  /** Subscribes to one event; returns the unsubscribe function. */
  on(event: string, handler: (payload: unknown) => void): () => void;
  close(): void;
}

export function connectRawOperator(url: string, token: string, scopes = ['operator.admin', 'operator.write', 'operator.read', 'operator.pairing']): Promise<RawOperator> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
    const pending = new Map<string, (f: { ok: boolean; payload?: unknown; error?: { code: string; message: string } }) => void>();
    let n = 0;
    const handlers = new Map<string, Set<(p: unknown) => void>>();
    ws.on('error', reject);
    // A socket the gateway closes settles everything waiting on it: a connect never admitted
    // rejects, calls in flight answer CLOSED (a hung promise would hang the bench or test).
    let admitted = false;
    ws.on('close', (code, reason) => {
      const why = `the gateway closed the connection (${code}${reason.length ? ` ${reason.toString()}` : ''})`;
      if (!admitted) reject(new Error(`${why} before hello-ok`));
      for (const p of pending.values()) p({ ok: false, error: { code: 'CLOSED', message: why } });
      pending.clear();
    });
    ws.on('open', () => (ws as unknown as { _socket: { setNoDelay(v: boolean): void } })._socket.setNoDelay(true));
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as { type: string; event?: string; id?: string; ok?: boolean; payload?: unknown; error?: { code: string; message: string } };
      if (f.type === 'event' && f.event === 'connect.challenge') {
        ws.send(JSON.stringify({
          type: 'req', id: 'c', method: 'connect',
          params: { minProtocol: 4, maxProtocol: 4, client: { id: 'cli', version: 'bench', platform: 'linux', mode: 'cli' }, role: 'operator', scopes, caps: [], auth: { token } },
        }));
        return;
      }
      if (f.type === 'res' && f.id === 'c') {
        if (!f.ok) return reject(new Error(`connect refused: ${f.error?.message}`));
        admitted = true;
        resolve({
          call: (method, params) => new Promise((res) => {
            if (ws.readyState !== WebSocket.OPEN) return res({ ok: false, error: { code: 'CLOSED', message: 'the connection is closed' } });
            const id = `${++n}:${randomUUID()}`;
            pending.set(id, res);
            ws.send(JSON.stringify({ type: 'req', id, method, params }));
          }),
          on: (event, handler) => {
            let set = handlers.get(event);
            if (!set) handlers.set(event, (set = new Set()));
            set.add(handler);
            return () => set.delete(handler);
          },
          close: () => ws.close(),
        });
        return;
      }
      if (f.type === 'event' && f.event) for (const h of handlers.get(f.event) ?? []) h(f.payload);
      if (f.type === 'res' && f.id) {
        const p = pending.get(f.id);
        pending.delete(f.id);
        p?.({ ok: f.ok === true, payload: f.payload, ...(f.error ? { error: f.error } : {}) });
      }
    });
  });
}
