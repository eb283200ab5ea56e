/**
 * The node's own exec policy (set on the node, never by the gateway): `deny` refuses every
 * `system.run`, `allowlist` admits only listed programs, `ask` admits listed programs and asks the
 * gateway's operators about the rest, `full` admits everything. Pure, so every decision is unit-tested.
 */
import type { ExecSecurity } from '../../config.ts';

export interface ExecPolicy {
  security: ExecSecurity;
  allowlist: string[];
  /** Exact runs an operator chose "Always allow" for (argv and cwd as approved). */
  approvedRuns?: readonly ApprovedRun[];
}

export interface ApprovedRun {
  argv: readonly string[];
  cwd?: string | undefined;
}

/** `ask: true` means: not admitted by itself, but an operator may approve it (security `ask`). */
export type ExecDecision = { allowed: true } | { allowed: false; message: string; ask?: true };

export interface ExecRequestInfo {
  /** argv as requested; argv[0] is the program. */
  argv: readonly string[];
  /** argv[0] resolved to an absolute path (PATH lookup or relative to cwd), when found. */
  resolvedPath?: string | undefined;
  /** Windows compares names case-insensitively. */
  platform?: NodeJS.Platform;
  /** Working directory as requested (approved runs bind it). */
  cwd?: string | undefined;
}

/** Decides whether a `system.run` may execute under `policy`. */
export function decideExec(policy: ExecPolicy, req: ExecRequestInfo): ExecDecision {
  if (policy.security === 'full') return { allowed: true };
  const argv0 = req.argv[0] ?? '';
  if (policy.security === 'allowlist' || policy.security === 'ask') {
    if (policy.allowlist.some((entry) => allowlistEntryMatches(entry, argv0, req.resolvedPath, req.platform))) return { allowed: true };
    if ((policy.approvedRuns ?? []).some((r) => sameRun(r, req.argv, req.cwd))) return { allowed: true };
  }
  if (policy.security === 'ask') return { allowed: false, ask: true, message: `${req.argv[0] ?? ''} is outside this node's allowlist; waiting for an operator's approval` };
  return { allowed: false, message: deniedMessage(policy.security, req.argv) };
}

/** An approved run admits exactly its argv in exactly its cwd (no cwd approved means none given). */
export function sameRun(run: ApprovedRun, argv: readonly string[], cwd: string | undefined): boolean {
  return run.argv.length === argv.length && run.argv.every((a, i) => a === argv[i]) && (run.cwd ?? '') === (cwd ?? '');
}

/** The message the operator sees, naming the policy and how to change it. */
export function deniedMessage(security: ExecSecurity, argv: readonly string[]): string {
  const shown = `${argv[0] ?? ''}${argv.length > 1 ? ' …' : ''}`;
  return `exec denied by this node's policy (${security}): ${shown} — change it with \`hearth node run --exec full\` or in the node window`;
}

/**
 * One allowlist entry against a program:
 * - a bare name (`git`) matches argv[0] spelled exactly so (the program then comes from PATH);
 * - an absolute path (`/usr/bin/git`) matches argv[0] or its resolved path;
 * - `*` matches within one path segment, `**` across segments (`/usr/bin/*`, `py*`).
 * A bare name never admits an arbitrary path that merely ends in that name.
 */
export function allowlistEntryMatches(entry: string, argv0: string, resolvedPath?: string, platform: NodeJS.Platform = process.platform): boolean {
  const pattern = entry.trim();
  if (pattern === '' || argv0 === '') return false;
  const fold = platform === 'win32' ? (s: string) => s.toLowerCase().replace(/\\/g, '/') : (s: string) => s;
  const candidates = [argv0, resolvedPath].filter((c): c is string => typeof c === 'string' && c !== '').map(fold);
  const p = fold(pattern);
  if (!p.includes('*')) return candidates.includes(p);
  const re = globToRegExp(p);
  return candidates.some((c) => re.test(c));
}

function globToRegExp(glob: string): RegExp {
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        src += '.*';
        i++;
      } else {
        src += '[^/]*';
      }
    } else {
      src += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${src}$`);
}
