// The young-generation hold (src-main/core/gateway/startup-heap.ts) on this Node: while held, a
// burst of long-lived allocations leaves the young generation at its initial size; released, it
// grows again under the same burst; a growth factor the user set is left alone.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../helpers/processes.ts';

const MODULE = pathToFileURL(join(ROOT, 'src-main', 'core', 'gateway', 'startup-heap.ts')).href;

/** Young-generation size (MB) after a burst of surviving objects, held or not. */
function youngAfterBurst(hold: boolean, nodeFlags: string[] = []): { held: number; released?: number } {
  const script = `
    import { holdYoungGeneration } from ${JSON.stringify(MODULE)};
    import { getHeapSpaceStatistics } from 'node:v8';
    const young = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').physical_space_size / 1048576;
    const keep = [];
    const burst = () => { for (let i = 0; i < 300000; i++) keep.push({ i, s: 'x' + i, a: [i] }); };
    const release = ${hold} ? holdYoungGeneration() : () => {};
    burst();
    const held = young();
    release();
    burst(); burst();
    console.log(JSON.stringify({ held, released: young() }));
  `;
  const r = spawnSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { held: number; released: number };
}

test('startup heap: held, the young generation stays at its initial size; released, it grows again', () => {
  const held = youngAfterBurst(true);
  const free = youngAfterBurst(false);
  assert.ok(held.held <= 4, `young generation ${held.held} MB while held`);
  assert.ok(free.held >= 8, `without the hold the same burst grows it (${free.held} MB), else this test proves nothing`);
  assert.ok(held.released! > held.held, `released, it grows again (${held.held} → ${held.released} MB)`);
});

test('startup heap: a growth factor given on the command line wins', () => {
  const r = youngAfterBurst(true, ['--semi-space-growth-factor=4']);
  assert.ok(r.held >= 8, `the user's factor applies (${r.held} MB)`);
});
