// Storage logic without real mounts: classification of probe results into states (with usage
// hysteresis), alerts through the bus, the forecast, history downsampling and retention, and the
// probe runner's one-in-flight rule.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { createMemoryAlertBus } from '../../src-main/core/alerts/memory-bus.ts';
import { applyModuleMigrations } from '../../src-main/core/modules/module-migrations.ts';
import { classify, usageLevel } from '../../src-main/core/storage/classify.ts';
import { forecast } from '../../src-main/core/storage/forecast.ts';
import { parseProbeRequest, probeMounts } from '../../src-main/core/storage/probe.ts';
import { ProbeRunner } from '../../src-main/core/storage/probe-runner.ts';
import { applyAlerts, conditionKey, usageKey } from '../../src-main/core/storage/storage-alerts.ts';
import { createStorageStore, STORAGE_MIGRATIONS } from '../../src-main/core/storage/storage-store.ts';
import type { MountStatus, ProbeResult } from '../../src-shared/storage/types.ts';

const GiB = 2 ** 30;
const base = (over: Partial<ProbeResult> = {}): ProbeResult => ({
  id: 'm', path: '/mnt/nas', checkedAtMs: 1_000_000, latency: { totalMs: 4 }, exists: true, writable: true,
  facts: { mounted: true, mountPoint: '/mnt/nas', fsType: 'cifs', source: '//nas/media', readOnly: false },
  space: { totalBytes: 100 * GiB, usedBytes: 50 * GiB, freeBytes: 50 * GiB, inodesTotal: 1000, inodesFree: 900 },
  ...over,
});

test('usage hysteresis: raise at the threshold, clear 5 points lower', () => {
  assert.equal(usageLevel(79.9, 80, 90), 'ok');
  assert.equal(usageLevel(80, 80, 90), 'warn');
  assert.equal(usageLevel(76, 80, 90, 'warn'), 'warn');
  assert.equal(usageLevel(74.9, 80, 90, 'warn'), 'ok');
  assert.equal(usageLevel(90, 80, 90, 'warn'), 'crit');
  assert.equal(usageLevel(86, 80, 90, 'crit'), 'crit');
  assert.equal(usageLevel(84, 80, 90, 'crit'), 'warn');
  assert.equal(usageLevel(70, 80, 90, 'crit'), 'ok');
});

test('classify: every state from its facts', () => {
  assert.equal(classify(base(), 80, 90, 5000).state, 'ok');
  const c = classify(base(), 80, 90, 5000);
  assert.deepEqual([c.fields.usedPercent, c.fields.inodesUsedPercent, c.fields.writable, c.fields.latencyMs], [50, 10, true, 4]);
  assert.equal(classify(base({ space: { totalBytes: 100, usedBytes: 85, freeBytes: 15, inodesTotal: null, inodesFree: null } }), 80, 90, 5000).state, 'warn');
  assert.equal(classify(base({ space: { totalBytes: 100, usedBytes: 10, freeBytes: 90, inodesTotal: 100, inodesFree: 5 } }), 80, 90, 5000).state, 'crit', 'inodes count too');
  const ro = classify(base({ facts: { mounted: true, mountPoint: '/mnt/nas', fsType: 'cifs', source: '//nas/media', readOnly: true } }), 80, 90, 5000);
  assert.deepEqual([ro.state, ro.fields.writable], ['read-only', false]);
  assert.equal(classify(base({ writable: false, writeError: { code: 'EACCES', message: 'permission denied', step: 'create' } }), 80, 90, 5000).state, 'read-only');
  const hung = classify(base({ space: undefined, hung: { sinceMs: 990_000, step: 'statfs' }, server: { host: 'nas', port: 445, reachable: true, ms: 1 } }), 80, 90, 5000);
  assert.equal(hung.state, 'hung');
  assert.match(hung.fields.lastError!, /has not answered statfs for 10 s; server nas:445 answers/);
  assert.equal(hung.fields.writable, null);
  const down = classify(base({ hung: { sinceMs: 999_000, step: 'statfs' }, server: { host: 'nas', port: 445, reachable: false, ms: 2000, error: 'ECONNREFUSED' } }), 80, 90, 5000);
  assert.equal(down.state, 'server-unreachable');
  const unmounted = classify(base({ facts: { mounted: false, reason: 'the path is on the root filesystem, not on a mount of its own' } }), 80, 90, 5000);
  assert.deepEqual([unmounted.state, unmounted.fields.totalBytes, unmounted.fields.fsType], ['not-mounted', null, null], 'the root filesystem space is not the share');
  assert.equal(classify(base({ facts: { mounted: false }, exists: false }), 80, 90, 5000).state, 'missing');
  assert.equal(classify(base({ facts: { mounted: false }, server: { host: 'nas', port: 445, reachable: false, ms: 3 } }), 80, 90, 5000).state, 'server-unreachable');
  assert.equal(classify(base({ exists: undefined, space: undefined, error: { code: 'ENOTCONN', message: 'Transport endpoint is not connected', step: 'statfs' } }), 80, 90, 5000).state, 'not-mounted');
  assert.equal(classify(base({ exists: false, space: undefined }), 80, 90, 5000).state, 'missing');
  const full = classify(base({ space: { totalBytes: 100, usedBytes: 100, freeBytes: 0, inodesTotal: null, inodesFree: null }, writable: false, writeError: { code: 'ENOSPC', message: 'no space left', step: 'fsync' } }), 80, 90, 5000);
  assert.deepEqual([full.state, full.fields.writable, full.fields.usedPercent], ['crit', false, 100]);
});

test('alerts: usage warn → crit → cleared, conditions name machine and mount', () => {
  const bus = createMemoryAlertBus(() => 1);
  const status = (over: Partial<MountStatus>): MountStatus => ({
    name: 'nas', node: 'laptop', nodeId: 'abc', nodeName: 'laptop', path: '/mnt/nas', kind: 'smb', state: 'ok', fsType: 'cifs', source: '//nas/media',
    mounted: true, writable: true, totalBytes: 100, freeBytes: 50, usedPercent: 50, inodesUsedPercent: 1, latencyMs: 3, checkedAtMs: 1, lastError: null, warn: 80, crit: 90, ...over,
  });
  applyAlerts(bus, 'id1', status({ state: 'warn', usedPercent: 82 }), 'warn');
  assert.equal(bus.open()[0]?.severity, 'warning');
  assert.match(bus.open()[0]!.message, /^Storage nas \(\/mnt\/nas\) on laptop is 82 % full/);
  applyAlerts(bus, 'id1', status({ state: 'crit', usedPercent: 93, fullInDays: 4.2 }), 'crit');
  assert.equal(bus.open().length, 1);
  assert.equal(bus.open()[0]?.severity, 'critical');
  assert.match(bus.open()[0]!.message, /full in about 4 days/);
  applyAlerts(bus, 'id1', status({ state: 'ok', usedPercent: 40 }), 'ok');
  assert.equal(bus.open().length, 0);
  applyAlerts(bus, 'id1', status({ state: 'hung', lastError: 'the filesystem has not answered statfs for 5 s' }), undefined);
  assert.equal(bus.open()[0]?.key, conditionKey('id1'));
  assert.match(bus.open()[0]!.message, /^Storage nas \(\/mnt\/nas\) on laptop is hung: .*; the file server stopped answering/);
  applyAlerts(bus, 'id1', status({ state: 'server-unreachable' }), undefined);
  assert.match(bus.open()[0]!.message, / is unreachable; the file server does not answer/);
  applyAlerts(bus, 'id1', status({ state: 'read-only' }), 'ok');
  assert.equal(bus.open()[0]?.severity, 'warning');
  applyAlerts(bus, 'id1', status({ state: 'ok' }), 'ok');
  assert.deepEqual(bus.open(), []);
  assert.notEqual(usageKey('x'), conditionKey('x'));
});

test('forecast: fill rate and days to full from a week of samples', () => {
  const day = 86_400_000;
  const pts = Array.from({ length: 8 }, (_, i) => ({ atMs: i * day, usedBytes: 1000 + i * 100, usedPercent: null, totalBytes: null, state: 'ok' }));
  assert.deepEqual(forecast(pts, 1500), { fillRateBytesPerDay: 100, fullInDays: 15 });
  assert.deepEqual(forecast(pts.map((p, i) => ({ ...p, usedBytes: 2000 - i * 10 })), 1500), { fillRateBytesPerDay: -10, fullInDays: null }, 'shrinking: never full');
  assert.deepEqual(forecast(pts.slice(0, 2), 1500), { fillRateBytesPerDay: null, fullInDays: null }, 'too few points');
  const minutes = Array.from({ length: 10 }, (_, i) => ({ atMs: i * 60_000, usedBytes: i * 1e9, usedPercent: null, totalBytes: null, state: 'ok' }));
  assert.equal(forecast(minutes, 1e12).fullInDays, null, 'ten minutes of history predict nothing');
});

test('store: samples, hourly downsampling beyond two days, 90-day retention, removal', () => {
  const db = new Database(':memory:');
  applyModuleMigrations(db, 'storage', STORAGE_MIGRATIONS);
  const store = createStorageStore(db);
  store.add({ id: 'a', name: 'nas', nodeId: null, path: '/mnt/nas', kind: 'smb', warn: 80, crit: 90, server: null, createdAtMs: 0 });
  const hour = 3_600_000;
  const now = 100 * 24 * hour;
  for (let t = now - 95 * 24 * hour; t <= now; t += 30 * 60_000) store.addSample('a', t, Math.round(t / hour), 1e6, 50, 'ok');
  store.prune(now);
  const recent = store.history('a', now - 24 * hour, now);
  assert.equal(recent.length, 49, 'raw samples for the last day (every 30 min)');
  const long = store.history('a', now - 90 * 24 * hour, now);
  const hourly = long.filter((p) => p.atMs < now - 48 * hour);
  assert.ok(hourly.length >= 87 * 24 && hourly.length <= 88 * 24 + 1, `hourly points before the raw window (${hourly.length})`);
  assert.equal(hourly[0]!.atMs % hour, hour / 2, 'hourly points sit mid-hour');
  assert.ok(store.history('a', 0, now)[0]!.atMs >= now - 90 * 24 * hour, 'nothing older than 90 days survives');
  store.remove('a');
  assert.deepEqual(store.history('a', 0, now), []);
  assert.deepEqual(store.list(), []);
});

test('probe runner: a real probe of a temp dir; a path in flight is answered hung without a new process', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-probe-'));
  try {
    const runner = new ProbeRunner();
    const first = runner.run([dir]);
    assert.equal(runner.inFlight().length, 1);
    const second = await runner.run([dir]);
    assert.ok(second.get(dir)?.hung, 'the second request does not start another probe');
    const r = (await first).get(dir)!;
    assert.equal(r.exists, true);
    assert.equal(r.writable, true);
    assert.ok(r.space!.totalBytes > 0);
    assert.ok(r.latency.statfsMs !== undefined && r.latency.fsyncMs !== undefined && r.latency.removeMs !== undefined);
    assert.deepEqual(readdirSync(dir), [], 'no probe file left');
    assert.equal(runner.inFlight().length, 0);
    const missing = await probeMounts({ mounts: [{ id: 'x', path: join(dir, 'nope'), kind: 'any' }] }, { runner, mountTable: async () => [] });
    assert.equal(missing.results[0]!.exists, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('probe params from the network are validated', () => {
  assert.throws(() => parseProbeRequest({ mounts: 'x' }), /array/);
  assert.throws(() => parseProbeRequest({ mounts: [{ id: 1, path: '/x' }] }), /id and a path/);
  assert.throws(() => parseProbeRequest({ mounts: Array.from({ length: 65 }, (_, i) => ({ id: String(i), path: '/x' })) }), /at most 64/);
  const r = parseProbeRequest({ mounts: [{ id: 'a', path: '/x', kind: 'bogus', server: 'nas' }], deadlineMs: 5 });
  assert.deepEqual(r, { mounts: [{ id: 'a', path: '/x', kind: 'any', server: 'nas' }] });
});
