/** A raw WebSocket peer for probing the gateway frame by frame (no client library in between). */
import WebSocket from 'ws';

export interface RawPeer {
  ws: WebSocket;
  challenge: { nonce: string; ts: number };
  next: (timeoutMs?: number) => Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string; atMs: number }>;
  send: (v: unknown) => void;
}

export function openRaw(url: string, headers: Record<string, string> = {}): Promise<RawPeer> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 64 * 1024 * 1024, headers });
    const queue: Record<string, unknown>[] = [];
    const waiting: ((f: Record<string, unknown>) => void)[] = [];
    let first = true;
    const closed = new Promise<{ code: number; reason: string; atMs: number }>((res) => {
      ws.on('close', (code, reason) => res({ code, reason: reason.toString(), atMs: Date.now() }));
    });
    ws.on('error', reject);
    ws.on('message', (d) => {
      const f = JSON.parse(d.toString()) as Record<string, unknown>;
      if (first) {
        first = false;
        resolve({
          ws, closed, challenge: (f['payload'] as { nonce: string; ts: number }),
          send: (v) => ws.send(typeof v === 'string' ? v : JSON.stringify(v)),
          next: (timeoutMs = 5000) => new Promise((res, rej) => {
            const q = queue.shift();
            if (q) return res(q);
            const t = setTimeout(() => rej(new Error('no frame')), timeoutMs);
            waiting.push((x) => { clearTimeout(t); res(x); });
          }),
        });
        return;
      }
      const w = waiting.shift();
      if (w) w(f);
      else queue.push(f);
    });
  });
}
