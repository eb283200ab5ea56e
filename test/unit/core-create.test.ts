/**
 * createCore: settings → options in one place (flags > env > config > defaults), bind safety
 * before anything starts, a real start and one stop().
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { defaultConfig } from '../../src-main/core/config.ts';
import { HearthError, createCore, resolveCoreOptions, type CoreRuntime } from '../../src-main/core/index.ts';
import { createLogger } from '../../src-main/core/logger.ts';
import { isLoopbackHost } from '../../src-main/core/net/loopback.ts';
import { GatewayConnection } from '../../src-shared/client/connection.ts';

const logger = createLogger({ level: 'error' });

function runtime(stateDir: string, over: Partial<CoreRuntime> = {}): CoreRuntime {
  return {
    paths: { stateDir }, logger, version: '0.1.0', ports: { gateway: 0 }, advertise: false, modules: [],
    settings: { config: { path: join(stateDir, 'hearth.json'), config: undefined }, env: {} },
    ...over,
  };
}

test('options: env token beats the config, a port override wins, the host adds paths', () => {
  const cfg = defaultConfig();
  cfg.gateway.auth = { mode: 'token', token: 'from-config' };
  const { settings, options } = resolveCoreOptions(runtime('/s', {
    paths: { stateDir: '/s', staticDir: '/ui' },
    settings: { config: { path: '/s/hearth.json', config: cfg }, env: { HEARTH_GATEWAY_TOKEN: 'from-env' } },
  }));
  assert.equal(options.auth.token, 'from-env');
  assert.equal(settings.authSource, 'HEARTH_GATEWAY_TOKEN');
  assert.equal(options.port, 0);
  assert.equal(options.staticDir, '/ui');
  assert.equal(options.stateDir, '/s');
});

test('bind safety: lan without a secret is refused before the state dir is touched; custom loopback is fine', async () => {
  const dir = join(tmpdir(), `hearth-core-never-${process.pid}`);
  await assert.rejects(
    createCore(runtime(dir, { settings: { config: { path: 'x', config: undefined }, env: {}, flags: { bind: 'lan' } } })),
    (e: Error) => e instanceof HearthError && /refusing to bind lan/.test(e.message) && /--token/.test(e.message),
  );
  assert.equal(existsSync(dir), false);
  const r = resolveCoreOptions(runtime(dir, { settings: { config: { path: 'x', config: undefined }, env: {}, flags: { host: '127.0.0.2' } } }));
  assert.equal(r.options.bind, 'custom');
});

test('one loopback predicate for hosts and peer addresses', () => {
  for (const h of ['localhost', '127.0.0.1', '127.9.9.9', '::1', '[::1]', '::ffff:127.0.0.1']) assert.equal(isLoopbackHost(h), true, h);
  for (const h of ['0.0.0.0', '10.0.0.1', '::ffff:10.0.0.1', 'example.com', '', undefined]) assert.equal(isLoopbackHost(h), false, String(h));
});

test('createCore starts a gateway that accepts a client, and stop() is idempotent', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-core-'));
  try {
    const core = await createCore(runtime(dir));
    assert.equal(core.loopbackOnly, true);
    assert.match(core.gateway.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
    const conn = await GatewayConnection.open({ url: core.gateway.url, role: 'operator', scopes: ['operator.read'], client: { id: 'cli', mode: 'cli', version: '0.1.0', platform: 'linux' } });
    try {
      const health = await conn.call('health');
      assert.equal(health.ok, true);
    } finally {
      conn.close();
    }
    await Promise.all([core.stop(), core.stop()]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
