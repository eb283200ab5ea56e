// Run ids (store/run-id.ts): UUID v7, time-ordered across milliseconds, unique; the fallback for
// Node without crypto.randomUUIDv7 makes the same shape.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newRunId, uuidV7From } from '../../src-main/core/store/run-id.ts';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('run ids are v7 UUIDs that carry the time they were made', () => {
  const before = Date.now();
  const id = newRunId();
  const after = Date.now();
  assert.match(id, V7);
  const ms = parseInt(id.replaceAll('-', '').slice(0, 12), 16);
  assert.ok(ms >= before && ms <= after, `${ms} within ${before}..${after}`);
});

test('run ids made in later milliseconds sort after earlier ones, and never repeat', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    for (let j = 0; j < 200; j++) ids.push(newRunId());
    await new Promise((r) => setTimeout(r, 2));
  }
  assert.equal(new Set(ids).size, ids.length);
  const firstOfEach = [0, 200, 400, 600, 800].map((i) => ids[i]!);
  assert.deepEqual([...firstOfEach].sort(), firstOfEach);
});

test('the fallback lays out time, version and variant as RFC 9562 says', () => {
  const id = uuidV7From(0x0191_2345_6789, new Uint8Array(10).fill(0xff));
  assert.equal(id, '01912345-6789-7fff-bfff-ffffffffffff');
  assert.match(uuidV7From(Date.now(), new Uint8Array(10)), V7);
  // The largest 48-bit time still fits.
  assert.equal(uuidV7From(2 ** 48 - 1, new Uint8Array(10)).slice(0, 13), 'ffffffff-ffff');
});
