// The settings and alert-source registries: a setting or alert source declared twice is refused
// (the whole module with it), a bad value is refused with the message `hearth config set` prints,
// an undeclared key names the nearest declared one, and every catalog module's declarations hold.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Type } from '@sinclair/typebox';
import { createLogger } from '../../src-main/core/logger.ts';
import { coreModules, gatewayModules } from '../../src-main/core/modules/catalog.ts';
import { nearestName } from '../../src-main/core/modules/nearest-name.ts';
import { DuplicateRegistrationError, ModuleRegistry, RegistrationError } from '../../src-main/core/modules/registry.ts';
import { InvalidSettingValueError, UnknownSettingError } from '../../src-main/core/modules/settings-registry.ts';
import { defineMethods } from '../../src-main/core/modules/define-method.ts';
import { validateWithSchema } from '../../src-main/core/modules/schema-validator.ts';

const offline = { key: 'nodeOfflineAfterMs', schema: Type.Integer({ minimum: 1000 }), default: 60_000, description: 'how long a node may be offline, in ms' };

test('a setting declared twice is refused, and the module is not half-registered', () => {
  const r = new ModuleRegistry();
  assert.throws(
    () => r.register({ name: 'alerts', settings: [offline, { ...offline, default: 1000 }], methods: defineMethods({ 'hearth.alerts.sources': { role: 'operator', handler: () => ({ sources: [] }) } }) }),
    (e: Error) => e instanceof DuplicateRegistrationError && e.message === 'setting "alerts.nodeOfflineAfterMs" is declared twice',
  );
  assert.equal(r.modules.length, 0);
  assert.deepEqual(Object.keys(r.methods), []);
  assert.deepEqual(r.settings.list(), []);
  r.register({ name: 'alerts', settings: [offline] });
  assert.deepEqual(r.settings.list().map((s) => s.fullKey), ['alerts.nodeOfflineAfterMs']);
  assert.throws(() => r.register({ name: 'other', settings: [{ ...offline, key: 'Bad-Key' }] }), RegistrationError);
  assert.throws(() => r.register({ name: 'other', settings: [{ ...offline, description: 'two\nlines' }] }), /one-line description/);
});

test('an alert source declared twice, or overlapping another, is refused', () => {
  const r = new ModuleRegistry();
  r.register({ name: 'alerts', alertSources: [{ prefix: 'node.offline:', severity: 'warning', description: 'a node is offline' }] });
  assert.throws(
    () => r.register({ name: 'nodes2', alertSources: [{ prefix: 'node.offline:', severity: 'critical', description: 'again' }] }),
    (e: Error) => e instanceof DuplicateRegistrationError && e.message === 'alert source "node.offline:" of module "nodes2" is already declared by module "alerts"',
  );
  assert.throws(
    () => r.register({ name: 'nodes3', alertSources: [{ prefix: 'node.', severity: 'info', description: 'anything about nodes' }] }),
    /alert source "node\." of module "nodes3" overlaps "node\.offline:" by module "alerts"/,
  );
  assert.throws(() => r.register({ name: 'nodes4', alertSources: [{ prefix: 'x:', severity: 'loud' as 'info', description: 'bad severity' }] }), /severity must be one of info, warning, critical/);
  assert.equal(r.modules.length, 1);
  assert.equal(r.alertSources.sourceOf('node.offline:abc')?.module, 'alerts');
  assert.equal(r.alertSources.sourceOf('tunnel.down'), undefined);
});

test('a bad value is refused with the exact message', () => {
  const r = new ModuleRegistry();
  r.register({ name: 'alerts', settings: [offline] });
  assert.throws(
    () => r.settings.validate('alerts.nodeOfflineAfterMs', 500),
    (e: Error) => e instanceof InvalidSettingValueError && e.message === 'invalid value for alerts.nodeOfflineAfterMs: at root: must be >= 1000 (how long a node may be offline, in ms; default 60000)',
  );
  assert.throws(() => r.settings.validate('alerts.nodeOfflineAfterMs', '2 minutes'), /invalid value for alerts\.nodeOfflineAfterMs: at root: must be integer/);
  assert.equal(r.settings.validate('alerts.nodeOfflineAfterMs', 120_000).fullKey, 'alerts.nodeOfflineAfterMs');
});

test('an undeclared key is refused naming the nearest declared key', () => {
  const r = new ModuleRegistry();
  r.register({ name: 'alerts', settings: [offline, { key: 'diskPercent', schema: Type.Integer({ minimum: 1, maximum: 100 }), default: 90, description: 'disk alert threshold, in percent' }] });
  assert.throws(
    () => r.settings.validate('alerts.nodeOfflineAfter', 1000),
    (e: Error) => e instanceof UnknownSettingError && e.nearest === 'alerts.nodeOfflineAfterMs'
      && e.message === 'unknown setting "alerts.nodeOfflineAfter"; did you mean "alerts.nodeOfflineAfterMs"? (`hearth config list` shows every setting)',
  );
  assert.throws(() => r.settings.resolve('alerts.diskPercnt'), /did you mean "alerts\.diskPercent"\?/);
  assert.throws(() => new ModuleRegistry().settings.resolve('x.y'), (e: Error) => e.message === 'unknown setting "x.y" (`hearth config list` shows every setting)');
});

test('nearest name: containment first, then edit distance', () => {
  const known = ['alerts.nodeOfflineAfterMs', 'alerts.diskPercent', 'storage.intervalSec'];
  assert.equal(nearestName('nodeOffline', known), 'alerts.nodeOfflineAfterMs');
  assert.equal(nearestName('storage.intervalsec', known), 'storage.intervalSec');
  assert.equal(nearestName('alerts.diskPercentt', known), 'alerts.diskPercent');
  assert.equal(nearestName('anything', []), undefined);
});

test('every catalog module: defaults fit their schemas, the thresholds are declared, alert sources cover the built-in keys', async () => {
  const opts = { stateDir: '/nonexistent', port: 0, bind: 'loopback' as const, auth: { mode: 'none' as const }, autoApproveLocal: true, allowedOrigins: [], logger: createLogger({ level: 'error' }) };
  const r = new ModuleRegistry();
  for (const mod of await coreModules({ alertBus: () => { throw new Error('unused'); }, options: opts })) r.register(mod);
  for (const mod of await gatewayModules(opts)) r.register(mod);
  for (const s of r.settings.list()) assert.equal(validateWithSchema(s.schema, s.default), undefined, `${s.fullKey}: default ${JSON.stringify(s.default)} does not fit its schema`);
  const keys = r.settings.list().map((s) => s.fullKey);
  for (const k of ['gateway.autoApproveLocal', 'alerts.nodeOfflineAfterMs', 'alerts.diskPercent', 'storage.intervalSec', 'storage.deadlineMs', 'approvals.timeoutMs']) assert.ok(keys.includes(k), `${k} is declared`);
  assert.equal(r.settings.get('alerts.nodeOfflineAfterMs')?.default, 60_000);
  assert.equal(r.settings.get('gateway.autoApproveLocal')?.default, true, 'the start-up option is the default');
  for (const key of ['node.offline:n1', 'pairing.device:r1', 'pairing.node:r2', 'gateway.disk', 'config.invalid', 'storage.usage:m1', 'storage.state:m1', 'models.endpoint.down:e1', 'tunnel.down', 'tunnel.host-key', 'tunnel.auth']) {
    assert.ok(r.alertSources.sourceOf(key), `${key} has a declared alert source`);
  }
});
