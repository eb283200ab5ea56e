/**
 * A bare two-hop WebSocket relay, the floor a gateway's invoke path is compared with: the first
 * socket to say "peer" becomes the far end; every other socket's messages go to it and its
 * replies come back (routed by a connection number prefix). Run as its own process.
 */
import { WebSocketServer, type WebSocket } from 'ws';

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
        clients.get(s.slice(0, i))?.send(s.slice(i + 1));
      });
      return;
    }
    clients.set(id, ws);
    const forward = (d: unknown) => peer?.send(`${id}|${String(d)}`);
    forward(first);
    ws.on('message', forward);
  });
});
wss.on('listening', () => {
  const a = wss.address();
  process.stdout.write(`listening ${typeof a === 'object' && a ? a.port : String(a)}\n`);
});
