// `hearth gateway` settings: auth choice and the refusal of an exposed bind without a secret.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig, type HearthConfig } from '../../src-main/core/config.ts';
import { CliError } from '../../src-main/cli/cli-error.ts';
import { assertSafeBind, isLoopbackBind, resolveGatewaySettings } from '../../src-main/cli/gateway-settings.ts';

const none = { path: '/s/hearth.json', config: undefined };
function cfg(mut: (c: HearthConfig) => void) {
  const config = defaultConfig();
  mut(config);
  return { path: '/s/hearth.json', config };
}

test('no config: embedded defaults, loopback, no auth, allowed', () => {
  const s = resolveGatewaySettings({}, {}, none, defaultConfig());
  assert.equal(s.embeddedDefaults, true);
  assert.equal(s.bind, 'loopback');
  assert.equal(s.port, 18789);
  assert.deepEqual(s.auth, { mode: 'none' });
  assert.doesNotThrow(() => assertSafeBind(s));
});

test('token sources in order: flag, HEARTH_GATEWAY_TOKEN, OPENCLAW_GATEWAY_TOKEN, config', () => {
  const c = cfg((x) => { x.gateway.auth = { mode: 'token', token: 'from-config' }; });
  const env = { HEARTH_GATEWAY_TOKEN: 'h', OPENCLAW_GATEWAY_TOKEN: 'o' };
  assert.deepEqual([resolveGatewaySettings({ token: 'f' }, env, c, defaultConfig())].map((s) => [s.auth.token, s.authSource]), [['f', '--token']]);
  assert.equal(resolveGatewaySettings({}, env, c, defaultConfig()).authSource, 'HEARTH_GATEWAY_TOKEN');
  assert.equal(resolveGatewaySettings({}, { OPENCLAW_GATEWAY_TOKEN: 'o' }, c, defaultConfig()).auth.token, 'o');
  const fromCfg = resolveGatewaySettings({}, {}, c, defaultConfig());
  assert.deepEqual(fromCfg.auth, { mode: 'token', token: 'from-config' });
  assert.equal(fromCfg.authSource, 'config /s/hearth.json');
});

test('--password selects password mode; a config mode without its secret is an error naming the fix', () => {
  assert.deepEqual(resolveGatewaySettings({ password: 'pw' }, {}, none, defaultConfig()).auth, { mode: 'password', password: 'pw' });
  const broken = cfg((x) => { x.gateway.auth = { mode: 'token' }; });
  assert.throws(() => resolveGatewaySettings({}, {}, broken, defaultConfig()), (e: Error) => e instanceof CliError && /hearth setup --force/.test(e.message));
});

test('non-loopback bind without token or password is refused before starting', () => {
  for (const flags of [{ bind: 'lan' }, { bind: 'tailnet' }, { bind: 'custom', host: '192.168.1.5' }, { host: '0.0.0.0' }]) {
    const s = resolveGatewaySettings(flags, {}, none, defaultConfig());
    assert.equal(isLoopbackBind(s), false);
    assert.throws(() => assertSafeBind(s), (e: Error) => e instanceof CliError && e.exitCode === 1 && /--token/.test(e.message) && /hearth setup/.test(e.message));
  }
  assert.doesNotThrow(() => assertSafeBind(resolveGatewaySettings({ bind: 'lan', token: 't' }, {}, none, defaultConfig())));
  assert.doesNotThrow(() => assertSafeBind(resolveGatewaySettings({ bind: 'custom', host: '127.0.0.2' }, {}, none, defaultConfig())));
});

test('bad flags are one-line errors', () => {
  assert.throws(() => resolveGatewaySettings({ bind: 'everywhere' }, {}, none, defaultConfig()), CliError);
  assert.throws(() => resolveGatewaySettings({ bind: 'custom' }, {}, none, defaultConfig()), /--host/);
  assert.throws(() => resolveGatewaySettings({ port: 'x' }, {}, none, defaultConfig()), /--port/);
});

test('port and public URL precedence', () => {
  const c = cfg((x) => { x.gateway.port = 19999; x.gateway.publicUrl = 'http://100.64.0.9:19999'; });
  const s = resolveGatewaySettings({}, { OPENCLAW_GATEWAY_PORT: '18000' }, c, defaultConfig());
  assert.equal(s.port, 18000);
  assert.equal(s.publicUrl, 'ws://100.64.0.9:19999');
  assert.equal(resolveGatewaySettings({ port: '0' }, {}, c, defaultConfig()).port, 0);
});
