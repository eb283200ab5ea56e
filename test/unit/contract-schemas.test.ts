// The contract is complete: every registered method has a params schema and every schema a method,
// for the control plane and for every module in the catalog.
import assert from 'node:assert/strict';
import test from 'node:test';
import { createAlertsModule } from '../../src-main/core/alerts/module.ts';
import { createLogger } from '../../src-main/core/logger.ts';
import { EVENTS, METHODS } from '../../src-main/core/gateway/methods/index.ts';
import { gatewayModules } from '../../src-main/core/modules/catalog.ts';
import { ModuleRegistry, RegistrationError } from '../../src-main/core/modules/registry.ts';

test('every control-plane method has a generated validator, and every validator a method', async () => {
  const gen = (await import('../../src-main/core/gateway/generated/validators.ts')) as unknown as { methods: Record<string, unknown> };
  const missing = Object.keys(METHODS).filter((m) => !METHODS[m]!.schema && !Object.hasOwn(gen.methods, m));
  assert.deepEqual(missing, [], 'methods without a params schema');
  const orphans = Object.keys(gen.methods).filter((m) => !Object.hasOwn(METHODS, m));
  assert.deepEqual(orphans, [], 'schemas without a method');
});

test('every catalog module registers cleanly, each method with its schema', async () => {
  const opts = { stateDir: '/nonexistent', port: 0, bind: 'loopback' as const, auth: { mode: 'none' as const }, autoApproveLocal: true, allowedOrigins: [], logger: createLogger({ level: 'error' }) };
  const reg = new ModuleRegistry(METHODS, EVENTS);
  reg.register(createAlertsModule(() => { throw new Error('not started'); }));
  for (const mod of await gatewayModules(opts)) reg.register(mod);
  for (const mod of reg.modules) {
    for (const [name, spec] of Object.entries(mod.methods ?? {})) {
      assert.ok(spec.schema, `${mod.name}: ${name} has no schema`);
      assert.ok(name.startsWith('hearth.') || name.startsWith('exec.'), `${mod.name}: ${name} should be under hearth.`);
    }
  }
});

test('a module method without a params schema is refused at registration', () => {
  const reg = new ModuleRegistry({}, []);
  assert.throws(() => reg.register({ name: 'loose', methods: { 'hearth.loose.x': { role: 'operator', handler: () => undefined } } }), (e: Error) => e instanceof RegistrationError && /no params schema/.test(e.message));
  assert.equal(reg.modules.length, 0);
});
