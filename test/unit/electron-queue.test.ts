import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coalesceSnapshots, createWindowQueue, type QueuedMessage } from '../../src-main/electron/window/message-queue.ts';

describe('window message queue', () => {
  it('holds messages until ready, flushes in order, then sends directly', () => {
    const sent: QueuedMessage[] = [];
    const q = createWindowQueue((m) => sent.push(m));
    q.push({ channel: 'a', payload: 1 });
    q.push({ channel: 'b', payload: 2 });
    assert.equal(sent.length, 0);
    assert.equal(q.pending, 2);
    q.markReady();
    q.push({ channel: 'c', payload: 3 });
    assert.deepEqual(sent.map((m) => m.channel), ['a', 'b', 'c']);
    assert.equal(q.pending, 0);
  });

  it('queues again while the page reloads', () => {
    const sent: string[] = [];
    const q = createWindowQueue((m) => sent.push(m.channel));
    q.markReady();
    q.markLoading();
    q.push({ channel: 'x', payload: null });
    assert.deepEqual(sent, []);
    q.markReady();
    assert.deepEqual(sent, ['x']);
  });

  it('coalesces snapshots (latest wins) but keeps one-off messages and their order', () => {
    const sent: QueuedMessage[] = [];
    const q = createWindowQueue((m) => sent.push(m), { coalesceKey: coalesceSnapshots });
    q.push({ channel: 'hearth:node-status-changed', payload: 1 });
    q.push({ channel: 'hearth:navigate', payload: 'pair' });
    q.push({ channel: 'hearth:node-status-changed', payload: 2 });
    q.push({ channel: 'hearth:navigate', payload: 'settings' });
    q.markReady();
    assert.deepEqual(sent, [
      { channel: 'hearth:navigate', payload: 'pair' },
      { channel: 'hearth:node-status-changed', payload: 2 },
      { channel: 'hearth:navigate', payload: 'settings' },
    ]);
  });

  it('bounds the queue and ignores everything after dispose', () => {
    const sent: number[] = [];
    const q = createWindowQueue<QueuedMessage>((m) => sent.push(m.payload as number), { max: 3 });
    for (let i = 0; i < 5; i++) q.push({ channel: 'n', payload: i });
    assert.equal(q.pending, 3);
    q.dispose();
    q.push({ channel: 'n', payload: 9 });
    q.markReady();
    assert.deepEqual(sent, []);
  });
});
