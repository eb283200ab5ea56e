import assert from 'node:assert/strict';
import test from 'node:test';
import { InFlightRuns } from '../../src-main/core/gateway/nodes/idempotency.ts';

test('a key repeated while its run is in flight shares that run; once it settled, it is forgotten', async () => {
  const runs = new InFlightRuns<number>();
  let starts = 0;
  let finish: (n: number) => void = () => {};
  const slow = () => { starts++; return new Promise<number>((r) => { finish = r; }); };
  const first = runs.run('k', slow);
  assert.equal(runs.run('k', slow), first, 'a retry in flight gets the same promise');
  assert.equal(starts, 1);
  assert.equal(runs.size, 1);
  finish(7);
  assert.equal(await first, 7);
  await new Promise((r) => setImmediate(r));
  assert.equal(runs.size, 0, 'a settled run is not kept (its outcome is in the audit log)');

  const failing = runs.run('f', () => Promise.reject(new Error('boom')));
  await assert.rejects(failing, /boom/);
  await new Promise((r) => setImmediate(r));
  assert.equal(runs.size, 0);
  assert.equal(await runs.run('f', () => Promise.resolve(2)), 2, 'a key no longer in flight starts anew here (the router asks the audit log first)');
});

test("the start's own handlers run before the entry is forgotten (the router records the outcome there)", async () => {
  const runs = new InFlightRuns<string>();
  const order: string[] = [];
  await runs.run('k', () => {
    const p = Promise.resolve('done');
    void p.then(() => order.push('recorded'));
    return p;
  }).then(() => order.push('caller'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, ['recorded', 'caller']);
  assert.equal(runs.size, 0);
});
