// Class 5 of issue 8: the invocation row (with its idempotency key) is committed before the
// command reaches the node. After `kill -9` of the gateway and a restart, retrying the same
// idempotencyKey returns the recorded outcome — or INTERRUPTED for a run cut off mid-way — and
// the command never runs a second time. Real gateway, real node agent, real SIGKILL.
// The records go through the run journal (store/run-journal.ts) and reach SQLite in batches: a
// run answered right before the kill keeps its result, however soon the kill comes.
import type { SystemRunResult } from '../../src-shared/protocol/types.ts';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { wsSocketFactory } from '../../src-main/core/net/ws-socket.ts';
import { GatewayConnection } from '../../src-shared/client/connection.ts';
import { ProtocolError } from '../../src-shared/protocol/errors.ts';
import { nodeNamed, pairNode } from '../helpers/hardening.ts';
import { startGatewayProcess, tempDir, waitUntil, type GatewayProc, type Proc } from '../helpers/processes.ts';

let gw: GatewayProc;
let node: Proc;
let nodeId = '';
const work = tempDir('hearth-durable-');
const nodeDir = tempDir('hearth-durable-node-');

const lines = (file: string) => {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
};

function operator() {
  return GatewayConnection.open({
    url: gw.url, socketFactory: wsSocketFactory(), role: 'operator', scopes: ['operator.admin'], auth: { token: gw.token },
    client: { id: 'cli', mode: 'cli', platform: process.platform, version: 'test' },
  });
}

/** kill -9 the gateway, start it again on the same port and state dir, and wait for the node. */
async function crashAndRestart(): Promise<void> {
  const { port, stateDir, token } = gw;
  gw.child.kill('SIGKILL');
  await gw.exited;
  gw = await startGatewayProcess({ port, stateDir, token });
  await waitUntil(() => nodeNamed(gw, 'worker')?.connected === true, 20_000, 'the node to reconnect after the restart');
}

before(async () => {
  gw = await startGatewayProcess();
  ({ proc: node, nodeId } = await pairNode(gw, 'worker', nodeDir));
});

after(async () => {
  await node?.stop('SIGKILL');
  await gw?.stop();
  for (const d of [work, nodeDir, gw?.stateDir]) if (d) rmSync(d, { recursive: true, force: true });
});

test('a finished run is answered from its record after kill -9 and restart, not run again', async () => {
  const counter = join(work, 'finished');
  const params = { command: ['sh', '-c', `echo ran >> ${counter}; echo result-1`] };
  let op = await operator();
  const first = await op.call('node.invoke', { nodeId, command: 'system.run', idempotencyKey: 'key-finished', params });
  assert.equal((first.payload as SystemRunResult).stdout, 'result-1\n');
  op.close(1000, 'done');
  // At once: the answer came after the result was journalled, not after the table's next batch.
  await crashAndRestart();
  op = await operator();
  try {
    const again = await op.call('node.invoke', { nodeId, command: 'system.run', idempotencyKey: 'key-finished', params });
    assert.equal((again.payload as SystemRunResult).stdout, 'result-1\n');
    assert.equal(lines(counter), 1, 'the command ran a second time');
  } finally {
    op.close(1000, 'done');
  }
});

test('without a restart: a retry while the run is in flight shares it, and one right after its answer gets the same answer from the record', async () => {
  const counter = join(work, 'live');
  const params = { command: ['sh', '-c', `echo ran >> ${counter}; sleep 0.3; echo result-live`] };
  const a = await operator();
  const b = await operator();
  try {
    // Two operators, the same key, at once: one run on the node, the same answer to both.
    const [x, y] = await Promise.all([
      a.call('node.invoke', { nodeId, command: 'system.run', idempotencyKey: 'key-live', params }),
      b.call('node.invoke', { nodeId, command: 'system.run', idempotencyKey: 'key-live', params }),
    ]);
    assert.equal((x.payload as SystemRunResult).stdout, 'result-live\n');
    assert.deepEqual(y, x);
    // Retried the moment the answer came (the gateway keeps no settled run in memory): answered
    // from the audit log with the same result, and still not run again.
    for (const op of [a, b]) {
      const again = await op.call('node.invoke', { nodeId, command: 'system.run', idempotencyKey: 'key-live', params });
      assert.equal((again.payload as SystemRunResult).stdout, 'result-live\n');
      assert.equal((again.payload as SystemRunResult).exitCode, 0);
    }
    assert.equal(lines(counter), 1, 'the command ran more than once');
  } finally {
    a.close(1000, 'done');
    b.close(1000, 'done');
  }
});

test('a run cut off by kill -9 is recorded and reported INTERRUPTED on retry, never rerun', async () => {
  const counter = join(work, 'interrupted');
  const params = { command: ['sh', '-c', `echo ran >> ${counter}; sleep 2; echo late`] };
  let op = await operator();
  const pending = op.call('node.invoke', { nodeId, command: 'system.run', idempotencyKey: 'key-cut', params, timeoutMs: 30_000 }).catch((e: unknown) => e);
  await waitUntil(() => lines(counter) === 1, 10_000, 'the command to start on the node');
  await crashAndRestart();
  assert.ok((await pending) instanceof Error);
  op = await operator();
  try {
    await assert.rejects(
      op.call('node.invoke', { nodeId, command: 'system.run', idempotencyKey: 'key-cut', params }),
      (e: unknown) => e instanceof ProtocolError && /^INTERRUPTED: idempotencyKey key-cut already ran/.test(e.message) && /not run again/.test(e.message),
    );
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(lines(counter), 1, 'the command ran a second time');
    // The audit log has the run, marked interrupted.
    const list = await op.call('hearth.invocations.list', {});
    const row = list.items.find((i) => i.idempotencyKey === 'key-cut');
    assert.ok(row, 'no audit row for the run');
    assert.match(row.error ?? '', /interrupted/);
    // A new key runs it anew.
    const fresh = await op.call('node.invoke', { nodeId, command: 'system.run', idempotencyKey: 'key-new', params });
    assert.equal((fresh.payload as SystemRunResult).stdout, 'late\n');
  } finally {
    op.close(1000, 'done');
  }
});

test('a burst of answered runs killed with the gateway at once: every run is in the history with its result, none reruns', async () => {
  const counter = join(work, 'burst');
  const n = 40;
  let op = await operator();
  const outs = await Promise.all(Array.from({ length: n }, (_, i) => op.call('node.invoke', {
    nodeId, command: 'system.run', idempotencyKey: `burst-${i}`, params: { command: ['sh', '-c', `echo ${i} >> ${counter}; echo out-${i}`] }, timeoutMs: 30_000,
  })));
  outs.forEach((o, i) => assert.equal((o.payload as SystemRunResult).stdout, `out-${i}\n`));
  // The burst is answered; SIGKILL before the 100 ms batch has written it to the table.
  gw.child.kill('SIGKILL');
  await gw.exited;
  op.close(1000, 'done');
  const { port, stateDir, token } = gw;
  gw = await startGatewayProcess({ port, stateDir, token });
  await waitUntil(() => nodeNamed(gw, 'worker')?.connected === true, 20_000, 'the node to reconnect after the restart');
  op = await operator();
  try {
    const list = await op.call('hearth.invocations.list', { limit: 200 });
    for (let i = 0; i < n; i++) {
      const row = list.items.find((r) => r.idempotencyKey === `burst-${i}`);
      assert.ok(row, `burst-${i} is missing from the history after kill -9`);
      assert.equal(row.exitCode, 0, `burst-${i} lost its result: ${JSON.stringify(row)}`);
      assert.equal(row.ok, true);
    }
    const again = await Promise.all(Array.from({ length: n }, (_, i) => op.call('node.invoke', {
      nodeId, command: 'system.run', idempotencyKey: `burst-${i}`, params: { command: ['sh', '-c', `echo ${i} >> ${counter}; echo out-${i}`] },
    })));
    again.forEach((o, i) => assert.equal((o.payload as SystemRunResult).stdout, `out-${i}\n`, 'the stored answer'));
    assert.equal(lines(counter), n, 'a retried key ran again');
  } finally {
    op.close(1000, 'done');
  }
});
