// What a real `hearth gateway` loads, and when (the CLI runs from the rolldown bundle in dist/cli,
// so our own code is recognised by its content, not its file name). The port is bound before the
// store, the feature modules, WebSocket, TypeBox and the generated validators load, so
// "accepting" comes early. Serving an operator, the gateway loads none of: ssh2 while no tunnel is
// configured (its WebAssembly helper alone reserves 16 MB), grammy while no Telegram bot is set,
// Node's bundled undici (~17 MB, pulled in by an ESM import of node:http), and zlib, tls and https,
// which the bundled ws loads only on first use (Hearth never negotiates permessage-deflate).
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
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
/** Loaded files whose source matches `marker`. */
const containing = (l: Loaded, marker: RegExp) => l.files.filter((f) => marker.test(readFileSync(fileURLToPath(f), 'utf8')));

/** Code only the named part contains, in any file the bundler put it in. */
const MARKERS = {
  ws: /258EAFA5-E914-47DA-95CA-C5AB0DC85B11/,
  typebox: /Symbol\.for\(["']TypeBox\.Kind["']\)/,
  validators: /function ucs2length\(/,
  assemble: /marked runs left unfinished by a previous gateway as interrupted/,
};

test('gateway: binds before loading the heavy parts; no ssh2 without a tunnel, no grammy without a bot, no undici', { timeout: 90_000 }, async () => {
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

    assert.ok(atListen.files.some((f) => f.endsWith('/bin/hearth.js')), 'the probe records what was loaded');
    assert.deepEqual(matching(atListen, /\/node_modules\/(ws|better-sqlite3|ajv|@sinclair\/typebox)\//), [], 'packages loaded before the port was bound');
    for (const [what, marker] of Object.entries(MARKERS)) assert.deepEqual(containing(atListen, marker), [], `${what} loaded before the port was bound`);
    assert.ok(!atListen.builtins.includes('internal/deps/undici/undici'), 'undici loaded before listening');

    gw.child.kill('SIGUSR2');
    let now: Loaded | undefined;
    await waitUntil(() => (now = read(`${out}.now.json`)) !== undefined, 10_000, 'the probe snapshot');
    // Serving, the same markers are found (else the checks above prove nothing).
    for (const [what, marker] of Object.entries(MARKERS)) assert.ok(containing(now!, marker).length > 0, `${what} is loaded once serving`);
    assert.deepEqual(matching(now!, /\/node_modules\/ssh2\//), [], 'ssh2 loaded without a tunnel');
    assert.deepEqual(matching(now!, /\/node_modules\/grammy\//), [], 'grammy loaded without a Telegram bot');
    assert.ok(!now!.builtins.includes('internal/deps/undici/undici'), 'undici loaded by the gateway');
    for (const b of ['zlib', 'tls', 'https']) assert.ok(!now!.builtins.includes(b), `${b} loaded by a gateway serving plain ws://`);
  } finally {
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
