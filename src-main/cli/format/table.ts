/** Plain-text tables for terminal output; CJK-aware so Chinese device names line up. */
import { terminalSafe } from '../../../src-shared/text/control-chars.ts';

/** Columns a string occupies in a terminal (East Asian wide characters count as two). */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x300 && cp <= 0x36f) || cp === 0x200b) continue;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x1f300 && cp <= 0x1faff) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

/** Pads `text` on the right to `width` display columns. */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * Renders rows under a header, columns separated by two spaces, trailing spaces trimmed.
 * Cells are single-line: embedded newlines become spaces.
 */
export function formatTable(headers: string[], rows: (string | undefined)[][]): string[] {
  // One line per cell, and nothing in it acts on the terminal (cells hold peers' names and messages).
  const clean = (c: string | undefined) => terminalSafe((c ?? '').replace(/\s*\r?\n\s*/g, ' '));
  const all = [headers, ...rows.map((r) => headers.map((_, i) => clean(r[i])))];
  const widths = headers.map((_, i) => Math.max(...all.map((r) => displayWidth(r[i] ?? ''))));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : padEnd(c ?? '', widths[i]!))).join('  ').trimEnd());
}
