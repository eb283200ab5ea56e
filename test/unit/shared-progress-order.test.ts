// One run's progress events back in seq order (src-shared/client/progress-order.ts): repeats
// dropped, what waits for a missing seq bounded, the gaps named once at the end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_HELD_BYTES, MAX_HELD_EVENTS, ProgressOrder } from '../../src-shared/client/progress-order.ts';

function order() {
  const out: string[] = [];
  return { o: new ProgressOrder<string>((s) => out.push(s)), out };
}

test('in order: each event goes out at once; shuffled ones wait for their turn; repeats and overlaps are dropped', () => {
  const { o, out } = order();
  o.push(0, 1, 1, 'a');
  assert.deepEqual(out, ['a']);
  o.push(3, 2, 1, 'd+e'); // a binary frame with two chunks: seqs 3 and 4
  o.push(2, 1, 1, 'c');
  assert.deepEqual(out, ['a']);
  o.push(1, 1, 1, 'b');
  assert.deepEqual(out, ['a', 'b', 'c', 'd+e']);
  o.push(4, 1, 1, 'e again'); // inside what went out
  o.push(1, 1, 1, 'b again');
  o.push(5, 1, 1, 'f');
  assert.deepEqual(out, ['a', 'b', 'c', 'd+e', 'f']);
  assert.equal(o.finish(), undefined);
  assert.equal(o.missingChunks, 0);
});

test('a gap that never fills: finish() delivers what waits, in order, and names the missing seqs in one line', () => {
  const { o, out } = order();
  for (const s of [0, 2, 6, 5, 3]) o.push(s, 1, 1, String(s));
  assert.deepEqual(out, ['0']);
  assert.equal(o.finish(), "2 chunks of this run's output never came from the gateway (seq 1, 4): what was printed lacks them");
  assert.equal(o.missingChunks, 2, 'the count a UI words itself');
  assert.deepEqual(out, ['0', '2', '3', '5', '6']);
});

test('what waits is bounded by events and by bytes: past either, the gap is given up on and the late event dropped', () => {
  const { o, out } = order();
  for (let s = 1; s <= MAX_HELD_EVENTS; s++) o.push(s, 1, 1, String(s));
  assert.equal(out.length, 0, `${MAX_HELD_EVENTS} held`);
  o.push(MAX_HELD_EVENTS + 1, 1, 1, 'over');
  assert.equal(out.length, MAX_HELD_EVENTS + 1, 'all went out once the bound was passed');
  o.push(0, 1, 1, 'late');
  assert.ok(!out.includes('late'));
  assert.match(o.finish() ?? '', /^1 chunk .* \(seq 0\)/);

  const bytes = order();
  bytes.o.push(1, 1, MAX_HELD_BYTES, 'big');
  assert.deepEqual(bytes.out, []);
  bytes.o.push(2, 1, 1, 'one more byte');
  assert.deepEqual(bytes.out, ['big', 'one more byte']);
});

test('many gaps: the line names the first three and counts the rest', () => {
  const { o } = order();
  for (let s = 0; s < 20; s += 2) o.push(s, 1, 1, String(s));
  assert.equal(o.finish(), "9 chunks of this run's output never came from the gateway (seq 1, 3, 5, and 6 more gaps): what was printed lacks them");
  assert.equal(o.missingChunks, 9);
});
