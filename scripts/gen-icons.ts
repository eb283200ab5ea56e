/**
 * Generates resources/tray/tray-<colour>-<light|dark>.png (16 px) and @2x (32 px) and
 * resources/icon.png (1024 px, electron-builder derives .icns/.ico from it) with pure Node.
 * Run: `node scripts/gen-icons.ts` (deterministic; a unit test checks the files match).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appIconPixel, rasterise, trayPixel, type TrayColorName } from './lib/icon-art.ts';
import { encodePng } from './lib/png.ts';

const COLORS: TrayColorName[] = ['green', 'amber', 'red', 'grey'];
const APPEARANCES = ['light', 'dark'] as const;

/** Every tray icon file (relative to resources/) with its PNG bytes. */
export function renderTrayIcons(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const color of COLORS) {
    for (const appearance of APPEARANCES) {
      for (const [suffix, size] of [['', 16], ['@2x', 32]] as const) {
        files.set(`tray/tray-${color}-${appearance}${suffix}.png`, encodePng(size, size, rasterise(size, (x, y) => trayPixel(x, y, color, appearance))));
      }
    }
  }
  return files;
}

/** The app icon (1024 px; the slow one). */
export function renderAppIcon(): Buffer {
  return encodePng(1024, 1024, rasterise(1024, appIconPixel));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');
  for (const [rel, png] of [...renderTrayIcons(), ['icon.png', renderAppIcon()] as const]) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, png);
    console.log(`wrote resources/${rel} (${png.length} bytes)`);
  }
}
