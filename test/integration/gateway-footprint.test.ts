// What a real `hearth gateway` loads, and when. The port is bound before the store, the modules,
// WebSocket and the validators load (so "accepting" comes early), and a gateway that serves
// operators and nodes but has no tunnel never loads ssh2 (its WebAssembly helper alone reserves
// 16 MB) nor Node's bundled undici (~17 MB, pulled in by an ESM import of node:http).
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, runHearth, spawnHearth, tempDir, waitUntil, freePort } from '../helpers/processes.ts';

const PROBE = join(ROOT, 'test', 'fixtures', 'footprint', 'module-probe.mjs');

interface Loaded { files: string[]; builtins: string[] }

const read = (p: string): Loaded | undefined => {
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as Loaded;
  } catch {
    return undefined;
  }
};
const matching = (l: Loaded, re: RegExp) => l.files.filter((f) => re.test(f));

test('gateway: binds before loading the heavy parts, and never loads ssh2 or undici without a tunnel', { timeout: 90_000 }, async () => {
  const dir = tempDir('hearth-footprint-');
  const out = join(dir, 'probe');
  const port = await freePort();
  const token = 'test-token-0123456789';
  const gw = spawnHearth(['gateway', '--port', String(port), '--token', token, '--state-dir', join(dir, 'state')], {
    NODE_OPTIONS: `--import=${PROBE}`, HEARTH_PROBE_OUT: out,
  });
  try {
    await gw.waitFor(/listening on ws:/, 30_000);
    const atListen = read(`${out}.listening.json`);
    assert.ok(atListen, 'the probe saw listen()');
    // Served right away: an operator call through the CLI (connect, hello-ok, health).
    const health = runHearth(['health', '--json', '--url', `ws://127.0.0.1:${port}`, '--token', token]);
    assert.equal(health.code, 0, health.stderr);
    assert.equal(typeof (JSON.parse(health.stdout) as { ok?: unknown }).ok, 'boolean');

    const heavy = /\/gateway\/assemble\.js$|\/node_modules\/(ws|better-sqlite3|@sinclair\/typebox|ajv)\/|\/generated\/|\/modules\/catalog\.js$|\/store\//;
    assert.deepEqual(matching(atListen, heavy), [], 'loaded before the port was bound');
    assert.ok(atListen.files.some((f) => f.endsWith('/dist/src-main/core/gateway/index.js')), 'the probe records the gateway entry');
    assert.ok(!atListen.builtins.includes('internal/deps/undici/undici'), 'undici loaded before listening');

    gw.child.kill('SIGUSR2');
    let now: Loaded | undefined;
    await waitUntil(() => (now = read(`${out}.now.json`)) !== undefined, 10_000, 'the probe snapshot');
    // The probe does see the assembled gateway (a guard against it recording nothing).
    assert.ok(matching(now!, /\/gateway\/assemble\.js$/).length === 1, 'assemble.js loaded once serving');
    assert.ok(matching(now!, /\/node_modules\/ws\//).length > 0, 'ws loaded once serving');
    assert.deepEqual(matching(now!, /\/node_modules\/ssh2\//), [], 'ssh2 loaded without a tunnel');
    assert.ok(!now!.builtins.includes('internal/deps/undici/undici'), 'undici loaded by the gateway');
  } finally {
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
