/**
 * Proves electron-builder.yml packs, offline: runs electron-builder's `dir` target for Linux
 * with a stub Electron distribution (a directory holding a fake `electron` executable — the
 * real binary cannot be downloaded here) and npmRebuild off, then inspects the result: the
 * asar holds the built app with the right `main`, better-sqlite3's N-API binary is unpacked,
 * tray icons and app-update.yml sit in resources/. Needs `npm run build` first.
 * Run: `node scripts/pack-dir-check.ts [outDir]`; exits non-zero with the reason on failure.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as ElectronBuilder from 'electron-builder';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

export interface PackReport {
  appDir: string;
  asarFiles: number;
  main: string;
  unpackedNative: string[];
  trayIcons: number;
  updateYml: string;
}

/** Packs into `outDir` and returns what was found; throws with a reason when something is missing. */
export async function packDirCheck(outDir: string): Promise<PackReport> {
  for (const needed of ['dist/src-main/electron/main.js', 'dist/src-main/electron/preload.cjs']) {
    if (!existsSync(join(root, needed))) throw new Error(`${needed} is missing: run \`npm run build\` first`);
  }
  const fake = join(outDir, 'fake-electron');
  mkdirSync(join(fake, 'resources'), { recursive: true });
  writeFileSync(join(fake, 'electron'), '#!/bin/sh\necho "stub electron: packaging check only"\n');
  chmodSync(join(fake, 'electron'), 0o755);
  writeFileSync(join(fake, 'LICENSE'), 'stub\n');
  const { build, Platform, Arch } = require('electron-builder') as typeof ElectronBuilder;
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    publish: 'never',
    config: { electronDist: fake, directories: { output: join(outDir, 'release') } },
  });
  const appDir = join(outDir, 'release', 'linux-unpacked');
  const asar = require('@electron/asar') as { listPackage(p: string): string[]; extractFile(p: string, f: string): Buffer };
  const archive = join(appDir, 'resources', 'app.asar');
  const files = asar.listPackage(archive);
  const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString()) as { main: string };
  for (const f of ['/dist/src-main/electron/main.js', '/dist/src-main/electron/preload.cjs', '/dist/renderer/desktop.html', '/dist/renderer/index.html', '/node_modules/better-sqlite3/lib/index.js']) {
    if (!files.includes(f)) throw new Error(`app.asar lacks ${f}`);
  }
  if (files.some((f) => f.startsWith('/node_modules/react/'))) throw new Error('react should be bundled by Vite, not shipped in node_modules');
  const prebuilds = join(appDir, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'prebuilds');
  const unpackedNative = existsSync(prebuilds) ? readdirSync(prebuilds) : [];
  if (!unpackedNative.includes('linux-x64.node')) throw new Error(`better-sqlite3 native binary not unpacked (found: ${unpackedNative.join(', ') || 'nothing'})`);
  const bufferutil = join(appDir, 'resources', 'app.asar.unpacked', 'node_modules', 'bufferutil', 'prebuilds', 'linux-x64');
  if (!existsSync(bufferutil) || !readdirSync(bufferutil).some((f) => f.endsWith('.node'))) throw new Error(`bufferutil's native binary not unpacked into ${bufferutil}`);
  if (unpackedNative.some((n) => n.startsWith('darwin') || n.startsWith('win32'))) throw new Error(`other OSes' binaries shipped: ${unpackedNative.join(', ')}`);
  const trayIcons = readdirSync(join(appDir, 'resources', 'tray')).filter((n) => n.endsWith('.png')).length;
  const updateYml = readFileSync(join(appDir, 'resources', 'app-update.yml'), 'utf8');
  if (!existsSync(join(appDir, 'hearth-desktop'))) throw new Error('executable hearth-desktop missing');
  return { appDir, asarFiles: files.length, main: pkg.main, unpackedNative, trayIcons, updateYml };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const keep = process.argv[2];
  const out = keep ?? mkdtempSync(join(tmpdir(), 'hearth-pack-'));
  try {
    const r = await packDirCheck(out);
    console.log(JSON.stringify({ ...r, updateYml: r.updateYml.trim().split('\n') }, null, 2));
  } catch (err) {
    console.error(`pack check failed: ${(err as Error).message}`);
    process.exitCode = 1;
  } finally {
    if (!keep) rmSync(out, { recursive: true, force: true });
  }
}
