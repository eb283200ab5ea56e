// What params.env may set under --exec allowlist (env-policy.ts): loader, interpreter, shell and
// tool-hook variables are refused whatever their case; PATH only when it is the node's own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAllowlistEnv, refusedEnvReason } from '../../src-main/core/agent/exec/env-policy.ts';

test('loader, interpreter and hook variables are refused, in any case', () => {
  for (const name of ['LD_PRELOAD', 'ld_preload', 'LD_LIBRARY_PATH', 'LD_AUDIT', 'DYLD_INSERT_LIBRARIES', 'NODE_OPTIONS', 'PYTHONPATH',
    'PYTHONSTARTUP', 'PERL5OPT', 'PERL5LIB', 'PERLLIB', 'RUBYOPT', 'BASH_ENV', 'ENV', 'BASH_FUNC_echo%%', 'GIT_SSH_COMMAND',
    'GIT_CONFIG_COUNT', 'npm_config_script_shell', 'JAVA_TOOL_OPTIONS', 'GCONV_PATH', 'HOME', 'EDITOR', 'PATH', 'Path', 'IFS']) {
    assert.ok(refusedEnvReason(name), `${name} should be refused`);
  }
  for (const name of ['LANG', 'LC_ALL', 'TZ', 'TERM', 'NO_COLOR', 'MY_APP_SETTING', 'COLUMNS']) {
    assert.equal(refusedEnvReason(name), undefined, `${name} should be allowed`);
  }
});

test('PATH equal to the node\'s own passes; any other PATH is refused', () => {
  assert.deepEqual(checkAllowlistEnv({ PATH: '/usr/bin:/bin', LANG: 'C' }, '/usr/bin:/bin'), { ok: true });
  const r = checkAllowlistEnv({ LANG: 'C', PATH: '/tmp/evil:/usr/bin' }, '/usr/bin:/bin');
  assert.ok(!r.ok && r.name === 'PATH');
  assert.equal(checkAllowlistEnv(undefined, '/usr/bin').ok, true);
  assert.equal(checkAllowlistEnv({ 'A=B': 'x' }, '/usr/bin').ok, false);
});
