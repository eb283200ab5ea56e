// Detail codes, error codes and node error codes are written as their constants (DetailCode,
// ErrorCode, NodeErrorCode) everywhere, never as string literals: a typo in a literal compiles
// and silently never matches (issue 9). Test files may use literals. OS error codes (ENOENT, …)
// are Node's, not the protocol's, and stay as they are.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as dns from 'node:dns';
import { constants } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DetailCode, ErrorCode, NodeErrorCode } from '../../src-shared/protocol/errors.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFINED_IN = join('src-shared', 'protocol', 'errors.ts');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx)$/.test(f) && !f.split(/[\\/]/).includes('generated'))
    .map((f) => join(dir, f));
}

const FILES = ['src-main', 'src-renderer', 'src-shared'].flatMap(sources).filter((f) => relative(ROOT, join(ROOT, f)) !== DEFINED_IN);
const CONSTANTS: Record<string, Record<string, string>> = { DetailCode, ErrorCode, NodeErrorCode };
const constantFor = (code: string) => Object.entries(CONSTANTS).map(([name, table]) => {
  const key = Object.entries(table).find(([, v]) => v === code)?.[0];
  return key ? `${name}.${key}` : undefined;
}).find(Boolean);

/** Each `[file:line, literal]` in the sources matching `re` (group 2: the code). */
function scan(re: RegExp): [string, string][] {
  const found: [string, string][] = [];
  for (const file of FILES) {
    readFileSync(join(ROOT, file), 'utf8').split('\n').forEach((line, i) => {
      for (const m of line.matchAll(re)) found.push([`${file}:${i + 1}`, m[2]!]);
    });
  }
  return found;
}

test('no source file spells a protocol code as a string literal', () => {
  const codes = [...new Set(Object.values(CONSTANTS).flatMap((t) => Object.values(t)))];
  const literal = new RegExp(`(['"\`])(${codes.join('|')})\\1`, 'g');
  const found = scan(literal).map(([at, code]) => `${at}: '${code}' -> ${constantFor(code)}`);
  assert.deepEqual(found, [], `use the constants:\n${found.join('\n')}`);
});

test('every code a source file sets or compares by literal is an OS error code, not a new protocol code', () => {
  // A code set as `code: 'X'`, compared as `code === 'X'` or thrown as `AgentCommandError('X'` that
  // is in none of the tables is a new protocol code: add it to one (errors.ts) and use that.
  const dnsCodes = (Object.values(dns) as unknown[]).filter((v): v is string => typeof v === 'string' && /^E[A-Z]+$/.test(v));
  // ESPAWN and EPROBE: the storage probe's own errno-style codes for a probe process that failed.
  const errno = new Set([...Object.keys(constants.errno), ...dnsCodes, 'ESPAWN', 'EPROBE']);
  const used = scan(/(code:\s*|code\s*[!=]==\s*|AgentCommandError\()(?:'|")([A-Z][A-Z0-9_]{2,})['"]/g);
  const stray = used.filter(([, code]) => !errno.has(code) && !code.startsWith('EAI_')).map(([at, code]) => `${at}: '${code}'`);
  assert.deepEqual(stray, [], `add these to DetailCode / ErrorCode / NodeErrorCode in ${DEFINED_IN} and use the constant:\n${stray.join('\n')}`);
});
