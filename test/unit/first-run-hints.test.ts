// Issue 13: pure message functions for ports, launch failures and the missing `--`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missingDashFix, unknownOptionHint } from '../../src-main/cli/nodes-run-hints.ts';
import { launchFailureText, outcomeFromResult } from '../../src-shared/client/invoke-result.ts';
import { listeningInodes, looksLikeGateway, portInUseMessage, ssHolder } from '../../src-main/core/net/port-holder.ts';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 605842 1 000000009a397e71 100 0 0 10 0
   1: 0100007F:4965 0100007F:D2A4 01 00000000:00000000 00:00000000 00000000     0        0 0 1 000000009a397e71 100 0 0 10 0
   2: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1060 1 0000000030a176a6 100 0 0 10 0`;

test('/proc/net/tcp: only listening sockets on the port', () => {
  assert.deepEqual(listeningInodes(TCP, 18789), ['605842']);
  assert.deepEqual(listeningInodes(TCP, 2024), ['1060']);
  assert.deepEqual(listeningInodes(TCP, 80), []);
});

test('ss -ltnp: the first user of the listening socket', () => {
  const out = 'LISTEN 0      511        127.0.0.1:18789      0.0.0.0:*    users:(("MainThread",pid=29450,fd=21))\nLISTEN 0 128 0.0.0.0:2024 0.0.0.0:*';
  assert.deepEqual(ssHolder(out, 18789), { name: 'MainThread', pid: 29450 });
  assert.equal(ssHolder(out, 2024), undefined);
});

test('a gateway is recognised by its command line only', () => {
  assert.ok(looksLikeGateway('/usr/bin/node /opt/hearth/bin/hearth.js gateway --port 18789'));
  assert.ok(looksLikeGateway('node /usr/lib/node_modules/openclaw/openclaw.mjs gateway'));
  assert.ok(!looksLikeGateway('python3 -m http.server 18789'));
  assert.ok(!looksLikeGateway('/usr/bin/node server.js'));
});

test('port in use: names the holder, blames a gateway only when it is one', () => {
  assert.equal(portInUseMessage(18789, '127.0.0.1', { pid: 42, command: 'python3 -m http.server 18789', isGateway: false }),
    'port 18789 on 127.0.0.1 is already in use by pid 42 (python3 -m http.server 18789), which is not a gateway; stop that program, or pick another --port');
  assert.equal(portInUseMessage(18789, '127.0.0.1', { pid: 7, command: 'node bin/hearth.js gateway', isGateway: true }),
    'port 18789 on 127.0.0.1 is already in use by another gateway (pid 7: node bin/hearth.js gateway); one gateway per port: stop it (check with `hearth status`), or pick another --port');
  assert.equal(portInUseMessage(18789, '127.0.0.1', undefined, 'linux'),
    "port 18789 on 127.0.0.1 is already in use by a program this user cannot see (another user's or a container's; `sudo ss -ltnp` shows it); stop it, or pick another --port");
  assert.equal(portInUseMessage(18789, '127.0.0.1', undefined, 'darwin'),
    'port 18789 on 127.0.0.1 is already in use by another program (`lsof -nP -iTCP:18789 -sTCP:LISTEN` shows which); stop it, or pick another --port');
});

test('a missing -- before the remote command: the corrected line', () => {
  assert.equal(missingDashFix(['nodes', 'run', 'box', 'ls', '-a']), 'hearth nodes run box -- ls -a');
  assert.equal(missingDashFix(['nodes', 'run', '--timeout', '5000', 'box', 'grep', '-r', 'a b', '.']), "hearth nodes run --timeout 5000 box -- grep -r 'a b' .");
  assert.equal(missingDashFix(['nodes', 'run', 'box', '--', 'ls', '-a']), undefined);
  assert.equal(missingDashFix(['nodes', 'run', 'box', '-x']), undefined, 'no command: nothing to put -- before');
  assert.equal(missingDashFix(['status', '-a']), undefined);
  assert.equal(unknownOptionHint("error: unknown option '-a'", ['nodes', 'run', 'box', 'ls', '-a']),
    "unknown option '-a': hearth took it for one of its own; put -- before the command to pass options to it: hearth nodes run box -- ls -a");
  assert.equal(unknownOptionHint("error: unknown option '--bogus'", ['nodes', 'list', '--bogus']), undefined);
});

test('a program the node cannot find is named', () => {
  assert.equal(launchFailureText('box', 'for', 'Command failed during launch or output capture (ENOENT)'),
    `"for" is shell syntax, and a node runs the program itself, without a shell; run the line through one: -- sh -c '…' (cmd /c … on Windows)`);
  assert.equal(launchFailureText('box', 'FOO=1', 'Command failed during launch or output capture (ENOENT)'),
    `"FOO=1" is shell syntax, and a node runs the program itself, without a shell; run the line through one: -- sh -c '…' (cmd /c … on Windows)`);
  assert.equal(launchFailureText('box', 'nope', 'Command failed during launch or output capture (ENOENT)'),
    'box has no program "nope" on its PATH; check the name, install it there, or give its full path');
  assert.equal(launchFailureText('box', './run.sh', 'Command failed during launch or output capture (EACCES)'),
    'box cannot execute ./run.sh (permission denied); make it executable there (chmod +x) or check the path');
  assert.equal(launchFailureText('box', 'ls', 'Command failed during launch or output capture (ENOTDIR): working directory /x is not a directory'),
    'box could not launch the command: Command failed during launch or output capture (ENOTDIR): working directory /x is not a directory');
  const o = outcomeFromResult({ success: false, timedOut: false, stdout: '', stderr: '', error: 'Command failed during launch or output capture (ENOENT)' } as never, 'box', 1000, 'nope');
  assert.equal(o.exitCode, 127);
  assert.equal(o.failure, 'box has no program "nope" on its PATH; check the name, install it there, or give its full path');
});

test('setup --show-token prints only to a terminal, and says why not otherwise', async () => {
  const { showTokenLines } = await import('../../src-main/cli/commands/setup.ts');
  const { defaultConfig } = await import('../../src-main/core/config.ts');
  const cfg = defaultConfig();
  cfg.gateway.auth = { mode: 'token', token: 'tok-123' };
  assert.throws(() => showTokenLines('/s/hearth.json', cfg, { isTTY: false, env: {} }), {
    message: 'not printing the gateway token: standard output is not a terminal, and a token in a pipe or file ends up in logs; run `hearth setup --show-token` in a terminal, or read gateway.auth.token in /s/hearth.json',
  });
  assert.throws(() => showTokenLines('/s/hearth.json', undefined, { isTTY: true, env: {} }), {
    message: '/s/hearth.json holds no gateway token (the file does not exist); run `hearth setup` to create one',
  });
  const lines = showTokenLines('/s/hearth.json', cfg, { isTTY: true, env: { HEARTH_GATEWAY_TOKEN: 'other' } });
  assert.deepEqual(lines, [
    'Gateway token (gateway.auth.token in /s/hearth.json):', '', '  tok-123', '',
    'Note: HEARTH_GATEWAY_TOKEN in this shell differs; a gateway started from this shell uses that one instead.', '',
    'Paste it into the web UI under "With the gateway token", or pass it as --token on another machine.',
    'Keep it secret: whoever has it controls the gateway. A phone needs no token: scan the QR from `hearth qr`.',
  ]);
});
