// The contract is complete: every registered method and event (core modules and every module in
// the catalog) has its contract entry, and every entry is registered.
import assert from 'node:assert/strict';
import test from 'node:test';
import { createLogger } from '../../src-main/core/logger.ts';
import { coreModules, gatewayModules } from '../../src-main/core/modules/catalog.ts';
import { defineMethod } from '../../src-main/core/modules/define-method.ts';
import { ModuleRegistry, RegistrationError } from '../../src-main/core/modules/registry.ts';
import type { MethodSpec } from '../../src-main/core/gateway/services.ts';
import type { FeatureModule } from '../../src-main/core/modules/types.ts';
import { Events, Methods } from '../../src-shared/protocol/contract/index.ts';

const noBus = () => { throw new Error('not started'); };
const opts = { stateDir: '/nonexistent', port: 0, bind: 'loopback' as const, auth: { mode: 'none' as const }, autoApproveLocal: true, allowedOrigins: [], logger: createLogger({ level: 'error' }) };

/** Contract entries with no method on the gateway on purpose (none today): name → why. */
const CONTRACT_ONLY: Record<string, string> = {};
/** Registered methods the contract leaves out on purpose (none today): name → why. */
const UNCONTRACTED: Record<string, string> = {};

async function fullRegistry(): Promise<{ reg: ModuleRegistry; coreCount: number }> {
  const reg = new ModuleRegistry();
  const core = await coreModules({ alertBus: noBus });
  for (const mod of core) reg.register(mod);
  for (const mod of await gatewayModules(opts)) reg.register(mod);
  return { reg, coreCount: core.length };
}

test('every registered method (core + every catalog module) has a contract entry, and every entry a method', async () => {
  const { reg } = await fullRegistry();
  const missing = Object.keys(reg.methods).filter((m) => !Object.hasOwn(Methods, m) && !Object.hasOwn(UNCONTRACTED, m));
  assert.deepEqual(missing, [], 'registered methods without a contract entry (add them to src-shared/protocol/contract/)');
  const orphans = Object.keys(Methods).filter((m) => !Object.hasOwn(reg.methods, m) && !Object.hasOwn(CONTRACT_ONLY, m));
  assert.deepEqual(orphans, [], 'contract entries without a registered method');
});

test('every registered event has a payload in the contract, and every contract event is registered', async () => {
  const { reg } = await fullRegistry();
  const registered = Object.keys(reg.events);
  assert.deepEqual(registered.filter((e) => !Object.hasOwn(Events, e)), [], 'events without a contract payload');
  assert.deepEqual(Object.keys(Events).filter((e) => !registered.includes(e)), [], 'contract events nobody registers');
});

test('every registered method is checked against its own contract entry by a generated validator, and every validator has a method', async () => {
  const gen = (await import('../../src-main/core/gateway/generated/validators.ts')) as unknown as { methods: Record<string, unknown> };
  const { reg } = await fullRegistry();
  assert.deepEqual(Object.entries(reg.methods).filter(([m, spec]) => spec.contract !== m).map(([m]) => m), [], 'methods defined under another name');
  assert.deepEqual(Object.keys(reg.methods).filter((m) => !Object.hasOwn(gen.methods, m)), [], 'methods without a generated params validator');
  assert.deepEqual(Object.keys(Methods).filter((m) => !Object.hasOwn(gen.methods, m)), []);
  assert.deepEqual(Object.keys(gen.methods).filter((m) => !Object.hasOwn(Methods, m)), [], 'validators without a contract method');
});

test('core modules register in their fixed order, before any feature module', async () => {
  const names = (await coreModules({ alertBus: noBus })).map((m) => m.name);
  assert.deepEqual(names, ['gateway', 'health', 'presence', 'pairing', 'devices', 'nodes', 'audit', 'alerts']);
});

test('no module brings a params schema of its own: every method comes from defineMethods', async () => {
  const { reg, coreCount } = await fullRegistry();
  for (const mod of reg.modules) {
    for (const [name, spec] of Object.entries(mod.methods ?? {})) {
      assert.ok(!('schema' in spec), `${mod.name}: ${name} carries its own schema; the contract's is the only one`);
      assert.equal(spec.contract, name, `${mod.name}: ${name} is not registered with defineMethods`);
    }
  }
  for (const mod of reg.modules.slice(coreCount)) {
    for (const name of Object.keys(mod.methods ?? {})) assert.ok(name.startsWith('hearth.') || name.startsWith('exec.'), `${mod.name}: ${name} should be under hearth.`);
  }
});

test('a method outside the contract, or defined under another name, is refused at registration', () => {
  const reg = new ModuleRegistry();
  const loose = { role: 'operator', contract: 'hearth.loose.x', handler: () => undefined } as unknown as MethodSpec;
  assert.throws(() => reg.register({ name: 'loose', methods: { 'hearth.loose.x': loose } }), (e: Error) => e instanceof RegistrationError && /has no contract entry; add its params and result to src-shared\/protocol\/contract\//.test(e.message));
  const borrowed = defineMethod('hearth.alerts.sources', { role: 'operator', handler: () => ({ sources: [] }) });
  assert.throws(() => reg.register({ name: 'borrow', methods: { 'hearth.alerts.list': borrowed } }), (e: Error) => e instanceof RegistrationError && /is defined as "hearth.alerts.sources"/.test(e.message));
  assert.equal(reg.modules.length, 0);
});

test('an event without a payload in the contract is refused at registration', () => {
  const reg = new ModuleRegistry();
  const events = { 'hearth.loose.changed': { operators: 'any', nodes: false } } as unknown as FeatureModule['events'];
  assert.throws(() => reg.register({ name: 'loose', events }), (e: Error) => e instanceof RegistrationError && /event "hearth.loose.changed" of module "loose" has no payload in the contract/.test(e.message));
  assert.equal(reg.modules.length, 0);
});
