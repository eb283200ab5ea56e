/**
 * `hearth security audit`: what in this state dir and config makes the home hub easier to break
 * into — each finding with a severity, what it means and the fix. Reads the config, the files'
 * modes and the database (read-only; works while the gateway runs). Safe fixes (file modes, a
 * stale device's removal after confirmation, loopback auto-approval off) are applied by `fix`.
 */
import Database from 'better-sqlite3';
import { chmodSync, existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { HearthConfig } from '../config.ts';
import { stateFiles } from '../paths.ts';

export type Severity = 'critical' | 'warning' | 'info';

export interface Finding {
  id: string;
  severity: Severity;
  title: string;
  /** What it means for the user. */
  detail: string;
  /** One line: what to do (or what `--fix` does). */
  fix: string;
  /** Applied by `--fix` without asking (modes) or after confirmation (removals). */
  autoFix?: { kind: 'chmod'; path: string; mode: number } | { kind: 'remove-device'; deviceId: string } | { kind: 'setting'; key: string; value: unknown };
}

const DAY = 86_400_000;

/** Rough strength of a secret in bits: length × log2 of the alphabet its characters come from. */
export function secretBits(s: string): number {
  let alphabet = 0;
  if (/[a-z]/.test(s)) alphabet += 26;
  if (/[A-Z]/.test(s)) alphabet += 26;
  if (/[0-9]/.test(s)) alphabet += 10;
  if (/[^a-zA-Z0-9]/.test(s)) alphabet += 32;
  // Repeated characters add little: count distinct ones beyond a few.
  const distinct = new Set(s).size;
  const len = Math.min(s.length, distinct * 2);
  return Math.round(len * Math.log2(Math.max(alphabet, 2)));
}

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (st.isFile()) out.push(p);
  }
  return out;
}

export interface AuditInput {
  stateDir: string;
  config: HearthConfig | undefined;
  env: NodeJS.ProcessEnv;
  now?: number;
  uid?: number;
}

export function runAudit(i: AuditInput): Finding[] {
  const now = i.now ?? Date.now();
  const f: Finding[] = [];
  const files = stateFiles(i.stateDir);
  const gw = i.config?.gateway;
  const token = i.env['HEARTH_GATEWAY_TOKEN'] || i.env['OPENCLAW_GATEWAY_TOKEN'] || gw?.auth.token;
  const password = i.env['HEARTH_GATEWAY_PASSWORD'] || gw?.auth.password;
  const exposed = gw !== undefined && gw.bind !== 'loopback';

  // Exposure and auth.
  if (exposed) {
    f.push({
      id: 'bind.beyond-loopback', severity: token || password ? 'warning' : 'critical', title: `the gateway listens beyond loopback (bind ${gw.bind})`,
      detail: 'anyone who can reach that address can try the token; the seed\'s design keeps the gateway on 127.0.0.1 and reaches it through a tailnet or SSH tunnel',
      fix: 'set gateway.bind to "loopback" in hearth.json (or drop --bind) and use `hearth tunnel` or your tailnet',
    });
  }
  if (!token && !password) {
    f.push({
      id: 'auth.none', severity: exposed ? 'critical' : 'warning', title: 'the gateway has no token or password',
      detail: 'any program on this machine — and anything a tunnel forwards — can operate the gateway as admin',
      fix: 'run `hearth setup` (writes a 256-bit token) and restart the gateway',
    });
  } else {
    const secret = (token ?? password)!;
    const bits = secretBits(secret);
    if (bits < 128) {
      f.push({
        id: 'auth.weak', severity: exposed ? 'critical' : 'warning', title: `the gateway ${token ? 'token' : 'password'} is weak (about ${bits} bits; 128 needed)`,
        detail: 'a short or simple secret can be guessed by anyone who can reach the port',
        fix: 'run `hearth setup --force` for a new 256-bit token, then update your nodes and phones',
      });
    }
  }
  if (typeof i.uid === 'number' && i.uid === 0) {
    f.push({
      id: 'process.root', severity: 'warning', title: 'Hearth is running as root',
      detail: 'a command run through a node, or a bug in the gateway, gets the whole machine',
      fix: 'run the gateway and nodes as an ordinary user (`hearth gateway install` installs a per-user service)',
    });
  }

  // File modes: everything in the state dir is owner-only.
  if (existsSync(i.stateDir)) {
    const mode = statSync(i.stateDir).mode & 0o777;
    if (mode & 0o077) {
      f.push({ id: 'files.state-dir', severity: 'warning', title: `the state directory is open to others (mode ${mode.toString(8)})`, detail: `${i.stateDir} holds the token, identities and the audit log`, fix: `chmod 700 ${i.stateDir}`, autoFix: { kind: 'chmod', path: i.stateDir, mode: 0o700 } });
    }
    for (const p of walk(i.stateDir)) {
      const m = statSync(p).mode & 0o777;
      if ((m & 0o077) === 0) continue;
      const secret = /hearth\.json$|\.env$|identity|telegram\.json$|\.sqlite|node-state\.json$|tunnel|\.key$/.test(p);
      f.push({
        id: `files.mode:${relative(i.stateDir, p)}`, severity: secret ? 'critical' : 'warning', title: `${relative(i.stateDir, p)} is readable by others (mode ${m.toString(8)})`,
        detail: secret ? 'it holds secrets (token, keys or device tokens): another user on this machine could take over the gateway' : 'state files are meant to be owner-only',
        fix: `chmod 600 ${p}`, autoFix: { kind: 'chmod', path: p, mode: 0o600 },
      });
    }
  }

  // What the database knows: tunnel, Telegram, devices, tokens, auto-approval.
  if (existsSync(files.database)) {
    const db = new Database(files.database, { readonly: true, fileMustExist: true });
    try {
      const table = (name: string) => !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
      const setting = <T>(key: string): T | undefined => {
        const r = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key);
        try { return r ? (JSON.parse(r.value) as T) : undefined; } catch { return undefined; }
      };
      const tunnel = setting<{ remoteBind?: string; enabled?: boolean } | null>('remote.tunnel');
      const publicBind = (b: string | undefined) => !!b && !['127.0.0.1', 'localhost', '::1'].includes(b);
      if (tunnel && publicBind(tunnel.remoteBind)) {
        f.push({
          id: 'tunnel.public-bind', severity: 'critical', title: `the SSH tunnel publishes the gateway on the VPS (remote bind ${tunnel.remoteBind})`,
          detail: 'anyone on the internet can reach the gateway port on the VPS and try the token',
          fix: 'run `hearth tunnel set … --remote-bind 127.0.0.1` and reach it with `ssh -N -L 18789:127.0.0.1:18789 vps`',
        });
      }
      const autoApprove = setting<boolean>('gateway.autoApproveLocal') ?? i.config?.gateway.autoApproveLocal ?? true;
      const forwards = !!tunnel || (gw?.trustedProxies?.length ?? 0) > 0;
      if (autoApprove && forwards) {
        f.push({
          id: 'pairing.auto-approve-with-forwarding', severity: 'warning', title: 'loopback auto-approval is on while a tunnel or proxy forwards remote traffic',
          detail: 'Hearth treats forwarded connections as remote, but a local proxy you add later may not say so; approving every loopback device is then approving the internet',
          fix: '`--fix` turns loopback auto-approval off (Settings → Approvals in the web UI turns it back on)',
          autoFix: { kind: 'setting', key: 'gateway.autoApproveLocal', value: false },
        });
      }
      if (existsSync(join(i.stateDir, 'telegram.json')) && table('telegram_owners')) {
        const owners = (db.prepare('SELECT count(*) AS n FROM telegram_owners').get() as { n: number }).n;
        if (owners === 0) {
          f.push({
            id: 'telegram.no-owner', severity: 'warning', title: 'the Telegram bot has no owner',
            detail: 'the bot answers strangers with pairing codes until someone is admitted; whoever you admit first controls the home',
            fix: 'message the bot yourself, then `hearth telegram approve CODE`; or `hearth telegram off`',
          });
        }
      }
      if (table('devices')) {
        const stale = db.prepare<[number], { device_id: string; display_name: string | null; last_seen_at_ms: number | null; approved_at_ms: number }>(
          'SELECT device_id, display_name, last_seen_at_ms, approved_at_ms FROM devices WHERE coalesce(last_seen_at_ms, approved_at_ms) < ?',
        ).all(now - 30 * DAY);
        for (const d of stale) {
          const days = Math.floor((now - (d.last_seen_at_ms ?? d.approved_at_ms)) / DAY);
          f.push({
            id: `devices.stale:${d.device_id}`, severity: 'warning', title: `${d.display_name ?? d.device_id.slice(0, 12)} has not been seen for ${days} days`,
            detail: 'a lost phone or an old laptop keeps its access until it is removed',
            fix: `\`hearth devices remove ${d.device_id.slice(0, 12)}\` (\`--fix\` asks first)`, autoFix: { kind: 'remove-device', deviceId: d.device_id },
          });
        }
      }
      if (table('device_tokens')) {
        const old = db.prepare<[number], { device_id: string; role: string; created_at_ms: number }>(
          'SELECT device_id, role, created_at_ms FROM device_tokens WHERE revoked_at_ms IS NULL AND rotated_at_ms IS NULL AND created_at_ms < ?',
        ).all(now - 180 * DAY);
        for (const t of old) {
          f.push({
            id: `tokens.never-rotated:${t.device_id}:${t.role}`, severity: 'info', title: `the ${t.role} token of ${t.device_id.slice(0, 12)} was never rotated (${Math.floor((now - t.created_at_ms) / DAY)} days old)`,
            detail: 'a long-lived token that leaked once stays valid', fix: `hearth devices rotate ${t.device_id.slice(0, 12)}`,
          });
        }
      }
    } finally {
      db.close();
    }
  }
  const order: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
  return f.sort((a, b) => order[a.severity] - order[b.severity]);
}

/** Applies a finding's safe fix; removals and settings go through the database. */
export function applyFix(stateDir: string, finding: Finding): string {
  const fix = finding.autoFix;
  if (!fix) return 'no automatic fix';
  if (fix.kind === 'chmod') {
    chmodSync(fix.path, fix.mode);
    return `chmod ${fix.mode.toString(8)} ${fix.path}`;
  }
  const db = new Database(stateFiles(stateDir).database, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 2000');
    db.pragma('foreign_keys = ON');
    if (fix.kind === 'remove-device') {
      db.prepare('DELETE FROM devices WHERE device_id = ?').run(fix.deviceId);
      return `removed device ${fix.deviceId.slice(0, 12)} (it must pair again)`;
    }
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(fix.key, JSON.stringify(fix.value));
    return `set ${fix.key} = ${JSON.stringify(fix.value)}`;
  } finally {
    db.close();
  }
}
