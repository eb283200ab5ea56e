// The contract is complete: every registered method has a params schema and every schema a method,
// for the control plane and for every module in the catalog.
import assert from 'node:assert/strict';
import test from 'node:test';
import { createLogger } from '../../src-main/core/logger.ts';
import { coreModules, gatewayModules } from '../../src-main/core/modules/catalog.ts';
import { ModuleRegistry, RegistrationError } from '../../src-main/core/modules/registry.ts';

const noBus = () => { throw new Error('not started'); };

test('every core-module method has a params schema, and every generated validator a core method', async () => {
  const gen = (await import('../../src-main/core/gateway/generated/validators.ts')) as unknown as { methods: Record<string, unknown> };
  const reg = new ModuleRegistry();
  for (const mod of await coreModules({ alertBus: noBus })) reg.register(mod);
  const missing = Object.keys(reg.methods).filter((m) => !reg.methods[m]!.schema);
  assert.deepEqual(missing, [], 'methods without a params schema');
  const orphans = Object.keys(gen.methods).filter((m) => !Object.hasOwn(reg.methods, m));
  assert.deepEqual(orphans, [], 'schemas without a method');
});

test('core modules register in their fixed order, before any feature module', async () => {
  const names = (await coreModules({ alertBus: noBus })).map((m) => m.name);
  assert.deepEqual(names, ['gateway', 'health', 'presence', 'pairing', 'devices', 'nodes', 'audit', 'alerts']);
});

test('every catalog module registers cleanly, each method with its schema', async () => {
  const opts = { stateDir: '/nonexistent', port: 0, bind: 'loopback' as const, auth: { mode: 'none' as const }, autoApproveLocal: true, allowedOrigins: [], logger: createLogger({ level: 'error' }) };
  const reg = new ModuleRegistry();
  const core = await coreModules({ alertBus: noBus });
  for (const mod of core) reg.register(mod);
  for (const mod of await gatewayModules(opts)) reg.register(mod);
  for (const mod of reg.modules.slice(core.length - 1)) {
    for (const [name, spec] of Object.entries(mod.methods ?? {})) {
      assert.ok(spec.schema, `${mod.name}: ${name} has no schema`);
      assert.ok(name.startsWith('hearth.') || name.startsWith('exec.'), `${mod.name}: ${name} should be under hearth.`);
    }
  }
});

test('a module method without a params schema is refused at registration', () => {
  const reg = new ModuleRegistry();
  assert.throws(() => reg.register({ name: 'loose', methods: { 'hearth.loose.x': { role: 'operator', handler: () => undefined } } }), (e: Error) => e instanceof RegistrationError && /no params schema/.test(e.message));
  assert.equal(reg.modules.length, 0);
});
