// What a user who types something slightly wrong reads: a mistyped option or subcommand (one line,
// commander's suggestion inside it, then the help), and `hearth node run` with nothing to serve.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { freePort, runHearth, spawnHearth, tempDir } from '../helpers/processes.ts';

test('a mistyped option or subcommand gets the suggestion in the same sentence', () => {
  const opt = runHearth(['status', '--deeep']);
  assert.equal(opt.code, 1);
  assert.equal(opt.stderr, "hearth: unknown option '--deeep' (did you mean --deep?); see `hearth status --help`\n");
  const sub = runHearth(['nodes', 'lst']);
  assert.equal(sub.code, 1);
  assert.equal(sub.stderr, "hearth: unknown command 'lst' (did you mean list?); see `hearth nodes --help`\n");
  // Options given to a group without its subcommand: the subcommands, and the line with one.
  const group = runHearth(['nodes', '--url', 'ws://127.0.0.1:1']);
  assert.equal(group.code, 1);
  assert.equal(group.stderr, 'hearth: `hearth nodes` needs a subcommand before its options (list, pending, approve, reject, describe, wake, run), e.g. hearth nodes list --url ws://127.0.0.1:1; see `hearth nodes --help`\n');
  // Without a suggestion nothing is added.
  assert.equal(runHearth(['status', '--zzzzzz']).stderr, "hearth: unknown option '--zzzzzz'; see `hearth status --help`\n");
});

test('hearth node run on a machine nothing set up says how to serve another machine, and keeps trying here', async () => {
  const dir = tempDir('hearth-node-unset-');
  const port = await freePort();
  const node = spawnHearth(['node', 'run', '--state-dir', dir], { HEARTH_GATEWAY_PORT: String(port) });
  try {
    await node.waitFor(/no gateway is set for this node/);
    assert.match(node.output(), new RegExp(`no gateway is set for this node \\(no --pair, --url or node\\.url\\), so it tries this machine's at ws://127\\.0\\.0\\.1:${port}; to serve another machine's gateway, run \`hearth qr --node\` there and \`hearth node run --pair <code>\` here`));
    await node.waitFor(/reconnecting in/);
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
