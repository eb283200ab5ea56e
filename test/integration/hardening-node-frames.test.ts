// Class 3 of issue 8: a paired node that sends deeply nested, oversized or malformed results and
// events (here a hand-driven node connection on the real built gateway) fails only the invoke it
// answers, with a clear error; node.list keeps working for every operator, the node's next
// invoke works, and the gateway stays up.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { wsSocketFactory } from '../../src-main/core/net/ws-socket.ts';
import { GatewayConnection } from '../../src-shared/client/connection.ts';
import type { SocketLike } from '../../src-shared/client/socket.ts';
import { ProtocolError } from '../../src-shared/protocol/errors.ts';
import { cli, handDrivenNode, listNodes } from '../helpers/hardening.ts';
import { startGatewayProcess, tempDir, type GatewayProc } from '../helpers/processes.ts';

let gw: GatewayProc;
let node: GatewayConnection;
let raw: SocketLike;
let nodeId = '';
const dir = tempDir('hearth-frames-');
/** How the hostile node answers the next invoke request (raw frame text, built by hand). */
let answer: (invokeId: string) => string = () => '';

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const deepObj = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

before(async () => {
  gw = await startGatewayProcess();
  const base = wsSocketFactory();
  ({ node, nodeId } = await handDrivenNode(gw, dir, 'hostile', (u) => (raw = base(u))));
  node.on('node.invoke.request', (payload) => {
    const id = (payload as { id: string }).id;
    raw.send(answer(id));
  });
});

after(async () => {
  node?.close(1000, 'done');
  await gw?.stop();
  rmSync(dir, { recursive: true, force: true });
  if (gw) rmSync(gw.stateDir, { recursive: true, force: true });
});

const resultFrame = (invokeId: string, params: string) =>
  `{"type":"req","id":"r-${invokeId}","method":"node.invoke.result","params":{"id":"${invokeId}","nodeId":"${nodeId}",${params}}}`;

async function invoke(op: GatewayConnection, key: string) {
  return op.call('node.invoke', { nodeId, command: 'system.run', idempotencyKey: key, params: { command: ['true'] }, timeoutMs: 10_000 });
}

async function operator() {
  return GatewayConnection.open({
    url: gw.url, socketFactory: wsSocketFactory(), role: 'operator', scopes: ['operator.admin'], auth: { token: gw.token },
    client: { id: 'cli', mode: 'cli', platform: process.platform, version: 'test' },
  });
}

test('deep, oversized or broken results fail just that invoke, with a clear error', async () => {
  const op = await operator();
  try {
    const hostile: [string, (id: string) => string, RegExp][] = [
      ['deep payloadJSON', (id) => resultFrame(id, `"ok":true,"payloadJSON":${JSON.stringify(deep(100_000))}`), /INVALID_RESULT.*deeper than 64/],
      ['deep payload object', (id) => resultFrame(id, `"ok":true,"payload":${deepObj(50_000)}`), /INVALID_RESULT.*deeper than 64/],
      ['invalid payloadJSON', (id) => resultFrame(id, '"ok":true,"payloadJSON":"{nope"'), /INVALID_RESULT.*not valid JSON/],
      ['huge error message', (id) => resultFrame(id, `"ok":false,"error":{"code":"BOOM","message":"${'x'.repeat(2_000_000)}"}`), /BOOM: x+… \[\d+ more characters/],
    ];
    for (const [what, make, expected] of hostile) {
      answer = make;
      await assert.rejects(invoke(op, `k-${what}`), (e: unknown) => e instanceof ProtocolError && expected.test(e.message), what);
    }
    // The same node's next, well-formed answer goes through.
    answer = (id) => resultFrame(id, `"ok":true,"payloadJSON":${JSON.stringify(JSON.stringify({ exitCode: 0, stdout: 'fine\n', stderr: '', success: true, timedOut: false }))}`);
    const ok = await invoke(op, 'k-good');
    assert.equal((ok.payload as { stdout: string }).stdout, 'fine\n');
  } finally {
    op.close(1000, 'done');
  }
});

test('hostile events and host stats are not stored; node.list stays usable for every operator', async () => {
  const events = [
    `{"type":"req","id":"e1","method":"node.event","params":{"event":"node.host.stats","payload":${deepObj(50_000)}}}`,
    `{"type":"req","id":"e2","method":"node.event","params":{"event":"node.host.stats","payloadJSON":${JSON.stringify(deep(100_000))}}}`,
    `{"type":"req","id":"e3","method":"node.event","params":{"event":"node.host.stats","payload":{"cpuCount":4,"loadAverage":[1,2,3,${deep(30)}],"memoryTotalBytes":1,"memoryFreeBytes":1}}}`,
    `{"type":"req","id":"e4","method":"node.event","params":{"event":"node.host.stats","payload":{"cpuCount":8,"loadAverage":[0.5,0.25,0.125,9,9,9],"memoryTotalBytes":1024,"memoryFreeBytes":512,"diskTotalBytes":10,"diskAvailableBytes":5,"junk":{"deep":${deepObj(40)}}}}}`,
    `{"type":"req","id":"e5","method":"node.event","params":{"event":"${'e'.repeat(100_000)}","payload":${deep(20)}}}`,
  ];
  for (const e of events) raw.send(e);
  await new Promise((r) => setTimeout(r, 500));
  for (let i = 0; i < 2; i++) {
    const nodes = listNodes(gw);
    const me = nodes.find((n) => n.nodeId === nodeId) as unknown as { hostStats?: Record<string, unknown> };
    assert.ok(me, 'the node is listed');
    assert.deepEqual(me.hostStats && { ...me.hostStats, updatedAtMs: 0 }, {
      cpuCount: 8, loadAverage: [0.5, 0.25, 0.125], memoryTotalBytes: 1024, memoryFreeBytes: 512, diskTotalBytes: 10, diskAvailableBytes: 5, updatedAtMs: 0,
    });
  }
  const health = cli(gw, ['health', '--json']);
  assert.equal(health.code, 0, health.stderr);
  assert.equal(gw.child.exitCode, null, 'the gateway is still running');
});
