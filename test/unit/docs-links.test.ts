// The README and docs/ link only files that ship in the repository (no ../shared, no missing files).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('README and docs link only files in the repository', () => {
  const files = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
  assert.ok(files.includes(join('docs', 'architecture.md')) && files.includes(join('docs', 'protocol.md')));
  for (const f of files) {
    const text = readFileSync(join(ROOT, f), 'utf8');
    assert.doesNotMatch(text, /\.\.\/shared/, `${f} points outside the repository`);
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!.split('#')[0]!;
      if (target === '' || /^[a-z]+:/i.test(target)) continue;
      const path = resolve(ROOT, dirname(f), target);
      assert.ok(path.startsWith(ROOT) && existsSync(path), `${f} links ${m[1]}, which is not in the repository`);
    }
  }
});
