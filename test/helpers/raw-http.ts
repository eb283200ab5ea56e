/** Raw TCP/HTTP probes for the edge tests: exact bytes in, the status line and body out. */
import { connect } from 'node:net';
import WebSocket from 'ws';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  raw: string;
}

/** Sends `text` verbatim and reads until the server closes or `waitMs` passes. */
export function rawExchange(port: number, text: string | Buffer, waitMs = 2_000, host = '127.0.0.1'): Promise<RawResponse> {
  return new Promise((resolve) => {
    const s = connect(port, host, () => s.write(text));
    let raw = '';
    const finish = () => {
      clearTimeout(timer);
      s.destroy();
      const [head = '', ...rest] = raw.split('\r\n\r\n');
      const lines = head.split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
      const headers: Record<string, string> = {};
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({ status, headers, body: rest.join('\r\n\r\n'), raw });
    };
    const timer = setTimeout(finish, waitMs);
    s.on('data', (d) => {
      raw += d.toString('latin1');
      // One complete response is enough (keep-alive would hold the socket open).
      const m = /content-length: (\d+)/i.exec(raw);
      const end = raw.indexOf('\r\n\r\n');
      if (end >= 0 && raw.startsWith('HTTP/1.1 101')) finish();
      else if (m && end >= 0 && Buffer.byteLength(raw.slice(end + 4), 'latin1') >= Number(m[1])) finish();
    });
    s.on('error', finish);
    s.on('close', finish);
  });
}

/** GET `path` with the given headers (Host defaults to 127.0.0.1:port). */
export function rawGet(port: number, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const all = { Host: `127.0.0.1:${port}`, ...headers };
  const text = `GET ${path} HTTP/1.1\r\n${Object.entries(all).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return rawExchange(port, text);
}

/** A WebSocket upgrade with explicit headers: the HTTP status (101 when upgraded). */
export function upgradeStatus(port: number, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawExchange(port, `GET / HTTP/1.1\r\n${Object.entries({
    Host: `127.0.0.1:${port}`, Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version': '13', ...headers,
  }).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`, 1_500);
}

/** Opens a ws client with extra headers and resolves with the first frame (connect.challenge) or the HTTP refusal. */
export function openWith(url: string, headers: Record<string, string>): Promise<{ ws?: WebSocket; status?: number; body?: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, headers });
    ws.once('message', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', () => resolve({ status: -1 }));
  });
}
