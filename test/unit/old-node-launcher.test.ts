// bin/hearth.js under a Node older than 22.12 (Debian 12 ships 20): one line naming the version it
// needs and how to get it — the exact PATH export when the npm scripts already fetched Node 24 into
// the cache (so `npx hearth` works after `npm run gateway` with one export), exit 1, no SyntaxError.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, test } from 'node:test';

const cli = join(import.meta.dirname, '..', '..', 'bin', 'hearth.js');

/** A Node on this machine that is too old for Hearth (the system one on Debian 12), if any. */
function oldNode(): string | undefined {
  for (const bin of ['/usr/bin/node', '/usr/local/bin/node']) {
    const r = spawnSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    if (r.status !== 0) continue;
    const [major, minor] = r.stdout.trim().split('.').map(Number) as [number, number];
    if (major < 22 || (major === 22 && minor < 12)) return bin;
  }
  return undefined;
}

const node = oldNode();
const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const run = (cache: string) => spawnSync(node!, [cli, 'health'], { encoding: 'utf8', env: { ...process.env, HEARTH_NODE_CACHE: cache } });

test('an old Node is told the PATH export of the Node 24 the npm scripts fetched', { skip: !node && 'no Node older than 22.12 on this machine' }, () => {
  const cache = mkdtempSync(join(tmpdir(), 'hearth-node24-'));
  dirs.push(cache);
  const bin = join(cache, 'node_modules', `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, process.platform === 'win32' ? 'node.exe' : 'node'), '');
  const r = run(cache);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^hearth: needs Node\.js 22\.12 or newer \(this is \d+\.\d+\.\d+\); the npm scripts here fetched Node 24/);
  assert.ok(r.stderr.includes(`\`export PATH="${bin}${delimiter}$PATH"\``), r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});

test('an old Node without the fetched Node 24 is told how to get one', { skip: !node && 'no Node older than 22.12 on this machine' }, () => {
  const cache = join(tmpdir(), `hearth-no-node24-${process.pid}`);
  const r = run(cache);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^hearth: needs Node\.js 22\.12 or newer \(this is [\d.]+\); install it from your package manager or nodejs\.org, or run an npm script here once \(`npm run build` fetches Node 24 into /);
  assert.ok(r.stderr.includes(cache));
});
