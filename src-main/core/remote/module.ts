/**
 * The `remote` feature module: the supervised SSH reverse tunnel to the VPS (scheme B), its
 * methods (`hearth.tunnel.*`), its state event, alerts and health; the network view
 * (`hearth.net.status`, scheme A) lives in net-methods.ts.
 */
import { fsAsync } from '../fs-async.ts';
import { isAbsolute } from 'node:path';
import { DetailCode, ErrorCode, ProtocolError } from '../../../src-shared/protocol/errors.ts';
import { defineMethods } from '../modules/define-method.ts';
import type { AlertBus, FeatureModule, ModuleContext, ModuleHealth } from '../modules/types.ts';
import { normalizeFingerprint } from './host-key.ts';
import { composeNetStatus, detectNet, netMethods, type NetDetection } from './net-methods.ts';
import {
  TunnelConfigError, checkRemoteBind, isPublicBind, parsePort, parseSshTarget, storedTunnelConfig, tunnelPhoneRoute, type TunnelConfig,
} from './tunnel-config.ts';
import { probeSsh } from './tunnel-probe.ts';
import { TunnelSupervisor, type TunnelStatus } from './tunnel-supervisor.ts';
import type { TunnelStatusPayload } from '../../../src-shared/protocol/contract/remote.ts';

const SETTING = 'tunnel';
/** How often Tailscale and WireGuard are re-detected (each run spawns `tailscale` and `wg` once). */
const NET_REFRESH_MS = 60_000;
/** How long the tunnel may be down before the `tunnel.down` alert. */
export const TUNNEL_DOWN_ALERT_MS = 60_000;

export const ALERT_KEYS = { down: 'tunnel.down', hostKey: 'tunnel.host-key', auth: 'tunnel.auth' } as const;

export type { TunnelStatusPayload };

function invalid(message: string, details?: Record<string, unknown>): ProtocolError {
  return new ProtocolError({ code: ErrorCode.INVALID_REQUEST, message, ...(details ? { details } : {}) });
}

/** Raises and clears the tunnel's alerts from its state changes. */
class TunnelAlerts {
  private downTimer: NodeJS.Timeout | undefined;
  private readonly alerts: AlertBus;
  private readonly clock: () => number;
  constructor(alerts: AlertBus, clock: () => number) {
    this.alerts = alerts;
    this.clock = clock;
  }

  update(s: TunnelStatus, enabled: boolean): void {
    const host = s.ssh?.host ?? 'the VPS';
    if (s.state === 'host-key-mismatch') {
      this.alerts.raise({ key: ALERT_KEYS.hostKey, source: 'remote', severity: 'critical', message: `The SSH host key of ${host} changed; the tunnel is stopped. ${s.lastError ?? ''}`.trim(), details: { presented: s.presentedHostKey, pinned: s.ssh?.hostKey } });
    } else if (s.state === 'up' || !enabled) this.alerts.clear(ALERT_KEYS.hostKey);
    if (s.state === 'auth-failed') {
      this.alerts.raise({ key: ALERT_KEYS.auth, source: 'remote', severity: 'critical', message: `The tunnel cannot log in to ${host}: ${s.lastError ?? 'authentication failed'}` });
    } else if (s.state === 'up' || !enabled) this.alerts.clear(ALERT_KEYS.auth);
    if (s.state === 'up' || !enabled) {
      this.cancelDown();
      this.alerts.clear(ALERT_KEYS.down);
    } else if (!this.downTimer) {
      const wentDown = s.since;
      const wait = Math.max(0, TUNNEL_DOWN_ALERT_MS - (this.clock() - wentDown));
      this.downTimer = setTimeout(() => {
        this.downTimer = undefined;
        const now = this.latest?.();
        if (!now || now.state === 'up') return;
        this.alerts.raise({ key: ALERT_KEYS.down, source: 'remote', severity: 'warning', message: `The tunnel to ${host} has been down for over ${TUNNEL_DOWN_ALERT_MS / 1000} s: ${now.lastError ?? now.state}`, details: { state: now.state } });
      }, wait);
      this.downTimer.unref();
    }
  }

  latest: (() => TunnelStatus) | undefined;

  cancelDown(): void {
    if (this.downTimer) clearTimeout(this.downTimer);
    this.downTimer = undefined;
  }
}

export function createRemoteModule(): FeatureModule {
  let ctx: ModuleContext | undefined;
  let supervisor: TunnelSupervisor | undefined;
  let cfg: TunnelConfig | undefined;
  let alerts: TunnelAlerts | undefined;

  let detection: NetDetection | undefined;
  let detecting: Promise<NetDetection> | undefined;
  let netTimer: NodeJS.Timeout | undefined;

  const netSources = () => ({ ctx: need().ctx, tunnel: cfg ? { cfg, status: need().supervisor.status() } : undefined });
  /** Re-detects Tailscale and WireGuard (one run at a time; callers share it). */
  const refreshNet = (): Promise<NetDetection> => {
    detecting ??= detectNet().then((d) => {
      detection = d;
      if (d.tailscale.dnsName) ctx?.gw.hostAllowlist.add(d.tailscale.dnsName);
      ctx?.gw.peerPaths.setWireguardCidrs(d.wireguard.interfaces.flatMap((i) => i.addresses));
      return d;
    }).finally(() => { detecting = undefined; });
    return detecting;
  };

  const need = (): { ctx: ModuleContext; supervisor: TunnelSupervisor } => {
    if (!ctx || !supervisor) throw new ProtocolError({ code: ErrorCode.UNAVAILABLE, message: 'the remote-access module is not running; restart the gateway' });
    return { ctx, supervisor };
  };

  const statusPayload = (): TunnelStatusPayload => {
    const s = need().supervisor.status();
    const route = cfg ? tunnelPhoneRoute(cfg) : undefined;
    return {
      ...s, configured: cfg !== undefined, enabled: cfg?.enabled ?? false, publicBind: cfg ? isPublicBind(cfg.remoteBind) : false,
      phoneUrl: route?.phoneUrl ?? null, sshForwardCommand: route?.sshForwardCommand ?? null,
    };
  };

  /** The tunnel's names are this gateway's names too (DNS-rebinding allowlist): the VPS host and the phone URL. */
  const allowTunnelHosts = (c: ModuleContext, prev: TunnelConfig | undefined, next: TunnelConfig | undefined) => {
    if (prev && prev.host !== next?.host) c.gw.hostAllowlist.delete(prev.host);
    if (next) {
      c.gw.hostAllowlist.add(next.host);
      c.gw.hostAllowlist.add(tunnelPhoneRoute(next).phoneUrl);
    }
  };

  const save = (next: TunnelConfig | undefined) => {
    const { ctx: c, supervisor: sup } = need();
    allowTunnelHosts(c, cfg, next);
    cfg = next;
    c.settings.set(SETTING, next ?? null);
    sup.configure(next);
  };

  /** Waits briefly for a fresh connection attempt to settle, so CLI answers show its outcome. */
  const settle = async (timeoutMs: number): Promise<TunnelStatusPayload> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const st = need().supervisor.status().state;
      if (st !== 'connecting') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return statusPayload();
  };

  const methods = defineMethods({
    'hearth.tunnel.status': {
      role: 'operator', scope: 'operator.read',
      handler: () => statusPayload(),
    },
    'hearth.tunnel.set': {
      role: 'operator', scope: 'operator.admin',
      handler: async (p) => {
        const { ctx: c } = need();
        let target: ReturnType<typeof parseSshTarget>;
        let remotePort: number;
        const remoteBind = p.remoteBind ?? '127.0.0.1';
        try {
          target = parseSshTarget(p.ssh);
          remotePort = parsePort(p.remotePort ?? 18789, '--remote-port');
          checkRemoteBind(remoteBind, { hasAuth: c.gw.authMode !== 'none', public: p.public === true });
        } catch (err) {
          if (err instanceof TunnelConfigError) throw invalid(err.message);
          throw err;
        }
        if (!isAbsolute(p.identity)) throw invalid(`--identity ${p.identity} must be an absolute path on the gateway machine`);
        try {
          await fsAsync().access(p.identity, fsAsync().constants.R_OK);
        } catch {
          throw invalid(`the gateway cannot read the identity file ${p.identity}; check the path and that the gateway's user may read it`);
        }
        let hostKey: string;
        if (p.hostKey !== undefined) {
          const fp = normalizeFingerprint(p.hostKey);
          if (!fp) throw invalid(`--host-key "${p.hostKey}" is not a SHA256 fingerprint; copy it from \`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub\` on the VPS (SHA256:…)`);
          hostKey = fp;
        } else {
          const probe = await probeSsh({ ...target }, { timeoutMs: 15_000 });
          if (!probe.hostKey) throw invalid(`cannot read the host key of ${target.host}:${target.port}: ${probe.error ?? 'no SSH answer'}; check --ssh and that the VPS is reachable`);
          if (!p.acceptHostKey) {
            throw invalid(
              `the VPS ${target.host} presented host key ${probe.hostKey}; compare it with \`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub\` on the VPS, then re-run with --accept-host-key (or --host-key ${probe.hostKey})`,
              { code: DetailCode.HOST_KEY_UNCONFIRMED, hostKey: probe.hostKey },
            );
          }
          hostKey = probe.hostKey;
        }
        save({ ...target, identityFile: p.identity, remotePort, remoteBind, hostKey, enabled: true });
        c.log.info('tunnel configured', { host: target.host, port: target.port, user: target.user, remotePort, remoteBind, hostKey });
        return settle(p.waitMs ?? 10_000);
      },
    },
    'hearth.tunnel.up': {
      role: 'operator', scope: 'operator.admin',
      handler: async (p) => {
        if (!cfg) throw invalid('no tunnel is configured; run `hearth tunnel set --ssh USER@HOST --identity KEYFILE` first');
        if (cfg.enabled) need().supervisor.retryNow();
        else save({ ...cfg, enabled: true });
        return settle(p.waitMs ?? 10_000);
      },
    },
    'hearth.tunnel.down': {
      role: 'operator', scope: 'operator.admin',
      handler: () => {
        if (!cfg) throw invalid('no tunnel is configured; nothing to stop');
        save({ ...cfg, enabled: false });
        return statusPayload();
      },
    },
    'hearth.tunnel.test': {
      role: 'operator', scope: 'operator.read',
      handler: async () => {
        if (!cfg) throw invalid('no tunnel is configured; run `hearth tunnel set --ssh USER@HOST --identity KEYFILE` first');
        const live = need().supervisor.status();
        const probe = await probeSsh(
          { user: cfg.user, host: cfg.host, port: cfg.port, identityFile: cfg.identityFile, hostKey: cfg.hostKey, remoteBind: cfg.remoteBind, remotePort: cfg.remotePort },
          // While the tunnel holds the port, a second listen would fail; the live state answers that part.
          { tryForward: live.state !== 'up' },
        );
        const forwardOk = live.state === 'up' ? true : probe.forwardOk;
        const ok = probe.reachable && probe.hostKeyMatches === true && probe.authOk === true && forwardOk === true;
        return { ok, ...probe, forwardOk, tunnelState: live.state, rttMs: live.rttMs };
      },
    },
    ...netMethods(netSources, refreshNet),
  });

  return {
    name: 'remote',
    methods,
    alertSources: [
      { prefix: ALERT_KEYS.down, severity: 'warning', description: `the SSH tunnel to the VPS has been down for over ${TUNNEL_DOWN_ALERT_MS / 1000} s; clears when it is up` },
      { prefix: ALERT_KEYS.hostKey, severity: 'critical', description: "the VPS's SSH host key changed; the tunnel stays stopped until the new key is pinned" },
      { prefix: ALERT_KEYS.auth, severity: 'critical', description: 'the tunnel cannot log in to the VPS; fix the identity file or the authorized key' },
    ],
    events: { 'hearth.tunnel.state': { operators: 'operator.read', nodes: false } },
    start(c) {
      ctx = c;
      const clock = c.gw.clock;
      alerts = new TunnelAlerts(c.alerts, clock);
      supervisor = new TunnelSupervisor({
        log: c.log, clock,
        onStream: (stream, info, conf) => c.gw.acceptTunnelStream(stream, { via: 'ssh-tunnel', vps: conf.host, srcIp: info.srcIP, srcPort: info.srcPort }),
        onChange: (s) => {
          alerts?.update(s, cfg?.enabled ?? false);
          c.gw.events.broadcast('hearth.tunnel.state', { state: s.state, since: s.since, lastError: s.lastError, rttMs: s.rttMs, reconnects: s.reconnects });
        },
      });
      alerts.latest = () => supervisor!.status();
      // Setup codes carry every reachable address (tailnet, tunnel, LAN), from the last detection.
      c.gw.setupUrlProviders.push(() => (ctx ? composeNetStatus(netSources(), detection).urls : []));
      // Detection spawns `tailscale` and reads WireGuard interfaces: once the gateway serves. Until
      // the first one ends, a request for a name it may learn (MagicDNS) waits for it.
      let firstDone: () => void = () => {};
      c.gw.hostAllowlist.learn(new Promise<void>((resolve) => { firstDone = resolve; }));
      c.whenServing(() => void refreshNet().catch(() => undefined).finally(firstDone));
      netTimer = setInterval(() => void refreshNet().catch(() => undefined), NET_REFRESH_MS);
      netTimer.unref();
      cfg = storedTunnelConfig(c.settings.get<unknown>(SETTING, null));
      allowTunnelHosts(c, undefined, cfg);
      if (cfg) supervisor.configure(cfg);
    },
    stop() {
      if (netTimer) clearInterval(netTimer);
      alerts?.cancelDown();
      supervisor?.stop();
      supervisor = undefined;
      ctx = undefined;
    },
    health(): ModuleHealth {
      if (!supervisor) return { state: 'disabled', summary: 'remote access not running' };
      const s = supervisor.status();
      const warnings: string[] = [];
      if (cfg && isPublicBind(cfg.remoteBind)) {
        warnings.push(`the tunnel exposes the gateway on ${cfg.remoteBind}:${cfg.remotePort} of ${cfg.host} to anyone who reaches the VPS; keep a strong token, or rebind with \`hearth tunnel set … --remote-bind 127.0.0.1\``);
      }
      if (!cfg) return { state: 'disabled', summary: 'no tunnel configured', warnings };
      if (!cfg.enabled) return { state: 'disabled', summary: `tunnel to ${cfg.host} is off (\`hearth tunnel up\`)`, tunnel: s.state, tunnelHost: cfg.host, warnings };
      const where = `${cfg.user}@${cfg.host} ${cfg.remoteBind}:${cfg.remotePort}`;
      if (s.state === 'up') return { state: 'ok', summary: `tunnel up to ${where}${s.rttMs !== null ? `, RTT ${s.rttMs} ms` : ''}`, tunnel: s.state, tunnelHost: cfg.host, rttMs: s.rttMs, warnings };
      warnings.push(`tunnel ${s.state}: ${s.lastError ?? ''}`.trim());
      const hard = s.state === 'auth-failed' || s.state === 'host-key-mismatch';
      return { state: hard ? 'down' : 'degraded', summary: `tunnel ${s.state} (${where})`, tunnel: s.state, tunnelHost: cfg.host, warnings };
    },
  };
}
