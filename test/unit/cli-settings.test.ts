// CLI setting precedence: flags > HEARTH_* env > OPENCLAW_* env > config > defaults.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig, type HearthConfig } from '../../src-main/core/config.ts';
import { CliError } from '../../src-main/cli/cli-error.ts';
import {
  httpUrlFor, isLoopbackHost, normalizeGatewayUrl, parsePort, resolveClientSettings, resolvePort, resolveSecret, type LoadedConfig,
} from '../../src-main/cli/settings.ts';

function loaded(mut: (c: HearthConfig) => void = () => {}): LoadedConfig {
  const config = defaultConfig();
  mut(config);
  return { path: '/state/hearth.json', config };
}
const withToken = loaded((c) => { c.gateway.auth = { mode: 'token', token: 'cfg-token' }; c.gateway.port = 19000; });

test('token: flag beats env beats config, and the source is named without the secret', () => {
  const env = { HEARTH_GATEWAY_TOKEN: 'hearth-env', OPENCLAW_GATEWAY_TOKEN: 'openclaw-env' };
  assert.deepEqual(resolveSecret('token', 'flag', env, withToken), { value: 'flag', source: '--token' });
  assert.deepEqual(resolveSecret('token', undefined, env, withToken), { value: 'hearth-env', source: 'HEARTH_GATEWAY_TOKEN' });
  assert.deepEqual(resolveSecret('token', undefined, { OPENCLAW_GATEWAY_TOKEN: 'openclaw-env' }, withToken), { value: 'openclaw-env', source: 'OPENCLAW_GATEWAY_TOKEN' });
  assert.deepEqual(resolveSecret('token', undefined, {}, withToken), { value: 'cfg-token', source: 'config /state/hearth.json' });
  assert.equal(resolveSecret('token', undefined, {}, loaded()), undefined);
  assert.equal(resolveSecret('token', undefined, { HEARTH_GATEWAY_TOKEN: '  ' }, undefined), undefined, 'blank env vars are ignored');
});

test('password reads its own env vars', () => {
  assert.deepEqual(resolveSecret('password', undefined, { OPENCLAW_GATEWAY_PASSWORD: 'pw' }, undefined), { value: 'pw', source: 'OPENCLAW_GATEWAY_PASSWORD' });
  assert.equal(resolveSecret('password', undefined, { HEARTH_GATEWAY_TOKEN: 't' }, undefined), undefined);
});

test('port: flag > HEARTH_GATEWAY_PORT > OPENCLAW_GATEWAY_PORT > config > 18789', () => {
  const env = { HEARTH_GATEWAY_PORT: '20001', OPENCLAW_GATEWAY_PORT: '20002' };
  assert.equal(resolvePort('20000', env, withToken).value, 20000);
  assert.equal(resolvePort(undefined, env, withToken).value, 20001);
  assert.equal(resolvePort(undefined, { OPENCLAW_GATEWAY_PORT: '20002' }, withToken).value, 20002);
  assert.equal(resolvePort(undefined, {}, withToken).value, 19000);
  assert.equal(resolvePort(undefined, {}, undefined).value, 18789);
  assert.throws(() => resolvePort(undefined, { HEARTH_GATEWAY_PORT: 'abc' }, undefined), (e: Error) => e instanceof CliError && /HEARTH_GATEWAY_PORT/.test(e.message));
  assert.throws(() => parsePort('70000', '--port'), CliError);
  assert.throws(() => parsePort('12x', '--port'), CliError);
});

test('client settings default to the configured local port with the config token', () => {
  const s = resolveClientSettings({}, {}, withToken);
  assert.equal(s.url, 'ws://127.0.0.1:19000');
  assert.deepEqual(s.auth, { token: 'cfg-token' });
  assert.equal(s.authSource, 'config /state/hearth.json');
});

test('the config token is never sent to a non-loopback --url; env and flags still are', () => {
  const remote = resolveClientSettings({ url: 'ws://100.64.1.2:18789' }, {}, withToken);
  assert.deepEqual(remote.auth, {});
  assert.equal(remote.authSource, 'none');
  assert.deepEqual(resolveClientSettings({ url: 'ws://100.64.1.2:18789' }, { HEARTH_GATEWAY_TOKEN: 'e' }, withToken).auth, { token: 'e' });
  assert.deepEqual(resolveClientSettings({ url: 'ws://127.0.0.1:1234' }, {}, withToken).auth, { token: 'cfg-token' });
});

test('gateway URLs are normalised from what users type', () => {
  assert.equal(normalizeGatewayUrl('ws://h:1'), 'ws://h:1');
  assert.equal(normalizeGatewayUrl('http://h:1/'), 'ws://h:1');
  assert.equal(normalizeGatewayUrl('https://h.example'), 'wss://h.example');
  assert.equal(normalizeGatewayUrl('127.0.0.1:18789'), 'ws://127.0.0.1:18789');
  assert.throws(() => normalizeGatewayUrl('ftp://x'), CliError);
  assert.equal(httpUrlFor('ws://h:1'), 'http://h:1');
  assert.equal(httpUrlFor('wss://h'), 'https://h');
  assert.ok(isLoopbackHost('127.0.0.1') && isLoopbackHost('[::1]') && isLoopbackHost('localhost'));
  assert.ok(!isLoopbackHost('192.168.1.2'));
});
