// The rotating log file: JSON lines, rotation at the size limit keeping N old files, no throw
// when the directory disappears; reading back across files with time and level filters.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLogger } from '../../src-main/core/logger.ts';
import { openRotatingFile } from '../../src-main/core/logging/rotating-file.ts';
import { formatRecord, parseSince, readLogs } from '../../src-main/core/logging/read-logs.ts';

test('rotates at the size limit, keeps five old files, reads back oldest first', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-log-'));
  try {
    const path = join(dir, 'logs', 'gateway.log');
    const file = openRotatingFile(path, { maxBytes: 1000, keep: 5 });
    let t = 1_000;
    const log = createLogger({ write: () => {}, json: true, clock: () => t++, file });
    for (let i = 0; i < 200; i++) log.info('line', { i, pad: 'x'.repeat(40) });
    file.close();
    assert.ok(existsSync(`${path}.5`) && !existsSync(`${path}.6`));
    for (const p of [path, `${path}.1`, `${path}.5`]) assert.ok(statSync(p).size <= 1000, p);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const back = readLogs(path);
    const is = back.map((r) => r['i'] as number);
    assert.deepEqual(is, [...is].sort((a, b) => a - b), 'oldest first');
    assert.equal(is.at(-1), 199);
    assert.deepEqual(readLogs(path, { sinceMs: 1_195 }).map((r) => r['i']), [195, 196, 197, 198, 199]);
    assert.equal(JSON.parse(readFileSync(path, 'utf8').trim().split('\n').at(-1)!).msg, 'line');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a vanished log directory drops lines instead of throwing, and writing resumes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-log-'));
  const path = join(dir, 'logs', 'node.log');
  const file = openRotatingFile(path);
  file.write('{"time":1,"level":"info","msg":"a"}');
  rmSync(dir, { recursive: true, force: true });
  file.write('{"time":2,"level":"info","msg":"b"}'); // the open fd still works (unlinked file)
  file.close();
  // A parent that is a file cannot hold the log: the line is dropped and counted.
  const blocker = mkdtempSync(join(tmpdir(), 'hearth-log-'));
  writeFileSync(join(blocker, 'file'), '');
  const again = openRotatingFile(join(blocker, 'file', 'x.log'));
  again.write('x');
  assert.equal(again.dropped, 1);
  rmSync(blocker, { recursive: true, force: true });
});

test('level filter, --since parsing and the human format', () => {
  assert.equal(parseSince('10m', 1_000_000), 400_000);
  assert.equal(parseSince('2h', 10_000_000), 2_800_000);
  assert.equal(parseSince('later'), undefined);
  assert.equal(parseSince('2026-12-01T10:00:00Z'), Date.parse('2026-12-01T10:00:00Z'));
  assert.match(formatRecord({ time: 0, level: 'warn', msg: 'disk full', path: '/x' }), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d warn {2}disk full {2}path=\/x$/);
});
