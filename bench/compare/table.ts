/** Plain-text tables for the comparison output. */

/** Prints `rows` under `header` with padded columns and a separator line. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h) => h.length);
  for (const row of rows) row.forEach((c, i) => { widths[i] = Math.max(widths[i] ?? 0, c.length); });
  const line = (row: string[]) => row.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(line(row));
}

export const mb = (b: number | undefined) => (b === undefined ? 'n/a' : `${(b / 1048576).toFixed(1)} MB`);
export const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? 'n/a' : x < 10 ? `${x.toFixed(2)} ms` : x < 1000 ? `${x.toFixed(1)} ms` : `${(x / 1000).toFixed(2)} s`);
/** "OpenClaw ÷ Hearth": how many times more OpenClaw takes/uses. */
export const ratio = (openclaw: number | undefined, hearth: number | undefined) =>
  openclaw === undefined || hearth === undefined || !Number.isFinite(openclaw) || !Number.isFinite(hearth) || hearth === 0 ? 'n/a' : `${(openclaw / hearth).toFixed(1)}×`;
