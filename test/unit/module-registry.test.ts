// The module registry: duplicate names of modules, methods, events and routes are refused;
// routes resolve exact-first then longest prefix; a module that fails to start is left out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { silentLogger } from '../../src-main/core/logger.ts';
import { applyModuleMigrations } from '../../src-main/core/modules/module-migrations.ts';
import { defineMethod } from '../../src-main/core/modules/define-method.ts';
import { DuplicateRegistrationError, ModuleRegistry } from '../../src-main/core/modules/registry.ts';
import type { ModuleContext } from '../../src-main/core/modules/types.ts';
import { createMemoryAlertBus } from '../../src-main/core/alerts/memory-bus.ts';

const handler = (): void => undefined;
const health = defineMethod('health', { role: 'operator', handler: () => ({ ok: true, ts: 0 }) });
const sources = defineMethod('hearth.alerts.sources', { role: 'operator', handler: () => ({ sources: [] }) });

test('duplicate module, method, event and route names are refused', () => {
  const r = new ModuleRegistry();
  r.register({ name: 'core', methods: { health }, events: { tick: { operators: 'any', nodes: true } } });
  r.register({ name: 'a', methods: { 'hearth.alerts.sources': sources }, events: { 'hearth.alert': { operators: 'any', nodes: false } }, routes: [{ path: '/a/', handler }] });
  assert.throws(() => r.register({ name: 'a' }), DuplicateRegistrationError);
  assert.throws(() => r.register({ name: 'b', methods: { health } }), /method "health"/);
  assert.throws(() => r.register({ name: 'c', methods: { 'hearth.alerts.sources': sources } }), /already registered/);
  assert.throws(() => r.register({ name: 'd', events: { tick: { operators: 'any', nodes: true } } }), /event "tick"/);
  assert.throws(() => r.register({ name: 'e', routes: [{ path: '/a/', handler }] }), /route "\/a\/"/);
  assert.throws(() => r.register({ name: 'Bad Name' }), /lower-case/);
  assert.equal(r.modules.length, 2);
});

test('routes: exact match first, then the longest prefix', () => {
  const r = new ModuleRegistry();
  const exact = { path: '/v1/models', handler };
  const v1 = { path: '/v1/*', handler };
  const deep = { path: '/v1/chat/', handler };
  r.register({ name: 'm', routes: [v1, exact, deep] });
  assert.equal(r.route('/v1/models'), exact);
  assert.equal(r.route('/v1/chat/completions'), deep);
  assert.equal(r.route('/v1/embeddings'), v1);
  assert.equal(r.route('/other'), undefined);
});

test('a module that throws in start is skipped; stop runs in reverse order', async () => {
  const order: string[] = [];
  const r = new ModuleRegistry();
  r.register({ name: 'one', start: () => { order.push('start one'); }, stop: () => { order.push('stop one'); } });
  r.register({ name: 'bad', start: () => { throw new Error('boom'); }, stop: () => { order.push('stop bad'); } });
  r.register({ name: 'two', start: async () => { order.push('start two'); }, stop: () => { order.push('stop two'); }, health: () => ({ state: 'ok', summary: 'fine' }) });
  await r.startAll(() => ({ log: silentLogger } as unknown as ModuleContext));
  await r.stopAll(silentLogger);
  assert.deepEqual(order, ['start one', 'start two', 'stop two', 'stop one']);
  assert.deepEqual(r.health(), { two: { state: 'ok', summary: 'fine' } });
});

test('module migrations run once each, per module', () => {
  const db = new Database(':memory:');
  applyModuleMigrations(db, 'x', ['CREATE TABLE x1 (a)']);
  applyModuleMigrations(db, 'x', ['CREATE TABLE x1 (a)', 'CREATE TABLE x2 (b)']);
  applyModuleMigrations(db, 'y', ['CREATE TABLE y1 (a)']);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as { name: string }[];
  assert.deepEqual(tables.map((t) => t.name), ['module_schema', 'x1', 'x2', 'y1']);
  assert.throws(() => applyModuleMigrations(db, 'x', ['CREATE TABLE x1 (a)']), /newer than this Hearth/);
});

test('memory alert bus: de-duplicates by key, notifies raise, update and clear', () => {
  const bus = createMemoryAlertBus(() => 1);
  const seen: string[] = [];
  bus.subscribe((a, change) => seen.push(`${change}:${a.key}`));
  const alert = { key: 'k', source: 's', severity: 'warning' as const, message: 'm' };
  bus.raise(alert);
  bus.raise(alert);
  bus.raise({ ...alert, message: 'm2' });
  bus.clear('k');
  bus.clear('k');
  assert.deepEqual(seen, ['raised:k', 'updated:k', 'cleared:k']);
  assert.equal(bus.open().length, 0);
});
