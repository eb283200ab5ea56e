// The node-local exec policy: deny / allowlist / full, decided by a pure function.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowlistEntryMatches, decideExec } from '../../src-main/core/agent/exec/policy.ts';

test('full allows everything', () => {
  assert.deepEqual(decideExec({ security: 'full', allowlist: [] }, { argv: ['rm', '-rf', '/tmp/x'] }), { allowed: true });
});

test('deny refuses everything, with a message naming the policy and the fix', () => {
  const d = decideExec({ security: 'deny', allowlist: ['echo'] }, { argv: ['echo', 'hi'] });
  assert.equal(d.allowed, false);
  assert.equal(d.allowed === false && d.message,
    "exec denied by this node's policy (deny): echo … — change it with `hearth node run --exec full` or in the node window");
});

test('allowlist: exact names, absolute paths via resolution, globs', () => {
  const policy = { security: 'allowlist' as const, allowlist: ['uname', '/usr/bin/git', '/opt/tools/*', 'py*'] };
  assert.equal(decideExec(policy, { argv: ['uname', '-a'] }).allowed, true);
  assert.equal(decideExec(policy, { argv: ['git', 'status'], resolvedPath: '/usr/bin/git' }).allowed, true);
  assert.equal(decideExec(policy, { argv: ['/usr/bin/git'] }).allowed, true);
  assert.equal(decideExec(policy, { argv: ['/opt/tools/backup'] }).allowed, true);
  assert.equal(decideExec(policy, { argv: ['/opt/tools/sub/backup'] }).allowed, false, '* stays within one segment');
  assert.equal(decideExec(policy, { argv: ['python3', '-V'] }).allowed, true);
  const refused = decideExec(policy, { argv: ['sh', '-c', 'uname'], resolvedPath: '/usr/bin/sh' });
  assert.equal(refused.allowed, false);
  assert.match(refused.allowed === false ? refused.message : '', /^exec denied by this node's policy \(allowlist\): sh … — /);
});

test('a bare name never admits some other file with that name', () => {
  assert.equal(allowlistEntryMatches('git', '/tmp/evil/git', '/tmp/evil/git', 'linux'), false);
  assert.equal(allowlistEntryMatches('git', './git', '/home/u/git', 'linux'), false);
});

test('empty allowlist refuses; ** spans segments; empty entries ignored', () => {
  assert.equal(decideExec({ security: 'allowlist', allowlist: [] }, { argv: ['true'] }).allowed, false);
  assert.equal(allowlistEntryMatches('/opt/**', '/opt/a/b/c', undefined, 'linux'), true);
  assert.equal(allowlistEntryMatches('  ', 'true', undefined, 'linux'), false);
});

test('windows compares case-insensitively and with either slash', () => {
  assert.equal(allowlistEntryMatches('C:/Tools/*.exe', 'c:\\tools\\Backup.EXE', undefined, 'win32'), true);
  assert.equal(allowlistEntryMatches('C:/Tools/*.exe', 'c:\\tools\\Backup.EXE', undefined, 'linux'), false);
});
