// `hearth doctor` against real situations: a running Hearth gateway on the configured port or
// (found through its lock) on another one, with its nodes' clocks read where it is; a foreign
// program holding the port (named with its pid), a broken config, a free port.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, freePort, runHearth, spawnHearth, startGatewayProcess, tempDir as makeTempDir, waitUntil } from '../helpers/processes.ts';

const dirs: string[] = [];
const tempDir = () => { const d = makeTempDir('hearth-doctor-'); dirs.push(d); return d; };
before(() => {
  if (process.env['HEARTH_SKIP_BUILD']) return;
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--main-only'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
});
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

type Doc = { ok: boolean; checks: { id: string; level: string; summary: string; fix?: string }[] };
const config = (port: number) => JSON.stringify({ version: 1, gateway: { port, bind: 'loopback', auth: { mode: 'none' }, autoApproveLocal: true, allowedOrigins: [] }, node: {} });
const doctor = (dir: string) => {
  const r = runHearth(['doctor', '--json', '--state-dir', dir], { HOME: dir, XDG_CONFIG_HOME: '' });
  return { code: r.code, doc: JSON.parse(r.stdout) as Doc };
};
const check = (d: Doc, id: string) => d.checks.find((c) => c.id === id)!;

test('a running Hearth gateway on the configured port is recognised', async () => {
  const dir = tempDir();
  const port = await freePort();
  writeFileSync(join(dir, 'hearth.json'), config(port), { mode: 0o600 });
  const gw = await startGatewayProcess({ stateDir: dir, port });
  // A node on this machine reports its clock; doctor reads it through the gateway.
  const node = spawnHearth(['node', 'run', '--url', gw.url, '--token', gw.token, '--name', 'clocky', '--state-dir', tempDir()]);
  try {
    await waitUntil(() => /"clockSkewMs"/.test(runHearth(['nodes', 'list', '--json', '--url', gw.url, '--token', gw.token]).stdout), 30_000, 'the node to report its clock');
    const r = runHearth(['doctor', '--json', '--state-dir', dir, '--token', gw.token], { HOME: dir, XDG_CONFIG_HOME: '' });
    const doc = (JSON.parse(r.stdout) as Doc);
    assert.match(check(doc, 'clock').summary, /^clocks: 1 connected node\(s\) within \d+ s of the gateway$/);
    assert.equal(check(doc, 'port').level, 'ok');
    assert.match(check(doc, 'port').summary, new RegExp(`a Hearth gateway answers on 127\\.0\\.0\\.1:${port} \\(pid \\d+\\)`));
    assert.equal(check(doc, 'config').level, 'ok');
  } finally {
    await node.stop('SIGTERM');
    await gw.stop('SIGTERM');
  }
});

test('a gateway of this state dir on another --port is found through its lock, not reported as none running', async () => {
  const dir = tempDir();
  const configured = await freePort();
  writeFileSync(join(dir, 'hearth.json'), config(configured), { mode: 0o600 });
  const gw = await startGatewayProcess({ stateDir: dir });
  const node = spawnHearth(['node', 'run', '--url', gw.url, '--token', gw.token, '--name', 'clocky-elsewhere', '--state-dir', tempDir()]);
  try {
    assert.notEqual(gw.port, configured);
    await waitUntil(() => /"clockSkewMs"/.test(runHearth(['nodes', 'list', '--json', '--url', gw.url, '--token', gw.token]).stdout), 30_000, 'the node to report its clock');
    const r = runHearth(['doctor', '--json', '--state-dir', dir, '--token', gw.token], { HOME: dir, XDG_CONFIG_HOME: '' });
    const doc = JSON.parse(r.stdout) as Doc;
    // Its clocks are read where the lock says it listens (before: no clock check at all).
    assert.match(check(doc, 'clock')?.summary ?? 'no clock check', /^clocks: 1 connected node\(s\) within \d+ s of the gateway$/);
    const port = check(doc, 'port');
    assert.equal(port.level, 'warn');
    assert.match(port.summary, new RegExp(`^this state dir's gateway \\(pid \\d+\\) listens on 127\\.0\\.0\\.1:${gw.port}, not on the configured port ${configured}$`));
    assert.match(port.fix!, new RegExp(`--url ws://127\\.0\\.0\\.1:${gw.port}.*gateway\\.port to ${gw.port}`));
  } finally {
    await node.stop('SIGTERM');
    await gw.stop('SIGTERM');
  }
  assert.match(check(doctor(dir).doc, 'port').summary, new RegExp(`^port ${configured} is free: no gateway is running$`));
});

test('another program on the port is named with its pid; a broken config fails with the fix', async () => {
  const dir = tempDir();
  const server = createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  try {
    writeFileSync(join(dir, 'hearth.json'), config(port), { mode: 0o600 });
    const held = doctor(dir);
    assert.equal(held.code, 1);
    assert.match(check(held.doc, 'port').summary, new RegExp(`port ${port} is held by another program: pid ${process.pid} `));
    assert.match(check(held.doc, 'port').fix!, /--port/);
  } finally {
    server.close();
  }
  writeFileSync(join(dir, 'hearth.json'), '{ not json', { mode: 0o600 });
  const broken = doctor(dir);
  assert.equal(broken.code, 1);
  assert.equal(check(broken.doc, 'config').level, 'fail');
  assert.match(check(broken.doc, 'config').fix!, /hearth setup --force/);
});
