// bin/hearth.js turns on Node's compile cache (V8 code cache on disk, $TMPDIR/node-compile-cache):
// a second run reuses what the first compiled, and a cache directory that cannot be made (here a
// file is in its place) costs only the cache: the CLI and the gateway work as before.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort, runHearth, spawnHearth, tempDir } from '../helpers/processes.ts';

test('compile cache: the second CLI run reads the code the first one cached', () => {
  const dir = tempDir('hearth-ccache-');
  try {
    const env = { TMPDIR: dir, NODE_DEBUG_NATIVE: 'COMPILE_CACHE' };
    const first = runHearth(['--version'], env);
    assert.equal(first.code, 0, first.stderr);
    const second = runHearth(['--version'], env);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, first.stdout);
    assert.match(first.stderr, /writing cache for .*dist\/cli\/main\.js/, 'the first run stores the CLI entry');
    assert.match(second.stderr, /code cache for ESM .*dist\/cli\/main\.js was accepted/, 'the second run uses it');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('compile cache: an unusable cache directory is harmless for the CLI and the gateway', { timeout: 60_000 }, async () => {
  const dir = tempDir('hearth-ccache-');
  writeFileSync(join(dir, 'node-compile-cache'), 'not a directory');
  const env = { TMPDIR: dir };
  try {
    const version = runHearth(['--version'], env);
    assert.equal(version.code, 0, version.stderr);
    assert.match(version.stdout, /^\d+\.\d+\.\d+/);
    assert.equal(version.stderr, '');
    const debug = runHearth(['--version'], { ...env, NODE_DEBUG_NATIVE: 'COMPILE_CACHE' });
    assert.match(debug.stderr, /Cannot create cache directory/, 'the cache really is unusable here');

    const port = await freePort();
    const token = 'test-token-0123456789';
    const gw = spawnHearth(['gateway', '--port', String(port), '--token', token, '--state-dir', join(dir, 'state')], env);
    try {
      await gw.waitFor(/listening on ws:/, 30_000);
      const health = runHearth(['health', '--json', '--url', `ws://127.0.0.1:${port}`, '--token', token], env);
      assert.equal(health.code, 0, health.stderr);
    } finally {
      await gw.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
