// The run journal (store/run-journal.ts): a run's start and end are written to an append-only
// file with one write each and reach SQLite in batches. A store abandoned without close (what
// `kill -9` leaves) is replayed by the next one; a replay over rows already committed changes
// nothing; torn lines are skipped; a failed append leaves the file clean.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createStore } from '../../src-main/core/store/index.ts';
import { RunJournal, journalPathFor, readJournal } from '../../src-main/core/store/run-journal.ts';
import { tempDir } from '../helpers/processes.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function dbPath(): string {
  const d = tempDir('hearth-runlog-');
  dirs.push(d);
  return join(d, 'hearth.sqlite');
}
const start = (id: string, startedAtMs: number, key = `key-${id}`) => ({
  id, nodeId: 'n1', nodeName: 'laptop', command: 'system.run', argv: ['echo', id], requestedBy: 'op', idempotencyKey: key, startedAtMs,
});
const finish = (id: string, at: number, resultJson = `{"stdout":"${id}\\n","exitCode":0}`) => ({
  id, finishedAtMs: at, durationMs: 3, exitCode: 0, timedOut: false, ok: true, resultJson,
});

test('a store dropped without close (kill -9) loses nothing: the next one replays the journal into the table', () => {
  const path = dbPath();
  const store = createStore(path);
  const journal = journalPathFor(path)!;
  store.invocations.startNow(start('a', 1000));
  store.invocations.finish(finish('a', 1003));
  store.invocations.startNow(start('b', 1010)); // still running when the process dies
  assert.equal(readJournal(journal).length, 3, 'each record is in the journal before the call returns');
  // Nothing reached the table yet: the batch is 100 ms away.
  assert.equal((store.db.prepare('SELECT count(*) AS n FROM invocations').get() as { n: number }).n, 0);

  const next = createStore(path); // the first store is never closed, like a killed process
  assert.equal(statSync(journal).size, 0, 'the journal is emptied once its records are committed');
  const a = next.invocations.byIdempotencyKey('n1', 'system.run', 'key-a', 0);
  assert.equal(a?.record.exitCode, 0);
  assert.equal(a?.resultJson, '{"stdout":"a\\n","exitCode":0}');
  assert.equal(next.invocations.closeInterrupted(2000, 2000), 1, 'the run cut off is closed as interrupted');
  const b = next.invocations.byIdempotencyKey('n1', 'system.run', 'key-b', 0);
  assert.match(b?.record.error ?? '', /^interrupted/);
  assert.deepEqual(next.invocations.list().map((r) => r.id), ['b', 'a']);
  next.close();
  store.db.close();
});

test('a journal replayed over rows already committed (crash between commit and truncate) changes nothing', () => {
  const path = dbPath();
  const store = createStore(path);
  store.invocations.startNow(start('c', 1000));
  store.invocations.finish(finish('c', 1004));
  const lines = readFileSync(journalPathFor(path)!, 'utf8');
  store.close();
  assert.equal(statSync(journalPathFor(path)!).size, 0);
  // The same lines again, plus a start-only copy of a finished run: the row keeps its result.
  writeFileSync(journalPathFor(path)!, lines + lines.split('\n')[0] + '\n');
  const again = createStore(path);
  const rows = again.invocations.list();
  assert.equal(rows.length, 1);
  assert.equal(rows[0]?.finishedAtMs, 1004);
  assert.equal(again.invocations.byIdempotencyKey('n1', 'system.run', 'key-c', 0)?.resultJson, '{"stdout":"c\\n","exitCode":0}');
  again.close();
});

test('a torn or foreign line is skipped; the complete lines around it are replayed', () => {
  const path = dbPath();
  const journal = journalPathFor(path)!;
  const s1 = JSON.stringify({ s: start('d', 1000) });
  const s2 = JSON.stringify({ s: start('e', 1001) });
  writeFileSync(journal, `${s1}\n{"s":{"id":"x"}}\nnot json\n${s2}\n{"f":{"id":"d","finishedAt`);
  assert.deepEqual(readJournal(journal).map((e) => ('s' in e ? e.s.id : e.f.id)), ['d', 'e']);
  const store = createStore(path);
  assert.deepEqual(store.invocations.list().map((r) => r.id).sort(), ['d', 'e']);
  store.close();
});

test('a result too large to keep is journalled without it, as the table would store it', () => {
  const path = dbPath();
  const store = createStore(path);
  store.invocations.startNow(start('big', 1000));
  store.invocations.finish(finish('big', 1001, JSON.stringify({ stdout: 'x'.repeat(2 * 1024 * 1024 + 10) })));
  const entries = readJournal(journalPathFor(path)!);
  const f = entries.find((e) => 'f' in e);
  assert.ok(f && 'f' in f && f.f.resultJson === undefined);
  assert.ok(statSync(journalPathFor(path)!).size < 4096);
  store.close();
});

test('a failed append (no space) throws ENOSPC and leaves no partial line behind', { skip: !existsSync('/dev/full') }, () => {
  const j = new RunJournal('/dev/full');
  assert.throws(() => j.append({ s: start('f', 1) }), (e: NodeJS.ErrnoException) => e.code === 'ENOSPC');
  j.close();
  // A regular file: what was appended before the failure stays whole.
  const path = join(tempDir('hearth-runlog-'), 'j');
  dirs.push(join(path, '..'));
  const ok = new RunJournal(path);
  ok.append({ s: start('g', 1) });
  ok.append({ f: finish('g', 2) });
  assert.equal(ok.bytes, statSync(path).size);
  ok.clear();
  assert.equal(statSync(path).size, 0);
  ok.append({ s: start('h', 3) });
  assert.deepEqual(readJournal(path).map((e) => ('s' in e ? e.s.id : e.f.id)), ['h'], 'appends go to the start of an emptied file');
  ok.close();
  appendFileSync(path, ''); // still a plain file, owner-only
  assert.equal(statSync(path).mode & 0o777, 0o600);
});

test('an in-memory store has no journal and commits a durable start at once', () => {
  assert.equal(journalPathFor(':memory:'), undefined);
  const store = createStore(':memory:');
  store.invocations.startNow(start('m', 1));
  assert.equal((store.db.prepare('SELECT count(*) AS n FROM invocations').get() as { n: number }).n, 1);
  store.close();
});

test('a backup taken while runs wait in the journal carries them: the restored store has them', async () => {
  const { createBackup, restoreBackup } = await import('../../src-main/core/ops/backup.ts');
  const path = dbPath();
  const stateDir = join(path, '..');
  const store = createStore(path);
  store.invocations.startNow(start('committed', 1000));
  store.invocations.finish(finish('committed', 1002));
  store.invocations.flush();
  store.invocations.startNow(start('journalled', 2000)); // not yet in the table: the batch is 100 ms away
  store.invocations.finish(finish('journalled', 2003));
  const out = join(tempDir('hearth-runlog-bk-'), 'b.tar.gz');
  dirs.push(join(out, '..'));
  const made = await createBackup(stateDir, out, { version: 'test' });
  assert.ok(made.files.includes('hearth.sqlite-runlog'), made.files.join(','));
  assert.equal(made.auditRows, 2, 'the count covers the run only the journal holds yet');
  const restoredDir = join(tempDir('hearth-runlog-rs-'), 'state');
  dirs.push(join(restoredDir, '..'));
  await restoreBackup(out, restoredDir);
  const restored = createStore(join(restoredDir, 'hearth.sqlite'));
  assert.deepEqual(restored.invocations.list().map((r) => [r.id, r.exitCode]), [['journalled', 0], ['committed', 0]]);
  restored.close();
  store.close();
});
