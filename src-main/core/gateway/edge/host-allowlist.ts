/**
 * DNS-rebinding defence: the `Host` header of every upgrade and every HTTP request that returns
 * data must name this gateway. A rebinding page runs under the attacker's domain, so its requests
 * carry that domain in `Host` even though they reach our address; refusing unknown names stops it.
 *
 * Allowed: loopback names (`localhost`, `*.localhost`) and addresses, the bound address (for a
 * wildcard bind: every address of this machine, its hostname and `<hostname>.local`), the hosts of
 * the configured public URL and allowed origins, `gateway.allowedHosts`, and whatever modules add
 * at run time (a tunnel or tailnet module adds its public name with `add`).
 */
import { ipFamily } from '../../net/ip-family.ts';
import { hostname as osHostname, networkInterfaces } from 'node:os';
import { urlHost } from '../../../../src-shared/net/url-host.ts';

const INTERFACE_CACHE_MS = 5_000;

/** Longest a request (or a setup code) waits for a running detection (`learn`) to name a host. */
export const HOST_LEARN_WAIT_MS = 3_000;

/** `Host` header value → lower-case host without port, brackets or trailing dot; undefined if malformed. */
export function hostOfHeader(header: string): string | undefined {
  const h = header.trim().toLowerCase();
  if (h === '') return undefined;
  let host: string;
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    if (end < 0) return undefined;
    host = h.slice(1, end);
    const rest = h.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return undefined;
    return ipFamily(host.split('%')[0]!) === 6 ? host.split('%')[0]! : undefined;
  }
  const colon = h.lastIndexOf(':');
  if (colon >= 0) {
    if (!/^\d{1,5}$/.test(h.slice(colon + 1))) return undefined;
    host = h.slice(0, colon);
  } else {
    host = h;
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (!/^[a-z0-9._-]+$/.test(host)) return undefined;
  return host;
}

/** Host part of a URL or bare host[:port] as configured by a user; undefined when it has none. */
export function hostOfConfigured(value: string): string | undefined {
  const v = value.trim();
  if (v === '' || v === '*') return undefined;
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `http://${v}`);
    return hostOfHeader(u.host);
  } catch {
    return undefined;
  }
}

function isLoopbackName(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  if (host.startsWith('::ffff:')) return /^127\./.test(host.slice(7));
  return ipFamily(host) === 4 && host.startsWith('127.');
}

export interface HostAllowlistInit {
  /** The address the gateway listens on (`0.0.0.0` / `::` mean every address of this machine). */
  boundHost: string;
  publicUrl?: string;
  allowedOrigins?: readonly string[];
  allowedHosts?: readonly string[];
  clock?: () => number;
}

export class HostAllowlist {
  /** The bound address and what modules added at run time. */
  private readonly extra = new Set<string>();
  /** From the config (public URL, allowed origins, allowedHosts): replaced as a whole on a reload. */
  private configured = new Set<string>();
  private readonly wildcard: boolean;
  private machine: { at: number; names: Set<string> } | undefined;
  private readonly clock: () => number;
  /** Detections still running that may add hosts (a module's first look for its tailnet name). */
  private readonly learning = new Set<Promise<void>>();

  constructor(init: HostAllowlistInit) {
    this.clock = init.clock ?? Date.now;
    this.wildcard = init.boundHost === '0.0.0.0' || init.boundHost === '::';
    const bound = hostOfConfigured(urlHost(init.boundHost));
    if (bound && !this.wildcard) this.extra.add(bound);
    this.setConfigured(init);
  }

  /** Replaces the hosts that come from the config (a reload of hearth.json); module additions stay. */
  setConfigured(c: Pick<HostAllowlistInit, 'publicUrl' | 'allowedOrigins' | 'allowedHosts'>): void {
    const next = new Set<string>();
    for (const v of [...(c.publicUrl ? [c.publicUrl] : []), ...(c.allowedOrigins ?? []), ...(c.allowedHosts ?? [])]) {
      const h = hostOfConfigured(v);
      if (h) next.add(h);
    }
    this.configured = next;
  }

  /**
   * Allows one more host (a name, an address, or a URL whose host is taken). Returns the host
   * added, or undefined when the value names no host. For modules: `gw.hostAllowlist.add(url)`.
   */
  add(value: string): string | undefined {
    const h = hostOfConfigured(value);
    if (h) this.extra.add(h);
    return h;
  }

  delete(value: string): void {
    const h = hostOfConfigured(value);
    if (h) this.extra.delete(h);
  }

  /**
   * Registers a detection that may add hosts when it ends (the first Tailscale look-up learns the
   * MagicDNS name). Until it settles, a request for a host not yet on the list can wait for it
   * ({@link settling}) instead of being refused: a phone reconnecting by that name right after a
   * gateway restart must not be turned away.
   */
  learn(detection: Promise<unknown>): void {
    const p: Promise<void> = detection.then(() => undefined, () => undefined).finally(() => this.learning.delete(p));
    this.learning.add(p);
  }

  /**
   * Settles when the registered detections have ended, or after `maxWaitMs` (a detection that
   * hangs must not hold requests); undefined when none is running.
   */
  settling(maxWaitMs = HOST_LEARN_WAIT_MS): Promise<void> | undefined {
    if (this.learning.size === 0) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const capped = new Promise<void>((resolve) => { timer = setTimeout(resolve, maxWaitMs).unref(); });
    return Promise.race([Promise.all(this.learning), capped]).then(() => clearTimeout(timer));
  }

  /** The explicitly allowed hosts (besides loopback and this machine's own addresses). */
  list(): string[] {
    return [...new Set([...this.configured, ...this.extra])];
  }

  /**
   * True when a request with this `Host` header may proceed. A request without the header comes
   * from no browser (HTTP/1.1 browsers always send it) and cannot be a rebinding attack.
   */
  allows(header: string | undefined): boolean {
    if (header === undefined) return true;
    const host = hostOfHeader(header);
    if (host === undefined) return false;
    if (isLoopbackName(host) || this.extra.has(host) || this.configured.has(host)) return true;
    return this.wildcard && this.machineNames().has(host);
  }

  private machineNames(): Set<string> {
    const now = this.clock();
    if (this.machine && now - this.machine.at < INTERFACE_CACHE_MS) return this.machine.names;
    const names = new Set<string>();
    try {
      for (const list of Object.values(networkInterfaces())) {
        for (const a of list ?? []) names.add(a.address.toLowerCase().split('%')[0]!);
      }
      const h = osHostname().toLowerCase();
      if (h) {
        names.add(h);
        names.add(`${h}.local`);
        if (!h.includes('.')) names.add(`${h}.lan`);
      }
    } catch {
      /* interface enumeration failed: only the explicit list applies */
    }
    this.machine = { at: now, names };
    return names;
  }
}

/** The body of a refused request: what happened and the settings that fix it. */
export function hostRefusalMessage(header: string | undefined): string {
  const shown = (header ?? '').slice(0, 200).replace(/[^\x20-\x7e]/g, '?');
  const host = hostOfHeader(header ?? '') ?? shown;
  return `Hearth refused this request: the address "${shown}" in the Host header is not one this gateway answers to ` +
    '(protection against DNS rebinding). If you reach the gateway under this name, add it: start it with ' +
    `\`hearth gateway --public-url http://${host}:PORT\` or \`--allowed-hosts ${host}\`, or add "${host}" to gateway.allowedHosts in hearth.json (a running gateway picks that up when the file is saved).\n`;
}
