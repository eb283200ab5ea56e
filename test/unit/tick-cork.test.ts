// Prompt sends (net/tick-cork.ts): the first frame of a tick leaves at once, in one write with
// what precedes it; later ones in the same tick wait for its end and leave together; a socket
// corked for the tick (a burst of streamed chunks) keeps batching.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { corkForTick, sendPromptly } from '../../src-main/core/net/tick-cork.ts';

interface Raw { writableCorked: number; _write: (...a: unknown[]) => unknown; _writev: (...a: unknown[]) => unknown }

async function pair(t: { after: (fn: () => Promise<void>) => void }): Promise<{ server: WebSocket; raw: Raw; writes: () => number; received: string[]; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const received: string[] = [];
  client.on('message', (d) => received.push(String(d)));
  const [server] = await Promise.all([new Promise<WebSocket>((r) => wss.once('connection', r)), new Promise((r) => client.once('open', r))]);
  const raw = (server as unknown as { _socket: Raw })._socket;
  // Count the system-call-level writes the TCP socket makes.
  let n = 0;
  for (const k of ['_write', '_writev'] as const) {
    const orig = raw[k].bind(raw);
    raw[k] = (...a: unknown[]) => {
      n++;
      return orig(...a);
    };
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    client.terminate();
    await new Promise((r) => wss.close(r));
  };
  // A failed assertion still closes the sockets, so the run ends.
  t.after(close);
  return { server, raw, writes: () => n, received, close };
}

const nextTick = () => new Promise<void>((r) => process.nextTick(r));

test('the first prompt send of a tick is written before it returns, with what precedes it in one write', async (t) => {
  const p = await pair(t);
  sendPromptly(p.server, () => {
    p.server.send('held ack');
    p.server.send('request');
  });
  assert.equal(p.writes(), 1, 'written at once, not at the end of the tick: both frames in one write');
  assert.equal(p.raw.writableCorked, 0);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(p.received, ['held ack', 'request']);
  await p.close();
});

test('later prompt sends in the same tick share one write at its end; the next tick starts over', async (t) => {
  const p = await pair(t);
  sendPromptly(p.server, () => p.server.send('a'));
  assert.equal(p.writes(), 1, 'a at once');
  sendPromptly(p.server, () => p.server.send('b'));
  sendPromptly(p.server, () => p.server.send('c'));
  assert.equal(p.writes(), 1, 'b and c wait for the end of the tick');
  assert.equal(p.raw.writableCorked, 1);
  await nextTick();
  await nextTick();
  assert.equal(p.writes(), 2, 'a alone, then b and c together');
  assert.equal(p.raw.writableCorked, 0);
  sendPromptly(p.server, () => p.server.send('d'));
  assert.equal(p.writes(), 3, 'a new tick writes at once again');
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(p.received, ['a', 'b', 'c', 'd']);
  await p.close();
});

test('a socket corked for the tick keeps batching prompt sends', async (t) => {
  const p = await pair(t);
  corkForTick(p.server);
  p.server.send('chunk 1');
  sendPromptly(p.server, () => p.server.send('reply'));
  p.server.send('chunk 2');
  assert.equal(p.writes(), 0);
  await nextTick();
  await nextTick();
  assert.equal(p.writes(), 1);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(p.received, ['chunk 1', 'reply', 'chunk 2']);
  await p.close();
});

test('a socket with no TCP socket under it (a stand-in) just sends', () => {
  const sent: string[] = [];
  const fake = { send: (t: string) => sent.push(t) } as unknown as WebSocket;
  sendPromptly(fake, () => fake.send('x'));
  assert.deepEqual(sent, ['x']);
});
