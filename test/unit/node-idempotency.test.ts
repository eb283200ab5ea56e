import assert from 'node:assert/strict';
import test from 'node:test';
import { IdempotencyCache } from '../../src-main/core/gateway/nodes/idempotency.ts';

test('a repeated key within the window shares the first promise; a failure may be retried; old keys expire', async () => {
  let now = 0;
  const cache = new IdempotencyCache<number>(() => now, 1000);
  let starts = 0;
  const ok = () => { starts++; return Promise.resolve(starts); };
  const first = cache.run('k', ok);
  assert.equal(cache.run('k', ok), first);
  assert.equal(await first, 1);
  assert.equal(starts, 1);

  const failing = cache.run('f', () => Promise.reject(new Error('boom')));
  await assert.rejects(failing, /boom/);
  await new Promise((r) => setImmediate(r));
  assert.equal(await cache.run('f', ok), 2, 'a failed key runs again');

  now = 5000;
  assert.equal(await cache.run('k', ok), 3, 'an expired key runs again');
  assert.equal(cache.size, 1, 'expired entries are pruned');
});
