// The idempotency lookup every invoke makes: it sees runs still queued for the batched audit write
// (a start and its finish) as well as written ones, newest first, without forcing a commit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStore } from '../../src-main/core/store/index.ts';

const run = (id: string, startedAtMs: number, key = 'k1') => ({ id, nodeId: 'n1', command: 'system.run', argv: ['true'], requestedBy: 'op', idempotencyKey: key, startedAtMs });

test('a queued start and its queued finish are found without flushing the queue', () => {
  const store = createStore(':memory:');
  store.invocations.start(run('a', 1000));
  store.invocations.finish({ id: 'a', finishedAtMs: 1005, durationMs: 5, exitCode: 0, timedOut: false, ok: true, resultJson: '{"exitCode":0}' });
  const found = store.invocations.byIdempotencyKey('n1', 'system.run', 'k1', 0);
  assert.equal(found?.record.id, 'a');
  assert.equal(found?.record.ok, true);
  assert.equal(found?.record.exitCode, 0);
  assert.equal(found?.resultJson, '{"exitCode":0}');
  assert.equal(store.invocations.queued, 1, 'the lookup did not write the queue');
  store.close();
});

test('a durable start with its finish still queued is found finished', () => {
  const store = createStore(':memory:');
  store.invocations.startNow(run('b', 2000));
  store.invocations.finish({ id: 'b', finishedAtMs: 2009, durationMs: 9, exitCode: 3, timedOut: false, ok: true });
  const found = store.invocations.byIdempotencyKey('n1', 'system.run', 'k1', 0);
  assert.equal(found?.record.id, 'b');
  assert.equal(found?.record.exitCode, 3);
  assert.equal(found?.record.finishedAtMs, 2009);
  store.close();
});

test('the newest run of the key wins across the table and the queue; other keys, nodes and old runs do not match', () => {
  const store = createStore(':memory:');
  store.invocations.startNow(run('old', 1000));
  store.invocations.start(run('new', 3000));
  store.invocations.start(run('other-key', 4000, 'k2'));
  assert.equal(store.invocations.byIdempotencyKey('n1', 'system.run', 'k1', 0)?.record.id, 'new');
  store.invocations.flush();
  store.invocations.startNow(run('newest', 5000));
  assert.equal(store.invocations.byIdempotencyKey('n1', 'system.run', 'k1', 0)?.record.id, 'newest');
  assert.equal(store.invocations.byIdempotencyKey('n2', 'system.run', 'k1', 0), undefined);
  assert.equal(store.invocations.byIdempotencyKey('n1', 'system.which', 'k1', 0), undefined);
  assert.equal(store.invocations.byIdempotencyKey('n1', 'system.run', 'k1', 6000), undefined, 'older than the window');
  store.close();
});

test('the lookup searches the key index, not every run of the node (it stays fast as history grows)', () => {
  const store = createStore(':memory:');
  const plan = store.db.prepare('EXPLAIN QUERY PLAN SELECT * FROM invocations WHERE idempotency_key = ? AND node_id = ? AND command = ? AND started_at_ms >= ? ORDER BY started_at_ms DESC LIMIT 1')
    .all('k', 'n', 'c', 0) as { detail: string }[];
  assert.match(plan.map((p) => p.detail).join('\n'), /USING INDEX invocations_by_key_time \(idempotency_key=\? AND node_id=\? AND command=\? AND started_at_ms>\?\)/);
  store.close();
});
