import assert from 'node:assert/strict';
import fs, { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { watchFile } from '../../src-main/core/config-reload/watch-file.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function fresh(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-watch-'));
  dirs.push(dir);
  return { dir, file: join(dir, 'hearth.json') };
}

/** Resolves with the number of changes once `n` have been seen (or rejects after `ms`). */
function counter() {
  let count = 0;
  let waiters: { n: number; resolve: () => void }[] = [];
  return {
    onChange: () => {
      count++;
      waiters = waiters.filter((w) => (count >= w.n ? (w.resolve(), false) : true));
    },
    get count() { return count; },
    reach: (n: number, ms = 10_000) => new Promise<void>((resolve, reject) => {
      if (count >= n) return resolve();
      const t = setTimeout(() => reject(new Error(`saw ${count} changes, waited for ${n}`)), ms);
      waiters.push({ n, resolve: () => { clearTimeout(t); resolve(); } });
    }),
  };
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
const opts = { debounceMs: 20, pollMs: 100 };

/** Watches `file` (created with `initial` unless undefined) while `body` runs, then closes the watch. */
async function watching(initial: string | undefined, body: (c: ReturnType<typeof counter>, paths: { dir: string; file: string }) => Promise<void>): Promise<void> {
  const paths = fresh();
  if (initial !== undefined) writeFileSync(paths.file, initial);
  const c = counter();
  const w = watchFile(paths.file, c.onChange, opts);
  try {
    await settle(60);
    await body(c, paths);
  } finally {
    w.close();
  }
}

test('in-place saves and saves by rename are both seen, every time (the watch follows the new inode)', () => watching('{"v":0}', async (c, { file }) => {
  writeFileSync(file, '{"v":1}');
  await c.reach(1);
  for (let i = 2; i <= 4; i++) {
    writeFileSync(`${file}.swp`, `{"v":${i}}`);
    renameSync(`${file}.swp`, file);
    await c.reach(i);
  }
  appendFileSync(file, ' ');
  await c.reach(5);
}));

test('a file missing at start is noticed when it appears, deleted and created again', () => watching(undefined, async (c, { file }) => {
  writeFileSync(file, '{"v":1}');
  await c.reach(1);
  rmSync(file);
  await c.reach(2);
  writeFileSync(file, '{"v":2}');
  await c.reach(3);
}));

test('a save that leaves the bytes unchanged and writes to other files in the folder report nothing', () => watching('{"v":0}', async (c, { dir, file }) => {
  writeFileSync(file, '{"v":0}');
  for (let i = 0; i < 20; i++) appendFileSync(join(dir, 'hearth.sqlite-runlog'), 'x');
  await settle(400);
  assert.equal(c.count, 0);
}));

test('only the file is watched, never its folder: the run journal and the database beside it do not wake the gateway', () => {
  const { dir, file } = fresh();
  writeFileSync(file, '{}');
  const watched: string[] = [];
  const real = fs.watch;
  fs.watch = ((p: fs.PathLike, ...rest: unknown[]) => {
    watched.push(String(p));
    return (real as (...a: unknown[]) => fs.FSWatcher)(p, ...rest);
  }) as typeof fs.watch;
  syncBuiltinESMExports();
  try {
    watchFile(file, () => {}, opts).close();
    watchFile(join(dir, 'absent.json'), () => {}, opts).close();
  } finally {
    fs.watch = real;
    syncBuiltinESMExports();
  }
  assert.deepEqual(watched.filter((p) => p === dir), []);
  assert.ok(watched.includes(file));
});
