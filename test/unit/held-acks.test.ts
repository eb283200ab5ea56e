// Piggybacked acknowledgements (gateway/held-acks.ts): a held reply leaves with the next frame to
// the same socket, before it, or on its own after ACK_HOLD_MS; a closed socket gets nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WebSocket } from 'ws';
import { ACK_HOLD_MS, holdForNextFrame, releaseHeld } from '../../src-main/core/gateway/held-acks.ts';

function fakeSocket() {
  const sent: string[] = [];
  const ws = { OPEN: 1, readyState: 1, send: (t: string) => sent.push(t) };
  return { ws: ws as unknown as WebSocket, sent, raw: ws };
}

test('held replies go out before the next frame, in order', () => {
  const { ws, sent } = fakeSocket();
  holdForNextFrame(ws, 'ack-1');
  holdForNextFrame(ws, 'ack-2');
  assert.deepEqual(sent, []);
  releaseHeld(ws);
  ws.send('request');
  assert.deepEqual(sent, ['ack-1', 'ack-2', 'request']);
  releaseHeld(ws);
  assert.deepEqual(sent, ['ack-1', 'ack-2', 'request'], 'sent once');
});

test('a held reply with nothing to ride on leaves by itself', async () => {
  const { ws, sent } = fakeSocket();
  holdForNextFrame(ws, 'ack');
  await new Promise((r) => setTimeout(r, ACK_HOLD_MS + 50));
  assert.deepEqual(sent, ['ack']);
});

test('a socket closed meanwhile is not written to', async () => {
  const { ws, sent, raw } = fakeSocket();
  holdForNextFrame(ws, 'ack');
  raw.readyState = 3;
  await new Promise((r) => setTimeout(r, ACK_HOLD_MS + 50));
  assert.deepEqual(sent, []);
});
