/**
 * A bare two-hop WebSocket relay, the floor a gateway's invoke path is compared with: the first
 * socket to say "peer" becomes the far end; every other socket's messages go to it and its
 * replies come back (routed by a connection number prefix). Run as its own process.
 *
 * With `--record <file>` it also does what any gateway that keeps a record of each run must do,
 * and nothing else: parse both frames, check them against a schema, append a start and a finish
 * line to a journal file (one write(2) each, before forwarding), and serialise the frame anew.
 */
import { openSync, writeSync } from 'node:fs';
import { Ajv } from 'ajv';
import { WebSocketServer, type WebSocket } from 'ws';

const recordAt = process.argv.indexOf('--record');
const journal = recordAt > 0 ? openSync(process.argv[recordAt + 1]!, 'a', 0o600) : undefined;
const ajv = new Ajv();
const checkRequest = ajv.compile({
  type: 'object', required: ['type', 'id', 'method', 'params'],
  properties: { type: { const: 'req' }, id: { type: 'string' }, method: { type: 'string' }, params: { type: 'object', required: ['command'], properties: { command: { type: 'string' } } } },
});
const checkReply = ajv.compile({ type: 'object', required: ['type', 'id', 'ok'], properties: { type: { const: 'res' }, id: { type: 'string' }, ok: { type: 'boolean' } } });

/** The recording work on one frame; returns the text to forward. */
function recorded(text: string, check: (v: unknown) => boolean, line: (f: Record<string, unknown>) => object): string {
  if (journal === undefined) return text;
  const f = JSON.parse(text) as Record<string, unknown>;
  if (!check(f)) throw new Error('frame out of schema');
  writeSync(journal, `${JSON.stringify(line(f))}\n`);
  return JSON.stringify(f);
}

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
let peer: WebSocket | undefined;
const clients = new Map<string, WebSocket>();
let n = 0;
wss.on('connection', (ws, req) => {
  req.socket.setNoDelay(true);
  const id = String(++n);
  ws.once('message', (first) => {
    if (first.toString() === 'peer') {
      peer = ws;
      ws.on('message', (d) => {
        const s = d.toString();
        const i = s.indexOf('|');
        const out = recorded(s.slice(i + 1), checkReply, (f) => ({ f: { id: f['id'], ok: f['ok'], finishedAtMs: Date.now(), resultJson: JSON.stringify(f['payload']) } }));
        clients.get(s.slice(0, i))?.send(out);
      });
      return;
    }
    clients.set(id, ws);
    const forward = (d: unknown) => {
      const out = recorded(String(d), checkRequest, (f) => ({ s: { id: f['id'], command: (f['params'] as { command: string }).command, startedAtMs: Date.now() } }));
      peer?.send(`${id}|${out}`);
    };
    forward(first);
    ws.on('message', forward);
  });
});
wss.on('listening', () => {
  const a = wss.address();
  process.stdout.write(`listening ${typeof a === 'object' && a ? a.port : String(a)}\n`);
});
