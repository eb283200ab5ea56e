// A mistyped option or subcommand: one line, commander's suggestion inside it, then the help to read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runHearth } from '../helpers/processes.ts';

test('a mistyped option or subcommand gets the suggestion in the same sentence', () => {
  const opt = runHearth(['status', '--deeep']);
  assert.equal(opt.code, 1);
  assert.equal(opt.stderr, "hearth: unknown option '--deeep' (did you mean --deep?); see `hearth status --help`\n");
  const sub = runHearth(['nodes', 'lst']);
  assert.equal(sub.code, 1);
  assert.equal(sub.stderr, "hearth: unknown command 'lst' (did you mean list?); see `hearth nodes --help`\n");
  // Without a suggestion nothing is added.
  assert.equal(runHearth(['status', '--zzzzzz']).stderr, "hearth: unknown option '--zzzzzz'; see `hearth status --help`\n");
});
