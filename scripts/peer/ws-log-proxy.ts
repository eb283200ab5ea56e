/**
 * Logging WebSocket proxy: sits between a client (e.g. the real `openclaw` CLI) and a gateway and
 * writes every frame as JSON Lines in the transcripts format of shared/protocol/transcripts:
 * `{t, conn, dir: "c2s"|"s2c"|"meta", kind, bytes, frame}`; close records carry code/reason.
 *
 *   node scripts/peer/ws-log-proxy.ts --listen 29000 --upstream ws://127.0.0.1:18789 --out frames.jsonl
 *
 * Loopback only. HTTP requests other than upgrades get 502 (the CLI only uses WebSocket).
 */
import { appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket, { WebSocketServer, type RawData } from 'ws';

/** A running proxy. */
export interface WsLogProxy {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1:`listen` (0 = any free port), logging to `out` (or stdout). */
export function startWsLogProxy(opts: { listen: number; upstream: string; out?: string }): Promise<WsLogProxy> {
  let connSeq = 0;
  const emit = (rec: Record<string, unknown>) => {
    const line = `${JSON.stringify({ t: Date.now(), ...rec })}\n`;
    if (opts.out) appendFileSync(opts.out, line);
    else process.stdout.write(line);
  };
  const server: Server = createServer((_req, res) => {
    res.writeHead(502).end('ws-log-proxy: WebSocket only\n');
  });
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  wss.on('connection', (client, req) => {
    const conn = ++connSeq;
    emit({ conn, dir: 'meta', kind: 'open', path: req.url });
    const upstream = new WebSocket(opts.upstream + (req.url && req.url !== '/' ? req.url : ''), { perMessageDeflate: false });
    const pending: RawData[] = [];
    const record = (dir: 'c2s' | 's2c', data: RawData) => {
      const text = data.toString();
      let frame: unknown = text;
      try {
        frame = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      emit({ conn, dir, kind: 'text', bytes: Buffer.byteLength(text), frame });
    };
    client.on('message', (data) => {
      record('c2s', data);
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data.toString());
      else pending.push(data);
    });
    upstream.on('open', () => {
      for (const d of pending.splice(0)) upstream.send(d.toString());
    });
    upstream.on('message', (data) => {
      record('s2c', data);
      if (client.readyState === WebSocket.OPEN) client.send(data.toString());
    });
    const validCode = (c: number) => (c >= 3000 && c <= 4999) || (c >= 1000 && c <= 1014 && c !== 1004 && c !== 1005 && c !== 1006);
    client.on('close', (code, reason) => {
      emit({ conn, dir: 'c2s', kind: 'close', code, reason: reason.toString() });
      if (upstream.readyState === WebSocket.OPEN || upstream.readyState === WebSocket.CONNECTING) {
        if (validCode(code)) upstream.close(code, reason);
        else upstream.terminate();
      }
    });
    upstream.on('close', (code, reason) => {
      emit({ conn, dir: 's2c', kind: 'close', code, reason: reason.toString() });
      if (client.readyState === WebSocket.OPEN) {
        if (validCode(code)) client.close(code, reason);
        else client.terminate();
      }
    });
    upstream.on('error', (err) => {
      emit({ conn, dir: 'meta', kind: 'upstream-error', message: err.message });
      client.terminate();
    });
    client.on('error', () => upstream.terminate());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.listen, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : opts.listen;
      resolve({
        port,
        url: `ws://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            for (const c of wss.clients) c.terminate();
            wss.close();
            server.close(() => done());
          }),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { listen: { type: 'string', default: '0' }, upstream: { type: 'string' }, out: { type: 'string' } } });
  if (!values.upstream) {
    process.stderr.write('usage: ws-log-proxy.ts --listen PORT --upstream ws://127.0.0.1:PORT [--out file.jsonl]\n');
    process.exit(2);
  }
  const proxy = await startWsLogProxy({ listen: Number(values.listen), upstream: values.upstream, ...(values.out ? { out: values.out } : {}) });
  process.stderr.write(`ws-log-proxy listening on ${proxy.url} → ${values.upstream}\n`);
  const stop = () => void proxy.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
