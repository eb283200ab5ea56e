/** The client side of the raw two-hop relay (relay-server.ts): the baseline of the no-op invoke rows. */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { killAndWait } from './measure.ts';

const SERVER = join(dirname(fileURLToPath(import.meta.url)), 'relay-server.ts');

/**
 * A raw two-hop relay (bench/lib/relay-server.ts) with a peer answering at once: one call = one
 * round trip. `recordTo` (a file) makes it the recording floor: parse, schema check and a journal
 * line per hop, nothing else.
 */
export async function openRelay(opts: { recordTo?: string } = {}): Promise<{ call: () => Promise<void>; close: () => Promise<void>; pid: number }> {
  const relay = spawn(process.execPath, [SERVER, ...(opts.recordTo ? ['--record', opts.recordTo] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => relay.stdout.on('data', (d: Buffer) => {
    const m = /listening (\d+)/.exec(d.toString());
    if (m) resolve(Number(m[1]));
  }));
  const open = (first?: string) => new Promise<WebSocket>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
    ws.on('open', () => {
      (ws as unknown as { _socket: { setNoDelay(v: boolean): void } })._socket.setNoDelay(true);
      if (first) ws.send(first);
      resolve(ws);
    });
  });
  const peer = await open('peer');
  peer.on('message', (d) => {
    const s = d.toString();
    const i = s.indexOf('|');
    const f = JSON.parse(s.slice(i + 1)) as { id: string };
    peer.send(`${s.slice(0, i)}|${JSON.stringify({ type: 'res', id: f.id, ok: true, payload: { bins: {} } })}`);
  });
  const client = await open();
  let waiting: (() => void) | undefined;
  client.on('message', () => waiting?.());
  let k = 0;
  return {
    pid: relay.pid!,
    call: () => new Promise<void>((resolve) => {
      waiting = resolve;
      client.send(JSON.stringify({ type: 'req', id: String(++k), method: 'node.invoke', params: { command: 'system.which', params: { bins: [] } } }));
    }),
    close: async () => {
      client.close();
      peer.close();
      await killAndWait(relay);
    },
  };
}

