// Table, duration and age formatting for CLI output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayWidth, formatTable } from '../../src-main/cli/format/table.ts';
import { formatAge, formatDuration, formatExpiry } from '../../src-main/cli/format/time.ts';
import { formatFailure, oneLine } from '../../src-main/cli/cli-error.ts';

test('tables pad columns by display width (CJK counts double) and trim trailing spaces', () => {
  const lines = formatTable(['NAME', 'IP', 'STATUS'], [['laptop', '192.168.1.20', 'online'], ['笔记本', undefined, 'offline']]);
  assert.deepEqual(lines, [
    'NAME    IP            STATUS',
    'laptop  192.168.1.20  online',
    '笔记本                offline',
  ]);
  assert.equal(displayWidth('笔记本'), 6);
  assert.deepEqual(formatTable(['A'], [['x\ny']]), ['A', 'x y']);
});

test('durations and ages', () => {
  assert.equal(formatDuration(850), '850ms');
  assert.equal(formatDuration(45_000), '45s');
  assert.equal(formatDuration(12 * 60_000 + 3000), '12m 3s');
  assert.equal(formatDuration(3 * 3600_000 + 12 * 60_000), '3h 12m');
  assert.equal(formatDuration(2 * 86400_000 + 4 * 3600_000), '2d 4h');
  assert.equal(formatDuration(-1), '-');
  assert.equal(formatAge(undefined, 1000), '-');
  assert.equal(formatAge(1000, 1500), 'just now');
  assert.equal(formatAge(0, 90_000), '1m 30s ago');
  assert.equal(formatExpiry(600_000, 0), 'in 10m');
  assert.equal(formatExpiry(0, 1), 'expired');
});

test('failures are one line prefixed hearth:', () => {
  assert.equal(formatFailure('error: bad\nthing'), 'hearth: bad; thing');
  assert.equal(formatFailure('hearth: x'), 'hearth: x');
  assert.equal(oneLine(' a \n\n b '), 'a; b');
});
