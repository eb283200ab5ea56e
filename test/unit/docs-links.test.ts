// The docs point only at what ships in the repository: README.md and docs/ link only files in it
// (no ../shared, no missing files), and every doc's backticked file paths (`gateway/dispatch.ts`,
// `src-shared/client/run-stream.ts#streamInvoke`, `catalog.ts`) name a file that exists — and a
// function or constant that file holds — so a rename or a removal cannot leave a doc behind.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE_DIRS = ['src-main', 'src-shared', 'src-renderer', 'test', 'e2e', 'bench', 'scripts', 'bin', 'docs', 'resources'];

/** Every file under the source folders (no node_modules, no build output), repo-relative. */
function repoFiles(): string[] {
  const out: string[] = [];
  for (const top of SOURCE_DIRS) {
    if (!existsSync(join(ROOT, top))) continue;
    for (const rel of readdirSync(join(ROOT, top), { recursive: true }) as string[]) {
      if (/(^|[\\/])(node_modules|dist)([\\/]|$)/.test(rel)) continue;
      if (statSync(join(ROOT, top, rel)).isFile()) out.push(join(top, rel));
    }
  }
  return out;
}

const FILES = repoFiles();
/** The docs a reviewer reads: the README, docs/, and the READMEs beside the code. */
const DOCS = ['README.md', ...FILES.filter((f) => f.endsWith('.md') && (f.startsWith('docs') || basename(f) === 'README.md'))];

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

/** Source files a doc may name by path; a bare `.json`/`.js` name is mostly a runtime file (`hearth.json`, `main.js`). */
const PATH_EXT = /\.(ts|tsx|mts|cts|mjs|cjs|js|json|md|sh|yml|html)$/;
const BARE_EXT = /\.(ts|tsx|mts|cts|mjs|cjs|md|sh|yml|html)$/;
/** What runs and builds write (gitignored): named by docs, never in a clone. */
const OUTPUT = /^(dist|e2e\/artifacts|test-results|playwright-report|\.cache|node_modules)\//;
/** Files of other packages a doc names (not ours to ship). */
const FOREIGN = new Set(['openclaw.mjs']);
/** Where a doc's short paths are written from: its own folder, the root, and the source roots. */
const BASES = ['', 'src-main', 'src-main/core', 'src-shared', 'src-renderer'];

/** The backticked file references of a doc: `path` or `path#name`. */
function fileRefs(text: string): { path: string; name?: string }[] {
  const refs: { path: string; name?: string }[] = [];
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    for (let tok of m[1]!.split(/[\s,()]+/)) {
      tok = tok.replace(/[.:;]+$/, '');
      if (/[<>*{}$…|:]/.test(tok) || /^-/.test(tok)) continue; // placeholders, globs, URLs, flags
      const [path = '', name] = tok.split('#');
      if (!/^(\.{1,2}\/)?[\w.@-]+(\/[\w.@-]+)*\/?$/.test(path)) continue;
      const isDir = path.endsWith('/') && path.length > 1;
      if (path.includes('/') ? !(PATH_EXT.test(path) || isDir) : !BARE_EXT.test(path)) continue;
      if (OUTPUT.test(path) || FOREIGN.has(path)) continue;
      refs.push(name ? { path, name } : { path });
    }
  }
  return refs;
}

test('every backticked file path in the docs names a file in the repository, and a #name it holds', () => {
  const names = new Set(FILES.map((f) => basename(f)));
  const problems: string[] = [];
  for (const doc of DOCS) {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    for (const { path, name } of fileRefs(text)) {
      let found: string | undefined;
      if (path.includes('/')) {
        const candidates = [dirname(doc), ...BASES].map((b) => join(ROOT, b, path));
        found = candidates.find((c) => c.startsWith(ROOT) && existsSync(c));
        if (!found) problems.push(`${doc}: \`${path}\` is not in the repository`);
      } else if (!names.has(path)) {
        problems.push(`${doc}: no file named \`${path}\` in the repository`);
      } else {
        const here = FILES.filter((f) => basename(f) === path);
        found = join(ROOT, here.find((f) => f.startsWith(dirname(doc))) ?? here[0]!);
      }
      if (found && name && statSync(found).isFile()) {
        const word = name.split('.').pop()!;
        if (!new RegExp(`\\b${word}\\b`).test(readFileSync(found, 'utf8'))) problems.push(`${doc}: \`${path}#${name}\`: ${relative(ROOT, found)} has no ${word}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('the path check sees what the docs write', () => {
  assert.deepEqual(fileRefs('see `gateway/dispatch.ts`, `a.ts#fn` and `src-main/core/<feature>/` or `hearth.json`, `--warn/--crit`, `cli/cli`'), [
    { path: 'gateway/dispatch.ts' }, { path: 'a.ts', name: 'fn' },
  ]);
  assert.deepEqual(fileRefs('`dist/renderer/desktop.html`, `e2e/artifacts/`, `openclaw.mjs`'), []);
  assert.deepEqual(fileRefs('`roles/` (`roles/outside-gateway.ts`, `outside-link.ts`)'), [
    { path: 'roles/' }, { path: 'roles/outside-gateway.ts' }, { path: 'outside-link.ts' },
  ]);
});
