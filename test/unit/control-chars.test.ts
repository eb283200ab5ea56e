// Peer text made safe to show: escapes for the terminal, clean display names for the gateway.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_DISPLAY_NAME_CHARS, cleanDisplayName, terminalSafe } from '../../src-shared/text/control-chars.ts';

test('terminalSafe shows every control character escaped, keeps tab, newline and ordinary text', () => {
  assert.equal(terminalSafe('evil\x1b[2J\x1b]0;title\x07\rover'), 'evil\\x1b[2J\\x1b]0;title\\x07\\x0dover');
  assert.equal(terminalSafe('a\tb\nc'), 'a\tb\nc');
  assert.equal(terminalSafe('\x7f\x9b'), '\\x7f\\x9b');
  assert.equal(terminalSafe('abc\u202Egpj.exe'), 'abc\\u{202e}gpj.exe', 'a bidi override cannot reorder what follows');
  const plain = '客厅的电脑 laptop-2 ✓ 😀';
  assert.equal(terminalSafe(plain), plain);
});

test('cleanDisplayName removes control and bidi characters, folds whitespace, bounds the length', () => {
  assert.equal(cleanDisplayName('evil\x1b[2J\r\nFAKE LINE\x07'), 'evil [2J FAKE LINE');
  assert.equal(cleanDisplayName('  my\tlaptop  '), 'my laptop');
  assert.equal(cleanDisplayName('a\u202Eb\u2066c\u200Fd'), 'a b c d');
  assert.equal(cleanDisplayName('\x1b\x07\r\n '), undefined, 'nothing visible: no name');
  assert.equal(cleanDisplayName('客厅里那台电脑'), '客厅里那台电脑');
  const long = cleanDisplayName('x'.repeat(1000))!;
  assert.equal([...long].length, MAX_DISPLAY_NAME_CHARS);
  assert.ok(long.endsWith('…'));
  assert.equal(cleanDisplayName('😀'.repeat(MAX_DISPLAY_NAME_CHARS)), '😀'.repeat(MAX_DISPLAY_NAME_CHARS), 'counted in characters, not UTF-16 units');
});
