/**
 * The tunnel's persisted configuration (module setting `remote.tunnel`) and the checks that turn
 * user input (`hearth tunnel set …`) into it. Every refusal names the fix.
 */
import { isLoopbackAddress } from '../gateway/bind.ts';
import { urlHost } from '../../../src-shared/net/url-host.ts';

export interface TunnelConfig {
  user: string;
  host: string;
  /** The VPS's SSH port. */
  port: number;
  /** Private key file on the gateway machine (read at every connect, so rotating it needs no restart). */
  identityFile: string;
  /** The port the VPS listens on and forwards to the gateway. */
  remotePort: number;
  /** Where that port is bound on the VPS: loopback unless the user asked for a public bind. */
  remoteBind: string;
  /** Pinned host key, `SHA256:<base64>` as `ssh-keygen -lf` prints it. */
  hostKey: string;
  /** Whether the supervisor keeps it up (`hearth tunnel up|down`). */
  enabled: boolean;
}

export class TunnelConfigError extends Error {}

/** `USER@HOST[:PORT]`, also `USER@[v6addr]:PORT`. */
export function parseSshTarget(input: string): { user: string; host: string; port: number } {
  const m = /^([^@\s:]+)@(\[[0-9a-fA-F:.]+\]|[^@\s:[\]]+)(?::(\d+))?$/.exec(input.trim());
  if (!m) throw new TunnelConfigError(`--ssh "${input}" is not USER@HOST[:PORT]; e.g. --ssh vps-user@vps.example.org or --ssh me@203.0.113.7:2222`);
  const port = m[3] === undefined ? 22 : Number(m[3]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TunnelConfigError(`--ssh port ${m[3]} is out of range; use 1-65535`);
  const host = m[2]!.startsWith('[') ? m[2]!.slice(1, -1) : m[2]!;
  return { user: m[1]!, host, port };
}

export function parsePort(value: unknown, flag: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new TunnelConfigError(`${flag} ${String(value)} is not a port; use 1-65535`);
  return n;
}

/** Whether a remote bind exposes the port beyond the VPS itself. */
export function isPublicBind(bind: string): boolean {
  return !(bind === 'localhost' || isLoopbackAddress(bind));
}

/** Checks a remote bind: a public one needs auth on the gateway and an explicit `--public`. */
export function checkRemoteBind(bind: string, opts: { hasAuth: boolean; public: boolean }): void {
  if (!/^[0-9a-zA-Z.:*-]+$/.test(bind) || bind.length > 255) throw new TunnelConfigError(`--remote-bind "${bind}" is not an address; use 127.0.0.1 (default) or 0.0.0.0`);
  if (!isPublicBind(bind)) return;
  if (!opts.hasAuth) {
    throw new TunnelConfigError(`--remote-bind ${bind} would put the gateway on the internet without authentication; set a token first (\`hearth setup\` or --token), then pass --public`);
  }
  if (!opts.public) {
    throw new TunnelConfigError(`--remote-bind ${bind} exposes the gateway to anyone who can reach the VPS; pass --public to confirm (the VPS also needs \`GatewayPorts clientspecified\` in sshd_config), or keep the default 127.0.0.1 and reach it with \`ssh -N -L\``);
  }
}

/** Reads a stored config back, tolerating a hand-edited or older value. */
export function storedTunnelConfig(raw: unknown): TunnelConfig | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const str = (k: string) => (typeof r[k] === 'string' && r[k] !== '' ? (r[k] as string) : undefined);
  const num = (k: string) => (typeof r[k] === 'number' && Number.isInteger(r[k]) ? (r[k] as number) : undefined);
  const user = str('user'), host = str('host'), identityFile = str('identityFile'), hostKey = str('hostKey');
  if (!user || !host || !identityFile || !hostKey) return undefined;
  return {
    user, host, identityFile, hostKey,
    port: num('port') ?? 22,
    remotePort: num('remotePort') ?? 18789,
    remoteBind: str('remoteBind') ?? '127.0.0.1',
    enabled: r['enabled'] !== false,
  };
}

/** The URL a phone uses to reach the gateway over this tunnel, and the ssh command that makes it work. */
export function tunnelPhoneRoute(cfg: TunnelConfig): { phoneUrl: string; sshForwardCommand: string | null } {
  if (isPublicBind(cfg.remoteBind)) {
    const host = urlHost(cfg.host);
    return { phoneUrl: `http://${host}:${cfg.remotePort}`, sshForwardCommand: null };
  }
  const portFlag = cfg.port === 22 ? '' : ` -p ${cfg.port}`;
  return {
    phoneUrl: `http://127.0.0.1:${cfg.remotePort}`,
    sshForwardCommand: `ssh -N -L ${cfg.remotePort}:127.0.0.1:${cfg.remotePort}${portFlag} ${cfg.user}@${cfg.host}`,
  };
}
