/** `system.which` (SPEC §9.3): resolve program names on PATH, honouring PATHEXT on Windows. */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter as posixDelimiter, isAbsolute, join, resolve } from 'node:path';

export interface WhichEnv {
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  /** Skip relative PATH entries ('' and '.' included): their meaning depends on the run's cwd. */
  absoluteDirsOnly?: boolean;
}

function pathValue(env: Record<string, string | undefined>): string {
  // Windows spells it Path; env objects copied from process.env lose case-insensitivity.
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH');
  return key ? env[key] ?? '' : '';
}

function isExecutableFile(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function extensions(name: string, env: Record<string, string | undefined>, platform: NodeJS.Platform): string[] {
  if (platform !== 'win32') return [''];
  const pathext = (env['PATHEXT'] ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean);
  const hasExt = pathext.some((e) => name.toLowerCase().endsWith(e.toLowerCase()));
  return hasExt ? [''] : ['', ...pathext];
}

/** Absolute path of one program, or undefined. Names containing a separator are checked as paths. */
export function whichOne(name: string, opts: WhichEnv & { cwd?: string } = {}): string | undefined {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  if (name === '') return undefined;
  const exts = extensions(name, env, platform);
  const hasSep = name.includes('/') || (platform === 'win32' && name.includes('\\'));
  if (hasSep || isAbsolute(name)) {
    const base = resolve(opts.cwd ?? process.cwd(), name);
    for (const ext of exts) if (isExecutableFile(base + ext, platform)) return base + ext;
    return undefined;
  }
  const delimiter = platform === 'win32' ? ';' : posixDelimiter;
  for (const dir of pathValue(env).split(delimiter)) {
    if (dir === '') continue;
    if (opts.absoluteDirsOnly && !isAbsolute(dir)) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      if (isExecutableFile(candidate, platform)) return candidate;
    }
  }
  return undefined;
}

/** `{bins:{name: absPath}}` for the names found; missing ones are omitted, as the real node host does. */
export function which(bins: readonly string[], opts: WhichEnv = {}): { bins: Record<string, string> } {
  const out: Record<string, string> = {};
  for (const name of bins) {
    if (typeof name !== 'string') continue;
    const found = whichOne(name, opts);
    if (found) out[name] = found;
  }
  return { bins: out };
}
