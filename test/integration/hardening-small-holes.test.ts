// Class 10 of issue 8, against the built binary: device.token.rotate is capped to the caller's
// scopes, timeouts of 2^31 ms and more neither overflow nor pass validation unchecked, a gateway
// never writes a setup link to a non-terminal stream, and system.which is refused on --exec deny.
import type { SystemRunResult } from '../../src-shared/protocol/types.ts';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadOrCreateIdentity, signerFor } from '../../src-main/core/identity/identity-file.ts';
import { wsSocketFactory } from '../../src-main/core/net/ws-socket.ts';
import { GatewayConnection } from '../../src-shared/client/connection.ts';
import { ProtocolError } from '../../src-shared/protocol/errors.ts';
import { cli, pairNode } from '../helpers/hardening.ts';
import { HEARTH, freePort, pidAlive, startGatewayProcess, tempDir, waitUntil, type GatewayProc, type Proc } from '../helpers/processes.ts';

let gw: GatewayProc;
const procs: Proc[] = [];
const dirs: string[] = [];
let fullId = '';
let denyId = '';

function operator(scopes: string[], device?: string) {
  return GatewayConnection.open({
    url: gw.url, socketFactory: wsSocketFactory(), role: 'operator', scopes, auth: { token: gw.token },
    client: { id: 'cli', mode: 'cli', platform: process.platform, version: 'test' },
    ...(device ? { device: signerFor(loadOrCreateIdentity(device)) } : {}),
  });
}

before(async () => {
  gw = await startGatewayProcess();
  for (const [name, extra] of [['full', []], ['locked', ['--exec', 'deny']]] as const) {
    const dir = tempDir(`hearth-holes-${name}-`);
    dirs.push(dir);
    const { proc, nodeId } = await pairNode(gw, name, dir, [...extra]);
    procs.push(proc);
    if (name === 'full') fullId = nodeId;
    else denyId = nodeId;
  }
});

after(async () => {
  for (const p of procs) await p.stop('SIGKILL');
  await gw?.stop();
  for (const d of [...dirs, gw?.stateDir]) if (d) rmSync(d, { recursive: true, force: true });
});

test('device.token.rotate cannot give a token more than the caller holds', async () => {
  const dir = tempDir('hearth-holes-dev-');
  dirs.push(dir);
  // A phone-like operator device paired (loopback auto-approval) with every scope.
  const phone = await operator(['operator.admin', 'operator.read', 'operator.write', 'operator.pairing'], join(dir, 'phone.json'));
  const phoneId = signerFor(loadOrCreateIdentity(join(dir, 'phone.json'))).deviceId;
  phone.close(1000, 'done');
  const pairingOnly = await operator(['operator.pairing']);
  try {
    const r = await pairingOnly.call('device.token.rotate', {
      deviceId: phoneId, role: 'operator', scopes: ['operator.admin', 'operator.write', 'operator.pairing'],
    });
    assert.deepEqual(r.scopes, ['operator.pairing']);
    assert.deepEqual(r.dropped?.sort(), ['operator.admin', 'operator.write']);
    const list = await pairingOnly.call('device.pair.list', {});
    const stored = list.paired.find((d) => d.deviceId === phoneId)!.tokens.find((t) => t.role === 'operator')!;
    assert.deepEqual(stored.scopes, ['operator.pairing']);
  } finally {
    pairingOnly.close(1000, 'done');
  }
});

test('timeoutMs at and beyond 2^31 is clamped (no instant timeout); bad values are refused', async () => {
  const op = await operator(['operator.admin']);
  try {
    for (const timeoutMs of [2 ** 31, 2 ** 31 + 5, 2 ** 40]) {
      const r = await op.call('node.invoke', {
        nodeId: fullId, command: 'system.run', idempotencyKey: `t-${timeoutMs}`, timeoutMs,
        params: { command: ['sh', '-c', 'sleep 0.3; echo ok'], timeoutMs },
      });
      const run = r.payload as SystemRunResult;
      assert.equal(run.timedOut, false, `timeoutMs ${timeoutMs}`);
      assert.equal(run.stdout, 'ok\n');
    }
    for (const timeoutMs of [-5, 0, 1.5, 'soon']) {
      await assert.rejects(
        op.callRaw('node.invoke', { nodeId: fullId, command: 'system.run', idempotencyKey: `bad-${timeoutMs}`, timeoutMs, params: { command: ['true'] } }),
        (e: unknown) => e instanceof ProtocolError && e.code === 'INVALID_REQUEST' && /timeoutMs/.test(e.message),
      );
    }
  } finally {
    op.close(1000, 'done');
  }
  const cliRun = cli(gw, ['nodes', 'run', 'full', '--timeout', String(2 ** 31), '--', 'true']);
  assert.equal(cliRun.code, 1);
  assert.match(cliRun.stderr, /--timeout must be at most \d+ ms/);
});

test('system.which is refused on an --exec deny node', async () => {
  const op = await operator(['operator.admin']);
  try {
    await assert.rejects(
      op.call('node.invoke', { nodeId: denyId, command: 'system.which', idempotencyKey: 'which-1', params: { bins: ['sh', 'ls'] } }),
      (e: unknown) => e instanceof ProtocolError && /EXEC_DENIED/.test(e.message) && /deny/.test(e.message),
    );
    const ok = await op.call('node.invoke', { nodeId: fullId, command: 'system.which', idempotencyKey: 'which-2', params: { bins: ['sh'] } });
    assert.ok((ok.payload as { bins: Record<string, string> }).bins['sh']);
  } finally {
    op.close(1000, 'done');
  }
});

test('a gateway writes no setup link to a pipe; on a terminal it shows one', { skip: process.platform !== 'linux' && 'uses util-linux script and /proc' }, async () => {
  const out = gw.output();
  assert.doesNotMatch(out, /#setup=/);
  assert.doesNotMatch(out, /oc-pair|bootstrapToken/);
  assert.match(out, /hearth qr/);
  // The same command under a pseudo-terminal (util-linux `script`) draws the phone link.
  const dir = tempDir('hearth-holes-tty-');
  dirs.push(dir);
  const port = await freePort();
  const tty = spawn('script', ['-qfec', `${process.execPath} ${HEARTH} gateway --port ${port} --token tty-token-0123456789 --state-dir ${dir}`, '/dev/null'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let text = '';
  tty.stdout.on('data', (d: Buffer) => (text += d.toString()));
  try {
    await waitUntil(() => /#setup=/.test(text), 20_000, 'the phone link on the terminal');
  } finally {
    // Stop the gateway by its pid (the child of `script`), then `script` itself.
    for (const pid of childPids(tty.pid!)) process.kill(pid, 'SIGTERM');
    await waitUntil(() => childPids(tty.pid!).every((p) => !pidAlive(p)), 10_000, 'the terminal gateway to stop');
    tty.kill('SIGTERM');
  }
});

function childPids(parent: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) out.push(Number(name));
    } catch { /* gone */ }
  }
  return out;
}
