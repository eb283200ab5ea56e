// hearth.invocations.list paging: a `before` cursor walks the history newest first without
// skipping or repeating a run (also runs started in the same millisecond), and a bad cursor is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStore } from '../../src-main/core/store/index.ts';
import { invocationsPage } from '../../src-main/core/store/invocations-page.ts';
import { ProtocolError } from '../../src-shared/protocol/errors.ts';

function seed(n: number) {
  const store = createStore(':memory:');
  for (let i = 0; i < n; i++) {
    // Three runs per millisecond: the cursor must order ties by id.
    store.invocations.start({ id: `r${String(i).padStart(3, '0')}`, nodeId: i % 5 === 4 ? 'other' : 'n1', command: 'system.run', argv: ['echo', String(i)], requestedBy: 'ui', startedAtMs: 1000 + Math.floor(i / 3) });
  }
  return store;
}

test('pages of 20 cover the node history exactly once, newest first, and the last page has no nextBefore', () => {
  const store = seed(70);
  const seen: string[] = [];
  let before: string | undefined;
  let pages = 0;
  for (;;) {
    const page = invocationsPage(store.invocations, { nodeId: 'n1', limit: 20, ...(before ? { before } : {}) });
    pages++;
    seen.push(...page.items.map((r) => r.id));
    assert.ok(page.items.length <= 20);
    if (!page.nextBefore) break;
    assert.equal(page.items.length, 20, 'a page with a next page is full');
    before = page.nextBefore;
  }
  const expected = Array.from({ length: 70 }, (_, i) => i).filter((i) => i % 5 !== 4).map((i) => `r${String(i).padStart(3, '0')}`).reverse();
  assert.deepEqual(seen, expected);
  assert.equal(pages, 3);
  store.close();
});

test('without nodeId the pages walk every node; an exact multiple of the limit ends without an empty page', () => {
  const store = seed(40);
  const first = invocationsPage(store.invocations, { limit: 20 });
  assert.equal(first.items.length, 20);
  assert.ok(first.nextBefore);
  const second = invocationsPage(store.invocations, { limit: 20, before: first.nextBefore });
  assert.equal(second.items.length, 20);
  assert.equal(second.nextBefore, undefined);
  assert.equal(new Set([...first.items, ...second.items].map((r) => r.id)).size, 40);
  store.close();
});

test('a cursor that this gateway did not hand out is refused with what to pass instead', () => {
  const store = seed(3);
  for (const bad of ['yesterday', '12', ':r1', '1:has space', `${'9'.repeat(17)}:r1`]) {
    assert.throws(() => invocationsPage(store.invocations, { before: bad }), (err: unknown) => {
      assert.ok(err instanceof ProtocolError);
      assert.match(err.message, /before is not a history cursor: pass the nextBefore/);
      return true;
    });
  }
  store.close();
});

test("runs the gateway's own modules asked for stay in the log but out of history pages unless asked for", () => {
  const store = createStore(':memory:');
  let t = 1000;
  const run = (id: string, requestedBy: string) => store.invocations.start({ id, nodeId: 'n1', command: requestedBy.startsWith('module:') ? 'hearth.models.inventory' : 'system.run', requestedBy, startedAtMs: t++ });
  run('mine-1', 'cli');
  for (let i = 0; i < 30; i++) run(`probe-${i}`, 'module:models');
  run('mine-2', 'operator:phone');
  run('probe-last', 'module:models');
  const people = invocationsPage(store.invocations, { nodeId: 'n1', limit: 5 });
  assert.deepEqual(people.items.map((r) => r.id), ['mine-2', 'mine-1'], 'the probes do not bury what people ran');
  assert.equal(people.nextBefore, undefined);
  const everything = invocationsPage(store.invocations, { nodeId: 'n1', limit: 5, internal: true });
  assert.deepEqual(everything.items.map((r) => r.id), ['probe-last', 'mine-2', 'probe-29', 'probe-28', 'probe-27']);
  // Paging without the probes skips them on every page, across nodes too.
  const first = invocationsPage(store.invocations, { limit: 1 });
  assert.deepEqual(first.items.map((r) => r.id), ['mine-2']);
  assert.deepEqual(invocationsPage(store.invocations, { limit: 1, before: first.nextBefore! }).items.map((r) => r.id), ['mine-1']);
  assert.equal(store.invocations.list().length, 33, 'the audit log itself keeps every run');
  store.close();
});
