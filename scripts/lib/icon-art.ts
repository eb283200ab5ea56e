/**
 * The drawings behind Hearth's icons, as coverage functions on the unit square, rasterised
 * with 4×4 supersampling: a house (the hearth) with a status dot for the tray, and the same
 * house on a warm rounded square for the app icon.
 */
export type Rgba = [number, number, number, number];
export type TrayColorName = 'green' | 'amber' | 'red' | 'grey';

/** Status colours, chosen to read on both light and dark menu bars. */
export const STATUS_RGB: Record<TrayColorName, [number, number, number]> = {
  green: [52, 199, 89],
  amber: [255, 159, 10],
  red: [255, 59, 48],
  grey: [142, 142, 147],
};

/** Outline colour of the house: dark on light menu bars, light on dark ones. */
export const FOREGROUND: Record<'light' | 'dark', [number, number, number]> = { light: [29, 29, 31], dark: [245, 245, 247] };

function inTriangle(x: number, y: number, ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  const d1 = (x - bx) * (ay - by) - (ax - bx) * (y - by);
  const d2 = (x - cx) * (by - cy) - (bx - cx) * (y - cy);
  const d3 = (x - ax) * (cy - ay) - (cx - ax) * (y - ay);
  const neg = d1 < 0 || d2 < 0 || d3 < 0;
  const pos = d1 > 0 || d2 > 0 || d3 > 0;
  return !(neg && pos);
}

/** True inside the house silhouette (roof + body, minus the door). */
export function inHouse(x: number, y: number): boolean {
  const roof = inTriangle(x, y, 0.5, 0.1, 0.06, 0.5, 0.94, 0.5);
  const body = x >= 0.2 && x <= 0.8 && y >= 0.46 && y <= 0.9;
  const door = x >= 0.42 && x <= 0.58 && y >= 0.64 && y <= 0.9;
  return (roof || body) && !door;
}

const DOT = { cx: 0.77, cy: 0.77, r: 0.2, gap: 0.07 };

/** Tray icon pixel at (x, y) in the unit square. */
export function trayPixel(x: number, y: number, color: TrayColorName, appearance: 'light' | 'dark'): Rgba {
  const d = Math.hypot(x - DOT.cx, y - DOT.cy);
  if (d <= DOT.r) return [...STATUS_RGB[color], 255];
  // A transparent ring separates the dot from the house so it reads at 16 px.
  if (d <= DOT.r + DOT.gap) return [0, 0, 0, 0];
  if (inHouse(x, y)) return [...FOREGROUND[appearance], 255];
  return [0, 0, 0, 0];
}

/** App icon pixel: white house on a rounded warm square. */
export function appIconPixel(x: number, y: number): Rgba {
  const m = 0.06;
  const r = 0.2;
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - m - r), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - m - r), 0);
  if (Math.hypot(qx, qy) > r) return [0, 0, 0, 0];
  const hx = (x - 0.2) / 0.6;
  const hy = (y - 0.18) / 0.62;
  if (hx >= 0 && hx <= 1 && hy >= 0 && hy <= 1 && inHouse(hx, hy)) return [255, 248, 240, 255];
  // Vertical gradient from ember orange to deep red.
  const t = y;
  return [Math.round(255 - 40 * t), Math.round(149 - 90 * t), Math.round(0 + 40 * t), 255];
}

/** Rasterises `pixel` at `size`×`size` with 4×4 supersampling (premultiplied average). */
export function rasterise(size: number, pixel: (x: number, y: number) => Rgba): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const S = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const [cr, cg, cb, ca] = pixel((px + (sx + 0.5) / S) / size, (py + (sy + 0.5) / S) / size);
          r += cr * ca; g += cg * ca; b += cb * ca; a += ca;
        }
      }
      const i = (py * size + px) * 4;
      out[i + 3] = Math.round(a / (S * S));
      if (a > 0) {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
      }
    }
  }
  return out;
}
