// The in-memory key index (store/idempotency-index.ts) that spares a fresh idempotency key its
// table read: it may say "maybe" too often (then the table decides) but never "no" for a key
// that has a recorded run in the window — not for runs from before this process, not past its cap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdempotencyIndex, keyHash, type IndexedRun } from '../../src-main/core/store/idempotency-index.ts';
import { createStore } from '../../src-main/core/store/index.ts';

const run = (key: string, startedAtMs: number, nodeId = 'n1', command = 'system.run'): IndexedRun => ({ nodeId, command, idempotencyKey: key, startedAtMs });

/** An index over a fixed "table", counting how often the table is read. */
function over(table: IndexedRun[], cap?: number) {
  const reads: number[] = [];
  const index = new IndexedRunsIndex(table, reads, cap);
  return { index: index.index, reads };
}
class IndexedRunsIndex {
  readonly index: IdempotencyIndex;
  constructor(table: IndexedRun[], reads: number[], cap?: number) {
    this.index = new IdempotencyIndex((sinceMs, limit) => {
      reads.push(sinceMs);
      return table.filter((r) => r.startedAtMs >= sinceMs).sort((a, b) => b.startedAtMs - a.startedAtMs).slice(0, limit);
    }, cap);
  }
}

test('runs in the table before this process are known after one read; fresh keys are certainly absent', () => {
  const { index, reads } = over([run('old', 500), run('gone', 10)]);
  assert.equal(index.mayHave('n1', 'system.run', 'old', 100), true);
  assert.equal(index.mayHave('n1', 'system.run', 'fresh', 100), false);
  assert.equal(index.mayHave('n1', 'system.run', 'gone', 100), false, 'older than the window');
  assert.equal(index.mayHave('n2', 'system.run', 'old', 100), false, 'another node');
  assert.equal(index.mayHave('n1', 'system.which', 'old', 100), false, 'another command');
  assert.deepEqual(reads, [100], 'the table is read once, at the first lookup');
});

test('a key recorded by this process is known, before and after the first load', () => {
  const { index } = over([]);
  index.note('n1', 'system.run', 'early', 50);
  assert.equal(index.mayHave('n1', 'system.run', 'early', 0), true);
  index.note('n1', 'system.run', 'late', 60);
  assert.equal(index.mayHave('n1', 'system.run', 'late', 0), true);
  assert.equal(index.mayHave('n1', 'system.run', 'late', 61), false, 'its run is older than the window');
});

test('a window reaching further back than the first one is the table\'s to answer', () => {
  const { index } = over([run('a', 500)]);
  assert.equal(index.mayHave('n1', 'system.run', 'zzz', 400), false);
  assert.equal(index.mayHave('n1', 'system.run', 'zzz', 300), true, 'runs between 300 and 400 were never read');
});

test('past the cap the oldest keys are dropped and their time range goes back to the table', () => {
  const table = Array.from({ length: 10 }, (_, i) => run(`t${i}`, 100 + i));
  const { index } = over(table, 4);
  // Only t6..t9 fit: a lookup that could match t0..t5 must ask the table.
  assert.equal(index.mayHave('n1', 'system.run', 't9', 0), true);
  assert.equal(index.mayHave('n1', 'system.run', 'fresh', 0), true);
  assert.equal(index.mayHave('n1', 'system.run', 'fresh', 106), false);
  for (let i = 0; i < 4; i++) index.note('n1', 'system.run', `new${i}`, 200 + i);
  assert.equal(index.size, 4);
  assert.equal(index.mayHave('n1', 'system.run', 't9', 106), true, 'dropped, so the table decides');
  assert.equal(index.mayHave('n1', 'system.run', 'fresh', 201), false);
  assert.equal(index.mayHave('n1', 'system.run', 'new3', 201), true);
});

test('hashes keep the parts apart', () => {
  assert.notEqual(keyHash('ab', 'c', 'k'), keyHash('a', 'bc', 'k'));
  assert.notEqual(keyHash('n', 'c', 'k1'), keyHash('n', 'c', 'k2'));
  assert.ok(Number.isSafeInteger(keyHash('n', 'c', 'k')));
});

test('in the store: runs recorded through the repo and rows already in the table are both found', () => {
  const store = createStore(':memory:');
  // A row from an earlier gateway, in the table before the first lookup.
  store.db.prepare("INSERT INTO invocations (id, node_id, command, requested_by, idempotency_key, started_at_ms, finished_at_ms, ok, result_json) VALUES ('p', 'n1', 'system.run', 'op', 'k0', 900, 901, 1, '{\"exitCode\":7}')").run();
  store.invocations.startNow({ id: 'a', nodeId: 'n1', command: 'system.run', requestedBy: 'op', idempotencyKey: 'k1', startedAtMs: 1000 });
  store.invocations.finish({ id: 'a', finishedAtMs: 1002, durationMs: 2, timedOut: false, ok: true, resultJson: '{"exitCode":0}' });
  assert.equal(store.invocations.byIdempotencyKey('n1', 'system.run', 'k0', 0)?.resultJson, '{"exitCode":7}');
  assert.equal(store.invocations.byIdempotencyKey('n1', 'system.run', 'k1', 0)?.resultJson, '{"exitCode":0}');
  assert.equal(store.invocations.byIdempotencyKey('n1', 'system.run', 'never', 0), undefined);
  store.close();
});
