/**
 * electron-builder.yml read the way electron-builder reads it (its own loader and JSON-schema
 * validation, offline) with every target asserted.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join, matchesGlob } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Configuration } from 'electron-builder';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(join(root, 'package.json'));
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<Configuration>;
  validateConfiguration(c: Configuration, logger: unknown): Promise<void>;
};
const { DebugLogger, log } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown; log: { info: unknown } };

type TargetEntry = { target: string; arch: string[] };
const targets = (t: unknown) => (t as TargetEntry[]).map((e) => `${e.target}:${e.arch.join('+')}`);

let cfg: Configuration;

describe('electron-builder.yml', () => {
  before(async () => {
    log.info = () => {}; // keep "loaded configuration" out of the test output
    cfg = await getConfig(root, null, null);
  });

  it('passes electron-builder\'s own schema validation', async () => {
    await validateConfiguration(cfg, new DebugLogger(false));
    // …and that validation is real: an unknown option is refused.
    await assert.rejects(validateConfiguration({ ...cfg, notAnOption: true } as Configuration, new DebugLogger(false)), /notAnOption/);
  });

  it('identifies the app', () => {
    assert.equal(cfg.appId, 'app.hearth.desktop');
    assert.equal(cfg.productName, 'Hearth');
    assert.equal((cfg.extraMetadata as { main: string }).main, 'dist/src-main/electron/main.js');
  });

  it('macOS: dmg + zip for x64 and arm64, a menu-bar app', () => {
    assert.deepEqual(targets(cfg.mac?.target), ['dmg:x64+arm64', 'zip:x64+arm64']);
    assert.equal(cfg.mac?.extendInfo?.['LSUIElement'], true);
    assert.deepEqual(cfg.mac?.extendInfo?.['NSBonjourServices'], ['_openclaw-gw._tcp']);
  });

  it('Windows: nsis; Linux: AppImage + deb', () => {
    assert.deepEqual(targets(cfg.win?.target), ['nsis:x64+arm64']);
    assert.equal(cfg.nsis?.oneClick, false);
    assert.deepEqual(targets(cfg.linux?.target), ['AppImage:x64+arm64', 'deb:x64+arm64']);
    assert.equal(cfg.linux?.executableName, 'hearth-desktop', 'must not clash with the `hearth` CLI in /usr/bin');
  });

  it('ships the build output, unpacks better-sqlite3\'s native binary and never rebuilds it', () => {
    const files = (cfg.files as Array<string | { filter: string[] }>).flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
    assert.ok(files.includes('dist/**/*'));
    assert.equal(cfg.asar, true);
    const unpack = cfg.asarUnpack as string[];
    assert.ok(unpack.some((g) => matchesGlob('node_modules/better-sqlite3/prebuilds/linux-x64.node', g)), 'prebuilds are unpacked');
    assert.ok(!unpack.some((g) => matchesGlob('node_modules/better-sqlite3/lib/index.js', g)), 'JS stays in the asar');
    assert.ok(unpack.some((g) => matchesGlob('node_modules/bufferutil/prebuilds/linux-x64/bufferutil.node', g)), 'ws\'s native masking is unpacked');
    assert.equal(cfg.npmRebuild, false);
    assert.equal(cfg.nodeGypRebuild, false);
    assert.equal(cfg.buildDependenciesFromSource, false);
    assert.deepEqual(cfg.extraResources, [{ from: 'resources/tray', to: 'tray', filter: ['*.png'] }]);
  });

  it('publishes a generic update feed with stable and beta channel files', () => {
    const p = cfg.publish as { provider: string; url: string; channel: string };
    assert.equal(p.provider, 'generic');
    assert.match(p.url, /^https:\/\//);
    assert.equal(p.channel, 'latest');
    assert.equal(cfg.generateUpdatesFilesForAllChannels, true);
  });
});
