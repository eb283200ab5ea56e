// Class 11 of issue 8: on the default token-less loopback gateway (auto-approval on), `devices
// remove`, `devices rotate` and a rejected request stick: the node stays out until an operator
// approves it again or it brings a new setup code, and the CLI says exactly that.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { cli, nodeNamed, startOpenGateway, type GatewayRef } from '../helpers/hardening.ts';
import { freePort, spawnHearth, tempDir, waitUntil, type Proc } from '../helpers/processes.ts';

let gw: Proc & GatewayRef;
const procs: Proc[] = [];
const gwDir = tempDir('hearth-removal-gw-');
const nodeDir = tempDir('hearth-removal-node-');
let node: Proc;

interface PairList { pending: { requestId: string; deviceId: string }[]; paired: { deviceId: string; displayName?: string }[] }
const pairList = (): PairList => JSON.parse(cli(gw, ['devices', 'list', '--json']).stdout) as PairList;

function startNode(extra: string[] = []): Proc {
  const p = spawnHearth(['node', 'run', '--url', gw.url, '--state-dir', nodeDir, '--name', 'laptop', ...extra]);
  procs.push(p);
  return p;
}

const connected = () => nodeNamed(gw, 'laptop')?.connected === true;
const approved = () => {
  const n = nodeNamed(gw, 'laptop');
  return n?.connected === true && n.approvalState === 'approved' && n.commands.includes('system.run');
};

/** Approves what the node asks for (device and/or commands) until it can run again. */
async function approveUntilUsable(): Promise<void> {
  await waitUntil(() => {
    if (approved()) return true;
    const r = cli(gw, ['nodes', 'approve', '--latest']);
    return r.code === 0 && approved();
  }, 30_000, 'the node to be approved and usable again');
}

/**
 * Asserts the node stays out although it keeps retrying on loopback; then restarts it (a fresh
 * agent retries at once, not after its grown backoff) and checks it is still held, with a request.
 */
async function staysOut(deviceId: string, expected: RegExp): Promise<void> {
  await new Promise((r) => setTimeout(r, 4000));
  assert.equal(connected(), false, 'the node was let back in by itself');
  await node.stop('SIGKILL');
  node = startNode();
  await node.waitFor(expected, 15_000);
  await waitUntil(() => pairList().pending.some((p) => p.deviceId === deviceId), 15_000, 'a pending request from the held-out node');
  await new Promise((r) => setTimeout(r, 2000));
  assert.equal(connected(), false, 'a restarted node was let back in by itself');
}

before(async () => {
  gw = await startOpenGateway(await freePort(), gwDir);
  procs.push(gw);
  node = startNode();
  await approveUntilUsable();
});

after(async () => {
  for (const p of procs) await p.stop('SIGKILL');
  rmSync(gwDir, { recursive: true, force: true });
  rmSync(nodeDir, { recursive: true, force: true });
});

test('devices remove sticks until approved again', async () => {
  const id = nodeNamed(gw, 'laptop')!.nodeId;
  const r = cli(gw, ['devices', 'remove', 'laptop']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /stays out/);
  assert.match(r.stdout, /loopback auto-approval does not re-admit it/);
  assert.match(r.stdout, /hearth devices approve/);
  assert.match(r.stdout, /new setup code/);
  await staysOut(id, /was removed from the gateway; it stays out/);
  await approveUntilUsable();
  assert.equal(cli(gw, ['nodes', 'run', 'laptop', '--', 'echo', 'back']).stdout, 'back\n');
});

test('devices rotate sticks: no new token by loopback auto-approval', async () => {
  const id = nodeNamed(gw, 'laptop')!.nodeId;
  const r = cli(gw, ['devices', 'rotate', 'laptop']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /loopback auto-approval does not hand it a new one/);
  assert.match(r.stdout, /shared token/);
  await staysOut(id, /token was rotated; it stays out/);
  await approveUntilUsable();
});

test('a rejected device stays out until it brings a new setup code', async () => {
  const id = nodeNamed(gw, 'laptop')!.nodeId;
  assert.equal(cli(gw, ['devices', 'remove', 'laptop']).code, 0);
  await node.stop('SIGKILL');
  node = startNode();
  await waitUntil(() => pairList().pending.some((p) => p.deviceId === id), 15_000, 'the removed node to ask again');
  const rej = cli(gw, ['devices', 'reject', '--latest']);
  assert.equal(rej.code, 0, rej.stderr);
  assert.match(rej.stdout, /stays out/);
  assert.match(rej.stdout, /new setup code/);
  await staysOut(id, /pairing request was rejected; it stays out/);
  await node.stop('SIGKILL');
  const qr = cli(gw, ['qr', '--node', '--json']);
  assert.equal(qr.code, 0, qr.stderr);
  node = startNode(['--pair', (JSON.parse(qr.stdout) as { setupCode: string }).setupCode]);
  await waitUntil(approved, 20_000, 'the node to come back with the new setup code');
});

test('a rejected command surface stays rejected across reconnects', async () => {
  const deskDir = tempDir('hearth-removal-desk-');
  try {
    const desk = spawnHearth(['node', 'run', '--url', gw.url, '--state-dir', deskDir, '--name', 'desk']);
    procs.push(desk);
    await waitUntil(() => nodeNamed(gw, 'desk')?.connected === true, 15_000, 'desk to connect');
    const r = cli(gw, ['nodes', 'reject', '--latest']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /stay refused/);
    await desk.stop('SIGKILL');
    const again = spawnHearth(['node', 'run', '--url', gw.url, '--state-dir', deskDir, '--name', 'desk']);
    procs.push(again);
    await waitUntil(() => nodeNamed(gw, 'desk')?.connected === true, 15_000, 'desk to reconnect');
    await new Promise((res) => setTimeout(res, 1500));
    const n = nodeNamed(gw, 'desk')!;
    assert.equal(n.approvalState, 'rejected');
    assert.deepEqual(n.commands, []);
  } finally {
    rmSync(deskDir, { recursive: true, force: true });
  }
});
