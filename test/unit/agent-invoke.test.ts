// Invocation dispatch without a socket: params validation, policy, exec.finished then result, cancel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Invocations, parseInvokeRequest } from '../../src-main/core/agent/invoke.ts';
import type { ExecPolicy } from '../../src-main/core/agent/exec/policy.ts';
import { silentLogger } from '../../src-main/core/logger.ts';
import type { NodeRunRecord } from '../../src-main/core/agent/options.ts';

function harness(policy: ExecPolicy = { security: 'full', allowlist: [] }) {
  const calls: { method: string; params: Record<string, unknown> }[] = [];
  const inv = new Invocations({
    deviceId: 'dev-1', logger: silentLogger, execPolicy: () => policy,
    call: async (method, params) => { calls.push({ method, params: params as Record<string, unknown> }); return { ok: true }; },
  });
  return { inv, calls };
}

test('parseInvokeRequest keeps the known fields and rejects junk', () => {
  assert.equal(parseInvokeRequest(null), undefined);
  assert.equal(parseInvokeRequest({ id: 'x' }), undefined);
  assert.deepEqual(parseInvokeRequest({ id: 'i', nodeId: 'n', command: 'system.run', paramsJSON: '{}', timeoutMs: 5, idempotencyKey: 'k', extra: 1 }),
    { id: 'i', nodeId: 'n', command: 'system.run', paramsJSON: '{}', timeoutMs: 5, idempotencyKey: 'k' });
});

test('bad params answer INVALID_REQUEST; the node id falls back to our own', async () => {
  const { inv, calls } = harness();
  await inv.handleRequest({ id: 'a', command: 'system.run', paramsJSON: '{"command":"ls"}' });
  await inv.handleRequest({ id: 'b', nodeId: 'n', command: 'system.run', paramsJSON: 'not json' });
  await inv.handleRequest({ id: 'c', nodeId: 'n', command: 'system.which', paramsJSON: '{"bins":"sh"}' });
  assert.deepEqual(calls.map((c) => [c.method, c.params['id'], c.params['nodeId'], (c.params['error'] as { code: string }).code]), [
    ['node.invoke.result', 'a', 'dev-1', 'INVALID_REQUEST'],
    ['node.invoke.result', 'b', 'n', 'INVALID_REQUEST'],
    ['node.invoke.result', 'c', 'n', 'INVALID_REQUEST'],
  ]);
});

test('allowlist admits a listed absolute path reached through PATH, refuses others', { skip: process.platform === 'win32' }, async () => {
  const { inv, calls } = harness({ security: 'allowlist', allowlist: ['/usr/bin/*', '/bin/*'] });
  await inv.handleRequest({ id: 'ok', nodeId: 'n', command: 'system.run', paramsJSON: JSON.stringify({ command: ['true'], runId: 'r1', sessionKey: 's1' }) });
  await inv.handleRequest({ id: 'no', nodeId: 'n', command: 'system.run', paramsJSON: JSON.stringify({ command: ['./local-script'] }) });
  assert.deepEqual(calls.map((c) => c.method), ['node.event', 'node.invoke.result', 'node.invoke.result']);
  const finished = JSON.parse(String(calls[0]!.params['payloadJSON']));
  assert.deepEqual([finished.sessionKey, finished.runId, finished.command, finished.exitCode], ['s1', 'r1', 'true', 0]);
  assert.equal(calls[1]!.params['ok'], true);
  assert.deepEqual(calls[2]!.params['error'], {
    code: 'EXEC_DENIED', message: "exec denied by this node's policy (allowlist): ./local-script — change it with `hearth node run --exec full` or in the node window",
  });
});

test('a launch failure still reports exec.finished with the error as output', async () => {
  const { inv, calls } = harness();
  await inv.handleRequest({ id: 'x', nodeId: 'n', command: 'system.run', paramsJSON: JSON.stringify({ command: ['/nonexistent/binary'], runId: 'r' }) });
  const finished = JSON.parse(String(calls[0]!.params['payloadJSON']));
  assert.equal('exitCode' in finished, false);
  assert.equal(finished.output, 'Command failed during launch or output capture (ENOENT)');
  assert.equal(JSON.parse(String(calls[1]!.params['payloadJSON'])).error, 'Command failed during launch or output capture (ENOENT)');
});

test('cancel of an unknown id is ignored; cancel of a run sends nothing', { skip: process.platform === 'win32' }, async () => {
  const { inv, calls } = harness();
  inv.handleCancel({ invokeId: 'nope' });
  const done = inv.handleRequest({ id: 'long', nodeId: 'n', command: 'system.run', paramsJSON: JSON.stringify({ command: ['sleep', '30'] }) });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(inv.size, 1);
  inv.handleCancel({ invokeId: 'long', nodeId: 'n' });
  await done;
  assert.equal(inv.size, 0);
  assert.deepEqual(calls, []);
});

test('onRun reports finished runs and policy refusals to the host', { skip: process.platform === 'win32' }, async () => {
  const runs: NodeRunRecord[] = [];
  const inv = new Invocations({
    deviceId: 'dev-1', logger: silentLogger, execPolicy: () => ({ security: 'allowlist', allowlist: ['/bin/sh', '/usr/bin/sh'] }),
    call: async () => ({ ok: true }),
    onRun: (r) => runs.push(r),
  });
  await inv.handleRequest({ id: 'a', nodeId: 'n', command: 'system.run', paramsJSON: JSON.stringify({ command: ['sh', '-c', 'exit 3'] }) });
  await inv.handleRequest({ id: 'b', nodeId: 'n', command: 'system.run', paramsJSON: JSON.stringify({ command: ['rm', '-rf', '/tmp/x'] }) });
  assert.deepEqual(runs.map((r) => [r.invokeId, r.command, r.exitCode, r.denied]), [
    ['a', 'sh -c "exit 3"', 3, false],
    ['b', 'rm -rf /tmp/x', undefined, true],
  ]);
  assert.match(runs[1]!.error ?? '', /exec denied/);
});

test('progress calls of a streamed run wait for their acknowledgement without a deadline (an operator may hold the run back for minutes)', { skip: process.platform === 'win32' }, async () => {
  const options: { method: string; timeoutMs: number | undefined }[] = [];
  const inv = new Invocations({
    deviceId: 'dev-1', logger: silentLogger, execPolicy: () => ({ security: 'full', allowlist: [] }),
    call: async (method, _params, opts) => { if (method === 'node.invoke.progress') options.push({ method: 'call', timeoutMs: opts?.timeoutMs }); return { ok: true }; },
    callJSON: async (_m, _p, opts) => { options.push({ method: 'callJSON', timeoutMs: opts?.timeoutMs }); return { ok: true }; },
    callBinary: async (_m, _p, _parts, opts) => { options.push({ method: 'callBinary', timeoutMs: opts?.timeoutMs }); return { ok: true }; },
  });
  for (const [id, streamEncoding] of [['t', undefined], ['b', 'base64'], ['x', 'binary']] as const) {
    await inv.handleRequest({ id, nodeId: 'n', command: 'system.run', paramsJSON: JSON.stringify({ command: ['echo', 'hi'] }), stream: true, ...(streamEncoding ? { streamEncoding } : {}) });
  }
  assert.deepEqual(options, [{ method: 'call', timeoutMs: 0 }, { method: 'callJSON', timeoutMs: 0 }, { method: 'callBinary', timeoutMs: 0 }]);
});
