// The invocation audit log: written behind the hot path, but never lost — reads and close flush it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { createStore } from '../../src-main/core/store/index.ts';
import { tempDir } from '../helpers/processes.ts';

test('a start and its finish become one complete row; reads see queued records', () => {
  const store = createStore(':memory:');
  store.invocations.start({ id: 'a', nodeId: 'n1', nodeName: 'laptop', command: 'system.run', argv: ['sh', '-c', 'exit 3'], requestedBy: 'cli@127.0.0.1', startedAtMs: 1000 });
  store.invocations.finish({ id: 'a', finishedAtMs: 1040, durationMs: 40, exitCode: 3, timedOut: false, ok: false });
  store.invocations.start({ id: 'b', nodeId: 'n1', command: 'system.run', argv: ['sleep', '9'], requestedBy: 'ui', startedAtMs: 2000 });
  const [b, a] = store.invocations.list({ nodeId: 'n1' });
  assert.deepEqual(a, { id: 'a', nodeId: 'n1', nodeName: 'laptop', command: 'system.run', argv: ['sh', '-c', 'exit 3'], requestedBy: 'cli@127.0.0.1', startedAtMs: 1000, finishedAtMs: 1040, durationMs: 40, exitCode: 3, timedOut: false, ok: false });
  assert.equal(b?.finishedAtMs, undefined, 'still running');
  store.invocations.finish({ id: 'b', finishedAtMs: 3000, durationMs: 1000, timedOut: true, ok: false, exitCode: 124 });
  assert.equal(store.invocations.list({ nodeId: 'n1', limit: 1 })[0]?.timedOut, true);
  store.close();
});

test('records queued when the store closes are on disk after reopening', () => {
  const path = join(tempDir(), 'h.sqlite');
  const store = createStore(path);
  store.invocations.start({ id: 'x', nodeId: 'n', command: 'system.which', requestedBy: 'cli', startedAtMs: 5 });
  store.close();
  const again = createStore(path);
  assert.equal(again.invocations.list()[0]?.id, 'x');
  // A run the old gateway never finished is marked interrupted, not left running forever.
  assert.equal(again.invocations.closeInterrupted(10, 10), 1);
  assert.match(again.invocations.list()[0]?.error ?? '', /interrupted/);
  again.close();
});
