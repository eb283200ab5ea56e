import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderTrayIcons } from '../../scripts/gen-icons.ts';
import { FOREGROUND, STATUS_RGB } from '../../scripts/lib/icon-art.ts';
import { decodePng, encodePng } from '../../scripts/lib/png.ts';
import { TRAY_COLORS, trayIconFile } from '../../src-main/electron/tray/icon-state.ts';

const resources = join(import.meta.dirname, '..', '..', 'resources');

function pixel(png: { width: number; rgba: Buffer }, fx: number, fy: number): number[] {
  const x = Math.floor(fx * png.width);
  const y = Math.floor(fy * png.width);
  const i = (y * png.width + x) * 4;
  return [...png.rgba.subarray(i, i + 4)];
}

describe('PNG encoder', () => {
  it('round-trips RGBA and protects chunks with CRCs', () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4]);
    const png = encodePng(2, 2, rgba);
    assert.deepEqual(png.subarray(0, 8), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const back = decodePng(png);
    assert.equal(back.width, 2);
    assert.equal(back.height, 2);
    assert.deepEqual([...back.rgba], [...rgba]);
    const broken = Buffer.from(png);
    broken[20] = (broken[20] ?? 0) ^ 0xff;
    assert.throws(() => decodePng(broken), /bad CRC in IHDR/);
    assert.throws(() => encodePng(2, 2, new Uint8Array(3)), /expected 16 bytes/);
  });
});

describe('tray icons in resources/', () => {
  it('exist for every colour and menu-bar appearance, at 1x and 2x, and match the generator', () => {
    const generated = renderTrayIcons();
    assert.equal(generated.size, TRAY_COLORS.length * 2 * 2);
    for (const color of TRAY_COLORS) {
      for (const appearance of ['light', 'dark'] as const) {
        const name = trayIconFile(color, appearance);
        for (const [file, size] of [[name, 16], [name.replace('.png', '@2x.png'), 32]] as const) {
          const bytes = readFileSync(join(resources, 'tray', file));
          assert.deepEqual(bytes, generated.get(`tray/${file}`), `${file} is stale: run node scripts/gen-icons.ts`);
          const png = decodePng(bytes);
          assert.equal(png.width, size);
          // The status dot carries the state colour; the house the appearance's foreground.
          assert.deepEqual(pixel(png, 0.77, 0.77), [...STATUS_RGB[color], 255], `${file} dot`);
          assert.deepEqual(pixel(png, 0.3, 0.6), [...FOREGROUND[appearance], 255], `${file} house`);
          assert.equal(pixel(png, 0.02, 0.02)[3], 0, `${file} background is transparent`);
        }
      }
    }
  });

  it('the app icon is a 1024 px PNG electron-builder can convert', () => {
    const png = decodePng(readFileSync(join(resources, 'icon.png')));
    assert.equal(png.width, 1024);
    assert.equal(png.height, 1024);
    assert.equal(pixel(png, 0.01, 0.01)[3], 0);
    assert.equal(pixel(png, 0.5, 0.6)[3], 255);
  });
});
