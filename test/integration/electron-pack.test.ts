/** electron-builder packs the app (Linux `dir` target, stub Electron, offline): see scripts/pack-dir-check.ts. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { packDirCheck } from '../../scripts/pack-dir-check.ts';

it('electron-builder --linux dir packs the built app with better-sqlite3 unpacked', { timeout: 180_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'hearth-pack-'));
  try {
    const r = await packDirCheck(out);
    assert.equal(r.main, 'dist/src-main/electron/main.js');
    assert.ok(r.unpackedNative.includes('linux-x64.node'));
    assert.equal(r.trayIcons, 16);
    assert.match(r.updateYml, /provider: generic/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
