// Detail codes are written as the DetailCode constants everywhere, never as string literals: a
// typo in a literal compiles and silently never matches (issue 9). Test files may use literals.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DetailCode } from '../../src-shared/protocol/errors.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFINED_IN = join('src-shared', 'protocol', 'errors.ts');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx)$/.test(f) && !f.split(/[\\/]/).includes('generated'))
    .map((f) => join(dir, f));
}

test('no source file spells a detail code as a string literal', () => {
  const literal = new RegExp(`(['"\`])(${Object.values(DetailCode).join('|')})\\1`, 'g');
  const found: string[] = [];
  for (const file of ['src-main', 'src-renderer', 'src-shared'].flatMap(sources)) {
    if (relative(ROOT, join(ROOT, file)) === DEFINED_IN) continue;
    readFileSync(join(ROOT, file), 'utf8').split('\n').forEach((line, i) => {
      for (const m of line.matchAll(literal)) found.push(`${file}:${i + 1}: ${m[0]} -> DetailCode.${m[2]}`);
    });
  }
  assert.deepEqual(found, [], `use the DetailCode constants:\n${found.join('\n')}`);
});
