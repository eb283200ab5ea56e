/**
 * Keeps the Electron layer thin (enforced, not prose): only the listed wiring files may import
 * `electron` at run time; every other module under src-main/electron is plain Node and is
 * covered by the unit tests. Type-only imports (`import type … from 'electron'`) are fine.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { it } from 'node:test';

const dir = join(import.meta.dirname, '..', '..', 'src-main', 'electron');
const WIRING = new Set([
  'main.ts', 'preload.cts', 'ipc/register.ts', 'window/control-window.ts', 'tray/tray.ts', 'pages/protocol.ts', 'autostart/login-item.ts',
]);

function files(d: string): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : /\.c?ts$/.test(e.name) ? [join(d, e.name)] : []));
}

it('only the wiring files import electron at run time', () => {
  const importing = files(dir)
    .filter((f) => {
      const src = readFileSync(f, 'utf8');
      return /^import\s+(?!type\b)[^;]*from\s+'electron'/m.test(src) || /require\('electron'\)/.test(src);
    })
    .map((f) => relative(dir, f).split('\\').join('/'))
    .sort();
  assert.deepEqual(importing, [...WIRING].sort());
});
