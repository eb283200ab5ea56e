// Connection failures become one line naming the fix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallTimeoutError, ConnectRejectedError, ConnectionLostError } from '../../src-shared/client/errors.ts';
import { ProtocolError } from '../../src-shared/protocol/errors.ts';
import { CliError } from '../../src-main/cli/cli-error.ts';
import { explainFailure } from '../../src-shared/client/failure.ts';

const ctx = { url: 'ws://127.0.0.1:18789', authSource: 'HEARTH_GATEWAY_TOKEN' };
const rejected = (detail: string, extra: Record<string, unknown> = {}) =>
  new ConnectRejectedError({ code: 'INVALID_REQUEST', message: 'refused', details: { code: detail, ...extra } }, 1008, 'refused');
const msg = (e: unknown) => {
  assert.ok(e instanceof CliError);
  assert.ok(!e.message.includes('\n'));
  return e.message;
};

test('unreachable gateway names `hearth gateway`', () => {
  assert.match(msg(explainFailure(new ConnectionLostError('cannot reach', 1006, ''), ctx)), /^no gateway at ws:\/\/127\.0\.0\.1:18789; start it with `hearth gateway`/);
  assert.match(msg(explainFailure(new ConnectionLostError('x', 1012, 'service restart'), ctx)), /restarting/);
});

test('auth refusals name the flag and env var, and where the secret came from', () => {
  assert.match(msg(explainFailure(rejected('AUTH_TOKEN_MISMATCH'), ctx)), /refused the token from HEARTH_GATEWAY_TOKEN in your environment; .*set HEARTH_GATEWAY_TOKEN to it/);
  assert.match(msg(explainFailure(rejected('AUTH_PASSWORD_MISMATCH'), ctx)), /--password/);
  assert.match(msg(explainFailure(rejected('DEVICE_IDENTITY_REQUIRED'), { ...ctx, authSource: 'none' })), /requires a token.*pass --token/);
  assert.match(msg(explainFailure(rejected('PROTOCOL_MISMATCH', { expectedProtocol: 5 }), ctx)), /protocol 5/);
  assert.match(msg(explainFailure(new ConnectRejectedError({ code: 'INVALID_REQUEST', message: 'rate', details: { code: 'AUTH_RATE_LIMITED' }, retryAfterMs: 30_000 }), ctx)), /wait 30 s/);
});

test('call-level errors', () => {
  assert.match(msg(explainFailure(new CallTimeoutError('health', 500), ctx)), /hearth status/);
  const scope = new ProtocolError({ code: 'FORBIDDEN', message: 'missing scope: operator.admin', details: { code: 'MISSING_SCOPE' } });
  assert.match(msg(explainFailure(scope, ctx)), /missing scope: operator\.admin/);
  const plain = new Error('boom');
  assert.equal(explainFailure(plain, ctx), plain, 'unknown errors pass through');
});
