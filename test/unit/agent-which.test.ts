// system.which: absolute paths of programs on PATH; missing ones omitted (SPEC §9.3).
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { which, whichOne } from '../../src-main/core/agent/exec/which.ts';

const dir = mkdtempSync(join(tmpdir(), 'hearth-which-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const a = join(dir, 'a');
const b = join(dir, 'b');
mkdirSync(a);
mkdirSync(b);
writeFileSync(join(a, 'tool'), '#!/bin/sh\n');
chmodSync(join(a, 'tool'), 0o755);
writeFileSync(join(b, 'tool'), '#!/bin/sh\n');
chmodSync(join(b, 'tool'), 0o755);
writeFileSync(join(a, 'plain'), 'not executable');
writeFileSync(join(b, 'plain'), '#!/bin/sh\n');
chmodSync(join(b, 'plain'), 0o755);

test('finds the first match on PATH and omits missing names', { skip: process.platform === 'win32' }, () => {
  const env = { PATH: `${a}:${b}` };
  assert.deepEqual(which(['tool', 'nonexistent-bin'], { env }), { bins: { tool: join(a, 'tool') } });
});

test('skips non-executable files', { skip: process.platform === 'win32' }, () => {
  assert.equal(whichOne('plain', { env: { PATH: `${a}:${b}` } }), join(b, 'plain'));
});

test('real system binaries resolve to absolute paths', { skip: process.platform === 'win32' }, () => {
  const r = which(['sh', 'true', 'nonexistent-bin']);
  assert.deepEqual(Object.keys(r.bins).sort(), ['sh', 'true']);
  for (const p of Object.values(r.bins)) assert.ok(p.startsWith('/'));
});

test('PATHEXT is honoured on Windows', () => {
  writeFileSync(join(a, 'winprog.EXE'), '');
  const env = { Path: `${a};${b}`, PATHEXT: '.COM;.EXE' };
  assert.equal(whichOne('winprog', { env, platform: 'win32' }), join(a, 'winprog.EXE'));
  assert.equal(whichOne('winprog.exe', { env, platform: 'win32' }), undefined, 'no double extension, exact name absent on case-sensitive fs');
});
