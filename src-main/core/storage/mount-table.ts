/**
 * Parsers for the OS mount tables: Linux `/proc/self/mountinfo`, macOS `mount` output and Windows
 * `net use` output. Pure functions over recorded text, so every platform is testable anywhere.
 * None of them touches a mounted path: reading a mount table never blocks on a hung server.
 */

/** One row of a mount table. */
export interface MountEntry {
  mountPoint: string;
  fsType: string;
  source: string;
  readOnly: boolean;
  /** Windows `net use`: the connection status word (OK, Unavailable, Disconnected, …). */
  status?: string;
}

/** Undoes mountinfo's octal escapes (`\040` space, `\011` tab, `\012` newline, `\134` backslash). */
function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/**
 * Linux `/proc/self/mountinfo` (proc(5)): `id parent maj:min root mountpoint opts [optional…] - fstype source superopts`.
 * Later rows shadow earlier ones at the same mount point (stacked mounts), as the kernel shows them.
 */
export function parseMountinfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const fields = line.split(' ');
    const dash = fields.indexOf('-', 6);
    if (dash < 0 || fields.length < dash + 3) continue;
    const mountPoint = unescapeOctal(fields[4] ?? '');
    const opts = (fields[5] ?? '').split(',');
    const superOpts = (fields[dash + 3] ?? '').split(',');
    out.push({
      mountPoint,
      fsType: fields[dash + 1] ?? '',
      source: unescapeOctal(fields[dash + 2] ?? ''),
      readOnly: opts.includes('ro') || superOpts.includes('ro'),
    });
  }
  return out;
}

/**
 * macOS `mount` (no arguments): `SOURCE on MOUNTPOINT (FSTYPE, opt, opt…)`. The mount point may
 * contain " on " and parentheses, so the last parenthesised group is the option list.
 */
export function parseMacMount(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const m = /^(.*?) on (.*) \(([^()]*)\)\s*$/.exec(line.trimEnd());
    if (!m) continue;
    const opts = m[3]!.split(',').map((s) => s.trim());
    out.push({ source: m[1]!, mountPoint: m[2]!, fsType: opts[0] ?? '', readOnly: opts.includes('read-only') || opts.includes('rdonly') });
  }
  return out;
}

/**
 * Windows `net use`: rows of `Status  Local  Remote  Network`, where Status and Local may be empty
 * and a long Remote pushes Network onto the next line. Header words are localised, so rows are
 * recognised by their shape (a `\\server\share` remote), never by the header text.
 */
export function parseNetUse(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const m = /^(?:(\S+)\s+)?(?:([A-Za-z]:)\s+)?(\\\\[^\\\s]+\\\S+)(?:\s+.*)?$/.exec(line);
    if (!m) continue;
    // A first token that is itself a drive letter means the status column was empty.
    let status = m[1];
    let local = m[2];
    if (status && /^[A-Za-z]:$/.test(status) && !local) {
      local = status;
      status = undefined;
    }
    const entry: MountEntry = { mountPoint: local ? `${local.toUpperCase()}\\` : m[3]!, fsType: 'smb', source: m[3]!, readOnly: false };
    if (status) entry.status = status;
    out.push(entry);
  }
  return out;
}
