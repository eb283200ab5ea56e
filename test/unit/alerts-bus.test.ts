/**
 * The persisted alert bus as a state machine: raise, clear, de-dup, hysteresis both ways, ack,
 * history, and a restart (a new bus over the same database file).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { ALERT_MIGRATIONS } from '../../src-main/core/alerts/schema.ts';
import { createSqliteAlertBus, type AlertChange } from '../../src-main/core/alerts/sqlite-bus.ts';
import { applyModuleMigrations } from '../../src-main/core/modules/module-migrations.ts';
import type { Alert } from '../../src-main/core/modules/types.ts';
import { openDatabase } from '../../src-main/core/store/db.ts';

function setup(path = ':memory:') {
  const db = openDatabase(path);
  applyModuleMigrations(db, 'alerts', ALERT_MIGRATIONS);
  let now = 1_000_000;
  const clock = { now: () => now, advance: (ms: number) => { now += ms; } };
  const bus = createSqliteAlertBus(db, { clock: clock.now });
  const seen: Array<[AlertChange, Alert]> = [];
  bus.subscribe((a, c) => seen.push([c, a]));
  return { db, bus, clock, seen };
}

const offline = { key: 'node.offline:n1', source: 'alerts', severity: 'warning' as const, message: 'laptop is offline' };

test('raise opens and notifies once; raising the same again is de-duplicated; a change notifies "updated"', () => {
  const { bus, seen } = setup();
  bus.raise(offline);
  bus.raise(offline);
  bus.raise(offline);
  assert.deepEqual(seen.map(([c]) => c), ['raised']);
  assert.equal(bus.open().length, 1);
  bus.raise({ ...offline, severity: 'critical' });
  assert.deepEqual(seen.map(([c]) => c), ['raised', 'updated']);
  assert.equal(bus.open()[0]!.severity, 'critical');
  assert.equal(bus.open()[0]!.count, 2);
});

test('clear closes the alert, keeps it in the history, and a later raise is a new occurrence', () => {
  const { bus, seen, clock } = setup();
  bus.raise(offline);
  const firstId = bus.open()[0]!.id;
  clock.advance(1000);
  bus.clear(offline.key, 'node back online');
  bus.clear(offline.key);
  assert.deepEqual(seen.map(([c]) => c), ['raised', 'cleared']);
  assert.equal(bus.open().length, 0);
  const hist = bus.list({ state: 'all' });
  assert.equal(hist.length, 1);
  assert.equal(hist[0]!.state, 'cleared');
  assert.equal(hist[0]!.clearReason, 'node back online');
  assert.equal(hist[0]!.clearedAtMs, 1_001_000);
  bus.raise(offline);
  assert.notEqual(bus.open()[0]!.id, firstId);
  assert.equal(bus.list({ state: 'all' }).length, 2);
});

test('hysteresis up: raiseAfterMs opens only if the condition lasts; a clear before that is never shown', async () => {
  const { bus, seen, clock } = setup();
  bus.raise({ ...offline, raiseAfterMs: 60_000 });
  assert.equal(bus.open().length, 0, 'pending is not open');
  clock.advance(30_000);
  bus.raise({ ...offline, raiseAfterMs: 60_000 });
  bus.clear(offline.key);
  assert.equal(seen.length, 0);
  assert.equal(bus.list({ state: 'all' }).length, 0, 'a flap that never opened leaves no history');
  assert.deepEqual(bus.activeKeys('node.offline:'), []);

  // Re-raising does not postpone the due time; the timer promotes it.
  bus.raise({ ...offline, raiseAfterMs: 50 });
  clock.advance(30);
  bus.raise({ ...offline, raiseAfterMs: 50 });
  assert.deepEqual(bus.activeKeys('node.'), ['node.offline:n1']);
  clock.advance(30);
  await new Promise((r) => setTimeout(r, 120));
  assert.deepEqual(seen.map(([c]) => c), ['raised']);
  assert.equal(bus.open().length, 1);
});

test('hysteresis down: clearAfterMs holds the clear; a raise within the hold cancels it silently', async () => {
  const { bus, seen, clock } = setup();
  bus.raise({ ...offline, clearAfterMs: 40 });
  bus.clear(offline.key);
  assert.equal(bus.open().length, 1, 'still open during the hold');
  bus.raise({ ...offline, clearAfterMs: 40 });
  clock.advance(100);
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(bus.open().length, 1, 'the cancelled clear never applies');
  bus.clear(offline.key, 'resolved');
  clock.advance(100);
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(bus.open().length, 0);
  assert.deepEqual(seen.map(([c]) => c), ['raised', 'cleared']);
});

test('ack by key, by id and all; acknowledging twice changes nothing', () => {
  const { bus, seen } = setup();
  bus.raise(offline);
  bus.raise({ ...offline, key: 'pairing.pending:r1', message: 'a device waits' });
  assert.equal(bus.ack({ key: offline.key }).length, 1);
  assert.equal(bus.ack({ key: offline.key }).length, 0);
  assert.ok(bus.open().find((a) => a.key === offline.key)!.acknowledgedAtMs);
  const other = bus.open().find((a) => a.key === 'pairing.pending:r1')!;
  assert.equal(bus.ack({ id: other.id! }).length, 1);
  assert.equal(bus.ack({ all: true }).length, 0);
  assert.equal(bus.ack({ key: 'nope' }).length, 0);
  assert.equal(seen.filter(([c]) => c === 'updated').length, 2);
});

test('bad input is refused with a clear error; a throwing listener does not stop the others', () => {
  const { bus } = setup();
  assert.throws(() => bus.raise({ ...offline, key: '' }), /key/);
  assert.throws(() => bus.raise({ ...offline, severity: 'loud' as never }), /severity/);
  let got = 0;
  bus.subscribe(() => { throw new Error('listener bug'); });
  bus.subscribe(() => { got++; });
  bus.raise(offline);
  assert.equal(got, 1);
});

test('restart: open, acknowledged, pending and held alerts survive in the database', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-alerts-'));
  try {
    const path = join(dir, 'state.db');
    const a = setup(path);
    a.bus.raise(offline);
    a.bus.ack({ key: offline.key });
    a.bus.raise({ ...offline, key: 'disk', message: 'disk full', raiseAfterMs: 10 });
    a.bus.raise({ ...offline, key: 'flappy', message: 'flap', clearAfterMs: 10 });
    a.bus.clear('flappy');
    a.bus.close();
    a.db.close();

    const b = setup(path);
    // Wall-clock: the restarted bus's clock is far past every due time.
    b.clock.advance(60_000);
    const again = createSqliteAlertBus(b.db, { clock: b.clock.now });
    const seen: AlertChange[] = [];
    again.subscribe((_x, c) => seen.push(c));
    await new Promise((r) => setTimeout(r, 30));
    const open = again.open().map((x) => x.key).sort();
    assert.deepEqual(open, ['disk', 'node.offline:n1']);
    assert.ok(again.open().find((x) => x.key === offline.key)!.acknowledgedAtMs, 'ack survives');
    assert.equal(again.list({ state: 'all' }).find((x) => x.key === 'flappy')?.state, 'cleared');
    again.raise(offline);
    assert.equal(again.open().filter((x) => x.key === offline.key).length, 1, 'de-dup across restart');
    again.close();
    b.bus.close();
    b.db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('history is pruned to the newest cleared rows', () => {
  const db = openDatabase(':memory:');
  applyModuleMigrations(db, 'alerts', ALERT_MIGRATIONS);
  let now = 0;
  const bus = createSqliteAlertBus(db, { clock: () => ++now, keepCleared: 3 });
  for (let i = 0; i < 6; i++) {
    bus.raise({ ...offline, key: `k${i}` });
    bus.clear(`k${i}`);
  }
  assert.deepEqual(bus.list({ state: 'all' }).map((a) => a.key), ['k5', 'k4', 'k3']);
  bus.close();
});
