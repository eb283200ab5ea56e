/**
 * Reads `hearth.json` for a reload and turns every way it can be wrong into one sentence that
 * names the line (and the key) and the fix. At start-up a broken file stops the gateway; on a
 * reload it must not, so nothing here throws.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, defaultConfig, parseConfig, type HearthConfig } from '../config.ts';
import { jsonErrorPlace, jsonReason, withKeyLine } from './json-position.ts';

export { lineColumnAt, lineOfKey } from './json-position.ts';

export type ConfigRead =
  | { ok: true; config: HearthConfig; missing: boolean; text: string }
  | { ok: false; error: string };

/** Reads and validates the file; a missing file is the defaults (like at start-up). */
export function readConfigForReload(path: string): ConfigRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: true, config: defaultConfig(), missing: true, text: '' };
    if (code === 'EACCES') return { ok: false, error: `${path}: cannot read it (permission denied); make it readable by this user (chmod 600 ${path})` };
    return { ok: false, error: `${path}: cannot read it (${(err as Error).message})` };
  }
  if (text.trim() === '') {
    return { ok: false, error: `${path} is empty; put the settings back (at least {}), or run \`hearth setup --force\` to write a fresh one` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const place = jsonErrorPlace(text, msg);
    const where = place ? ` line ${place.line} column ${place.column}` : '';
    return { ok: false, error: `${path}${where}: not valid JSON (${jsonReason(msg)}); fix that line and save again` };
  }
  try {
    return { ok: true, config: parseConfig(raw, path), missing: false, text };
  } catch (err) {
    if (!(err instanceof ConfigError)) return { ok: false, error: `${path}: ${(err as Error).message}` };
    return { ok: false, error: withKeyLine(err.message, path, text) };
  }
}
