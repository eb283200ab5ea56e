import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { changedKeys } from '../../src-main/core/config-reload/diff.ts';
import { lineColumnAt, lineOfKey, readConfigForReload } from '../../src-main/core/config-reload/read-config-text.ts';
import { gatewayRestartHint } from '../../src-main/core/config-reload/restart-hint.ts';
import { defaultConfig } from '../../src-main/core/config.ts';

test('changedKeys names leaves as dotted keys, lists as one leaf, sections that appear or go', () => {
  const a = defaultConfig();
  const b = defaultConfig();
  b.gateway.allowedHosts = ['x'];
  b.gateway.auth = { mode: 'token', token: 't' };
  b.node.exec.allowlist = ['git'];
  assert.deepEqual(changedKeys(a, b), ['gateway.allowedHosts', 'gateway.auth.mode', 'gateway.auth.token', 'node.exec.allowlist']);
  assert.deepEqual(changedKeys(a, defaultConfig()), []);
  assert.deepEqual(changedKeys({ x: { y: 1, z: [1] } }, {}), ['x.y', 'x.z']);
});

test('lineOfKey finds a key inside its own section', () => {
  const text = '{\n  "node": { "port": 1 },\n  "gateway": {\n    "port": 2\n  }\n}';
  assert.equal(lineOfKey(text, 'gateway.port'), 4);
  assert.equal(lineOfKey(text, 'node.port'), 2);
  assert.equal(lineOfKey(text, 'gateway.missing'), 3);
  assert.deepEqual(lineColumnAt('ab\ncd', 4), { line: 2, column: 2 });
});

test('readConfigForReload: every broken file is one sentence with the line and the fix; nothing throws', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-cfg-'));
  try {
    const f = join(dir, 'hearth.json');
    const read = (text: string) => {
      writeFileSync(f, text);
      const r = readConfigForReload(f);
      return r.ok ? 'ok' : r.error;
    };
    assert.equal(read('{"gateway":{"port":1}'), `${f} line 1 column 22: not valid JSON (Expected ',' or '}' after property value); fix that line and save again`);
    assert.equal(read('{\n"gateway": {\n  "bind": "everywhere"\n}}'), `${f} line 3: gateway.bind must be one of loopback, lan, tailnet, custom; fix or delete that field`);
    assert.equal(read('  \n'), `${f} is empty; put the settings back (at least {}), or run \`hearth setup --force\` to write a fresh one`);
    assert.equal(read('[]'), `${f}: expected a JSON object`);
    assert.equal(read('{}'), 'ok');
    rmSync(f);
    const missing = readConfigForReload(f);
    assert.ok(missing.ok && missing.missing);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the restart hint names the service manager that runs the gateway', () => {
  assert.equal(gatewayRestartHint({ HEARTH_SERVICE: 'systemd' }), 'systemctl --user restart hearth-gateway.service');
  assert.equal(gatewayRestartHint({ HEARTH_SERVICE: 'launchd' }), 'launchctl kickstart -k gui/$(id -u)/dev.hearth.gateway');
  assert.match(gatewayRestartHint({}), /^stop it \(Ctrl\+C\) and run `hearth gateway` again/);
});

test('outside a service the hint names the service manager of this platform, not always systemd', () => {
  assert.match(gatewayRestartHint({}, 'linux'), /as a service: systemctl --user restart hearth-gateway\.service$/);
  assert.match(gatewayRestartHint({}, 'darwin'), /as a service: launchctl kickstart -k gui\/\$\(id -u\)\/dev\.hearth\.gateway$/);
  assert.match(gatewayRestartHint({}, 'win32'), /as a service: schtasks \/End \/TN "[^"]+" then schtasks \/Run \/TN "[^"]+"$/);
  assert.doesNotMatch(gatewayRestartHint({}, 'win32'), /systemctl/);
});
