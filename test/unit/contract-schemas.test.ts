// The contract is complete: every registered method and event has its entry and every entry is
// registered, for the control plane and for every module in the catalog.
import assert from 'node:assert/strict';
import test from 'node:test';
import { createAlertsModule } from '../../src-main/core/alerts/module.ts';
import { createLogger } from '../../src-main/core/logger.ts';
import { EVENTS, METHODS } from '../../src-main/core/gateway/methods/index.ts';
import { gatewayModules } from '../../src-main/core/modules/catalog.ts';
import { ModuleRegistry, RegistrationError } from '../../src-main/core/modules/registry.ts';
import { Events, Methods } from '../../src-shared/protocol/contract/index.ts';

/** Contract entries with no method on the gateway on purpose (none today): name → why. */
const CONTRACT_ONLY: Record<string, string> = {};
/** Registered methods the contract leaves out on purpose (none today): name → why. */
const UNCONTRACTED: Record<string, string> = {};

async function fullRegistry(): Promise<ModuleRegistry> {
  const opts = { stateDir: '/nonexistent', port: 0, bind: 'loopback' as const, auth: { mode: 'none' as const }, autoApproveLocal: true, allowedOrigins: [], logger: createLogger({ level: 'error' }) };
  const reg = new ModuleRegistry(METHODS, EVENTS);
  reg.register(createAlertsModule(() => { throw new Error('not started'); }));
  for (const mod of await gatewayModules(opts)) reg.register(mod);
  return reg;
}

test('every registered method (control plane + every catalog module) has a contract entry, and every entry a method', async () => {
  const reg = await fullRegistry();
  const registered = Object.keys(reg.methods);
  const missing = registered.filter((m) => !Object.hasOwn(Methods, m) && !Object.hasOwn(UNCONTRACTED, m));
  assert.deepEqual(missing, [], 'registered methods without a contract entry (add them to src-shared/protocol/contract/)');
  const orphans = Object.keys(Methods).filter((m) => !Object.hasOwn(reg.methods, m) && !Object.hasOwn(CONTRACT_ONLY, m));
  assert.deepEqual(orphans, [], 'contract entries without a registered method');
});

test('every registered event has a payload in the contract, and every contract event is registered', async () => {
  const reg = await fullRegistry();
  const registered = [...EVENTS, ...Object.keys(reg.events)];
  assert.deepEqual(registered.filter((e) => !Object.hasOwn(Events, e)), [], 'events without a contract payload');
  assert.deepEqual(Object.keys(Events).filter((e) => !registered.includes(e)), [], 'contract events nobody registers');
});

test('every contract method has a generated params validator, and every validator a contract method', async () => {
  const gen = (await import('../../src-main/core/gateway/generated/validators.ts')) as unknown as { methods: Record<string, unknown> };
  assert.deepEqual(Object.keys(Methods).filter((m) => !Object.hasOwn(gen.methods, m)), []);
  assert.deepEqual(Object.keys(gen.methods).filter((m) => !Object.hasOwn(Methods, m)), []);
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
