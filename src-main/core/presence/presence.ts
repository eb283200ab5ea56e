/** The presence list (SPEC §10.4): the gateway itself, connected nodes and UI clients, recent departures. */
import { hostname, platform, release } from 'node:os';
import type { PresenceEntry } from '../../../src-shared/protocol/types.ts';
import type { Session } from '../gateway/session.ts';

const DEPARTED_KEEP_MS = 10 * 60_000;

export class Presence {
  private readonly entries = new Map<string, PresenceEntry>();
  private readonly self: PresenceEntry;
  private readonly clock: () => number;

  constructor(opts: { version: string; ip: string; instanceId: string; clock: () => number }) {
    this.clock = opts.clock;
    const host = hostname();
    this.self = {
      host, ip: opts.ip, version: opts.version, platform: `${platform()} ${release()}`, mode: 'gateway', reason: 'self',
      instanceId: opts.instanceId, text: `Gateway: ${host} (${opts.ip}) · app ${opts.version} · mode gateway · reason self`, ts: opts.clock(),
    };
  }

  /** Whether a session shows up in presence: nodes and device-bearing clients, not one-shot CLI calls. */
  static tracks(s: Session): boolean {
    return s.role === 'node' || (s.deviceId !== undefined && s.client.mode !== 'cli' && s.client.mode !== 'probe');
  }

  private key(s: Session): string {
    return s.deviceId ?? s.client.instanceId ?? s.connId;
  }

  upsert(s: Session, reason: 'connect' | 'disconnect'): void {
    const name = s.client.displayName ?? s.client.id;
    const entry: PresenceEntry = {
      host: name, clientId: s.client.id, ip: s.remoteIp, version: s.client.version, platform: s.client.platform,
      mode: s.client.mode, roles: [s.role], reason, ts: this.clock(), instanceId: s.deviceId ?? s.client.instanceId ?? s.connId,
      text: `${s.role === 'node' ? 'Node' : 'Client'}: ${name} · mode ${s.client.mode}`,
    };
    if (s.client.deviceFamily) entry.deviceFamily = s.client.deviceFamily;
    if (s.deviceId) entry.deviceId = s.deviceId;
    if (s.role === 'operator') entry.scopes = s.scopes;
    this.entries.set(this.key(s), entry);
  }

  list(): PresenceEntry[] {
    const now = this.clock();
    for (const [k, e] of this.entries) if (e.reason === 'disconnect' && now - e.ts > DEPARTED_KEEP_MS) this.entries.delete(k);
    return [{ ...this.self, ts: now }, ...this.entries.values()];
  }
}
