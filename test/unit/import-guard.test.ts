// Layering rules from DESIGN.md, enforced: core never imports electron; src-shared imports nothing
// from src-main or src-renderer; the renderer never imports Node-side code.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/processes.ts';

function files(dir: string): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(e)) out.push(p);
  }
  return out;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(IMPORT)) found.push((m[1] ?? m[2] ?? m[3])!);
  return found;
}

function violations(dir: string, bad: (spec: string) => boolean): string[] {
  return files(join(ROOT, dir)).flatMap((f) => imports(f).filter(bad).map((s) => `${relative(ROOT, f)} imports ${s}`));
}

test('src-main/core never imports electron', () => {
  const v = violations('src-main/core', (s) => s === 'electron' || s.startsWith('electron/') || s.includes('/electron/'));
  assert.deepEqual(v, []);
});

test('src-shared imports nothing from src-main or src-renderer', () => {
  assert.deepEqual(violations('src-shared', (s) => s.includes('src-main') || s.includes('src-renderer')), []);
});

test('src-renderer imports no Node-side code', () => {
  assert.deepEqual(violations('src-renderer', (s) => s.includes('src-main') || s === 'electron' || s.startsWith('node:')), []);
});

test('the guard sees imports (it would catch a violation)', () => {
  const sample = "import { app } from 'electron';\nconst x = await import('electron');";
  assert.deepEqual([...sample.matchAll(IMPORT)].map((m) => m[1] ?? m[2]), ['electron', 'electron']);
});
