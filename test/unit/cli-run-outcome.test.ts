// `hearth nodes run` exit codes: remote code, 124 timeout, 127 not launched, 126 denied, 1 gateway-side.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProtocolError } from '../../src-shared/protocol/errors.ts';
import { invokeFailure, outcomeFromResult } from '../../src-shared/client/invoke-result.ts';
import { buildInvokeParams, parseEnvPairs, parseTimeout } from '../../src-main/cli/commands/nodes-run.ts';

const base = { timedOut: false, stdout: '', stderr: '', error: null };

test('results from SPEC §9.1 map to exit codes', () => {
  assert.deepEqual(outcomeFromResult({ ...base, exitCode: 0, success: true }, 'n', 1000), { stdout: '', stderr: '', exitCode: 0 });
  const three = outcomeFromResult({ ...base, exitCode: 3, success: false, stdout: 'hello\n', stderr: 'oops\n' }, 'n', 1000);
  assert.deepEqual(three, { stdout: 'hello\n', stderr: 'oops\n', exitCode: 3 });
  const slow = outcomeFromResult({ ...base, exitCode: 124, timedOut: true, success: false }, 'laptop', 1000);
  assert.equal(slow.exitCode, 124);
  assert.match(slow.failure!, /timed out after 1000 ms on laptop; raise --timeout/);
  const missing = outcomeFromResult({ ...base, success: false, error: 'Command failed during launch or output capture (ENOENT)' }, 'laptop', 1000);
  assert.equal(missing.exitCode, 127);
  assert.match(missing.failure!, /ENOENT/);
});

const err = (message: string, details?: Record<string, unknown>) => new ProtocolError(details ? { code: 'UNAVAILABLE', message, details } : { code: 'UNAVAILABLE', message });

test('gateway-side invoke errors map to one line and exit codes', () => {
  const nc = invokeFailure(err('node not connected', { code: 'NOT_CONNECTED', nodeError: { code: 'NOT_CONNECTED' } }), 'laptop', 1000);
  assert.equal(nc.exitCode, 1);
  assert.match(nc.message, /laptop is not connected; start `hearth node run`/);
  const to = invokeFailure(err('TIMEOUT: node invoke timed out', { nodeError: { code: 'TIMEOUT' }, nodeCommandDispatched: true }), 'laptop', 1000);
  assert.equal(to.exitCode, 124);
  const denied = invokeFailure(err('exec denied by this node\'s policy (deny): rm … — change it with `hearth node run --exec full`', { nodeError: { code: 'EXEC_DENIED' } }), 'laptop', 1000);
  assert.equal(denied.exitCode, 126);
  assert.ok(!/widen its policy/.test(denied.message), 'no second fix when the node already named one');
  const other = invokeFailure(err('something broke'), 'laptop', 1000);
  assert.equal(other.exitCode, 1);
  assert.match(other.message, /something broke/);
});

test('run arguments: env pairs, timeout, invoke params', () => {
  assert.deepEqual(parseEnvPairs(['A=1', 'B=x=y', 'C=']), { A: '1', B: 'x=y', C: '' });
  assert.equal(parseEnvPairs([]), undefined);
  assert.throws(() => parseEnvPairs(['=1']), /KEY=VALUE/);
  assert.throws(() => parseEnvPairs(['NOEQ']), /KEY=VALUE/);
  assert.equal(parseTimeout(undefined), 30000);
  assert.equal(parseTimeout('1500'), 1500);
  assert.throws(() => parseTimeout('0'), /--timeout/);
  const p = buildInvokeParams('id', ['sh', '-c', 'exit 3'], 30000, '/tmp', undefined);
  assert.equal(p.command, 'system.run');
  assert.equal(p.timeoutMs, 35000);
  assert.deepEqual(p.params, { command: ['sh', '-c', 'exit 3'], timeoutMs: 30000, cwd: '/tmp' });
  assert.match(p.idempotencyKey, /^[0-9a-f-]{36}$/);
});

test('fast path parses only the plain `nodes run <node> [opts] -- argv` form', async () => {
  const { parseFastNodesRun } = await import('../../src-main/cli/fast-path.ts');
  assert.deepEqual(parseFastNodesRun(['nodes', 'run', 'lap', '--url', 'ws://h:1', '--timeout', '500', '--env', 'A=1', '--json', '--', 'sh', '-c', 'x']), {
    node: 'lap', argv: ['sh', '-c', 'x'], flags: { url: 'ws://h:1', timeout: '500', env: ['A=1'], json: true },
  });
  assert.deepEqual(parseFastNodesRun(['nodes', 'run', '--token', 't', 'lap', '--']), { node: 'lap', argv: [], flags: { token: 't' } });
  for (const args of [
    ['nodes', 'run', 'lap', 'true'],
    ['nodes', 'run', 'lap', '--help', '--', 'x'],
    ['nodes', 'run', '--url=ws://h:1', 'lap', '--', 'x'],
    ['nodes', 'run', 'a', 'b', '--', 'x'],
    ['nodes', 'run', '--env', 'A=1', 'lap', '--', 'x'],
    ['nodes', 'run', '--', 'x'],
    ['nodes', 'list', '--', 'x'],
  ]) {
    assert.equal(parseFastNodesRun(args), undefined, args.join(' '));
  }
});

test('fast path for `gateway` takes plain flags and defers everything else to commander', async () => {
  const { parseFastGateway } = await import('../../src-main/cli/fast-path.ts');
  assert.deepEqual(parseFastGateway(['gateway', '--port', '1', '--token', 'T', '--state-dir', '/s']), { port: '1', token: 'T', stateDir: '/s' });
  assert.deepEqual(parseFastGateway(['gateway', 'run', '--bind', 'lan']), { bind: 'lan' });
  assert.deepEqual(parseFastGateway(['gateway']), {});
  for (const args of [['gateway', '--help'], ['gateway', 'install'], ['gateway', '--port'], ['gateway', '--port=1'], ['gateway', '--verbose'], ['gateway', '--port', '1', '--port', '2']]) {
    assert.equal(parseFastGateway(args), undefined, args.join(' '));
  }
});
