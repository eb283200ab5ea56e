// `hearth node run` settings (setup code, URL, secrets, exec policy) and its status lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeSetupCode } from '../../src-shared/protocol/setup-code.ts';
import { defaultConfig } from '../../src-main/core/config.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeAgentSettings, rememberedGatewayUrl } from '../../src-main/cli/commands/node-run.ts';
import { createStatusPrinter, statusLine } from '../../src-main/cli/commands/node-status.ts';
import type { NodeAgentStatus } from '../../src-main/core/agent/options.ts';

const cfg = defaultConfig();
cfg.gateway.auth = { mode: 'token', token: 'local-secret' };
cfg.gateway.port = 19001;
const loaded = { path: '/s/hearth.json', config: cfg };
const now = 1_000_000;

test('defaults: local gateway on the configured port with the config token, host name as display name', () => {
  const s = nodeAgentSettings({}, {}, loaded, '/s', now, 'myhost');
  assert.equal(s.url, 'ws://127.0.0.1:19001');
  assert.equal(s.token, 'local-secret');
  assert.equal(s.displayName, 'myhost');
  assert.deepEqual(s.exec, { security: 'full', allowlist: [] });
});

test('--pair takes the URL from the code and never sends the local token to another host', () => {
  const code = encodeSetupCode({ url: 'ws://192.168.1.2:18789', bootstrapToken: 'b'.repeat(43), expiresAtMs: now + 60_000 });
  const s = nodeAgentSettings({ pair: code, name: 'laptop' }, {}, loaded, '/s', now, 'h');
  assert.equal(s.url, 'ws://192.168.1.2:18789');
  assert.equal(s.setupCode, code);
  assert.equal(s.token, undefined);
  assert.equal(s.displayName, 'laptop');
  assert.equal(nodeAgentSettings({ pair: code }, { HEARTH_GATEWAY_TOKEN: 'env' }, loaded, '/s', now, 'h').token, 'env');
});

test('without --url, a node returns to the gateway it last got a device token from', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-cli-node-'));
  const path = join(dir, 'node-state.json');
  assert.equal(rememberedGatewayUrl(path), undefined);
  writeFileSync(path, JSON.stringify({ version: 1, instanceId: 'i', gateways: { 'ws://192.168.1.2:18789': { deviceToken: 'a', role: 'node', savedAtMs: 5 }, 'ws://100.64.0.7:18789': { deviceToken: 'b', role: 'node', savedAtMs: 9 } } }));
  assert.equal(rememberedGatewayUrl(path), 'ws://100.64.0.7:18789');
  const s = nodeAgentSettings({}, {}, { path: '/none', config: undefined }, dir, now, 'h', rememberedGatewayUrl(path));
  assert.equal(s.url, 'ws://100.64.0.7:18789');
  assert.equal(nodeAgentSettings({ url: 'ws://10.0.0.1:1' }, {}, { path: '/none', config: undefined }, dir, now, 'h', 'ws://100.64.0.7:18789').url, 'ws://10.0.0.1:1');
  writeFileSync(path, '{broken');
  assert.equal(rememberedGatewayUrl(path), undefined);
});

test('bad or expired setup codes are refused with the fix', () => {
  assert.throws(() => nodeAgentSettings({ pair: 'not-a-code' }, {}, loaded, '/s', now, 'h'), /hearth qr --node/);
  const old = encodeSetupCode({ url: 'ws://h:1', bootstrapToken: 'b', expiresAtMs: now - 1 });
  assert.throws(() => nodeAgentSettings({ pair: old }, {}, loaded, '/s', now, 'h'), /expired/);
});

test('exec policy: --allow implies allowlist; allowlist needs entries; bad values refused', () => {
  assert.deepEqual(nodeAgentSettings({ allow: ['git'] }, {}, loaded, '/s', now, 'h').exec, { security: 'allowlist', allowlist: ['git'] });
  assert.deepEqual(nodeAgentSettings({ exec: 'deny' }, {}, loaded, '/s', now, 'h').exec.security, 'deny');
  assert.throws(() => nodeAgentSettings({ exec: 'allowlist' }, {}, loaded, '/s', now, 'h'), /--allow/);
  assert.throws(() => nodeAgentSettings({ exec: 'some' }, {}, loaded, '/s', now, 'h'), /--exec/);
});

test('status lines: pairing prints the exact approve command', () => {
  const base = { deviceId: 'd', fingerprint: '3F63-B179-FF79', gatewayUrl: 'ws://h:1' };
  assert.equal(
    statusLine({ ...base, state: 'pairing-required', requestId: 'req-1' }),
    'pairing required: request req-1, fingerprint 3F63-B179-FF79; on the gateway machine run: hearth nodes approve req-1',
  );
  assert.equal(statusLine({ ...base, state: 'connected' }), 'connected to ws://h:1 as device 3F63-B179-FF79');
  assert.equal(statusLine({ ...base, state: 'backoff', nextRetryInMs: 4200, message: 'closed 1006' }), 'disconnected (closed 1006); reconnecting in 4s');
  assert.match(statusLine({ ...base, state: 'connecting' }), /^connecting to ws:\/\/h:1/);
  assert.equal(
    statusLine({ ...base, state: 'backoff', nextRetryInMs: 7600, message: 'Connection to the gateway closed (4001 gateway auth changed); reconnecting in 7.6 s.' }),
    'disconnected (Connection to the gateway closed (4001 gateway auth changed)); reconnecting in 8s',
  );
  assert.equal(statusLine({ ...base, state: 'connected', commandsPendingApproval: true }), 'connected to ws://h:1 as device 3F63-B179-FF79; its commands await approval: on the gateway machine run: hearth nodes approve --latest');
  assert.equal(statusLine({ ...base, state: 'error', message: 'The setup code is invalid (AUTH_BOOTSTRAP_TOKEN_INVALID).', nextRetryInMs: 30_000 }), 'refused (The setup code is invalid (AUTH_BOOTSTRAP_TOKEN_INVALID)); retrying in 30s');
  assert.equal(statusLine({ ...base, state: 'stopped', message: 'Stopped.' }), 'stopped');
});

test('retry loops print once; a new outcome prints again', () => {
  const lines: string[] = [];
  const print = createStatusPrinter((l) => lines.push(l));
  const base = { deviceId: 'd', fingerprint: 'F', gatewayUrl: 'ws://h:1' };
  const seq: NodeAgentStatus[] = [
    { ...base, state: 'connecting' },
    { ...base, state: 'pairing-required', requestId: 'r1', nextRetryInMs: 1000 },
    { ...base, state: 'connecting' },
    { ...base, state: 'pairing-required', requestId: 'r1', nextRetryInMs: 2000 },
    { ...base, state: 'connecting' },
    { ...base, state: 'connected' },
    { ...base, state: 'backoff', message: 'closed 1006', nextRetryInMs: 1000 },
    { ...base, state: 'connecting' },
    { ...base, state: 'backoff', message: 'closed 1006', nextRetryInMs: 2000 },
    { ...base, state: 'connecting' },
    { ...base, state: 'connected' },
  ];
  seq.forEach(print);
  assert.deepEqual(lines.map((l) => l.split(' ')[0]), ['connecting', 'pairing', 'connected', 'disconnected', 'connected']);
});
