/** Issues setup codes: a hashed single-use bootstrap token plus the URL a device should dial (SPEC §14). */
import { randomUUID } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { SETUP_CODE_TTL_MS } from '../../../src-shared/protocol/constants.ts';
import { encodeSetupCode } from '../../../src-shared/protocol/setup-code.ts';
import type { BootstrapProfile, BootstrapTokenRepo } from '../store/bootstrap-tokens.ts';
import { hashToken, newToken } from '../gateway/secrets.ts';

/** Turns an http(s) or ws(s) URL into the ws(s) URL a device connects to. */
export function toWsUrl(url: string): string {
  const u = new URL(url);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  if (u.protocol === 'https:') u.protocol = 'wss:';
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') throw new Error(`not a gateway URL: ${url}`);
  const s = u.toString();
  return u.pathname === '/' && !url.endsWith('/') ? s.replace(/\/$/, '') : s;
}

/** The first non-internal IPv4 address, used for setup codes of a LAN-bound gateway. */
export function firstLanAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

export function createSetupCodeIssuer(deps: {
  repo: BootstrapTokenRepo;
  clock: () => number;
  defaultUrl: () => { url: string; source: string };
  /** More addresses, best first (modules: tailnet, tunnel); loopback ones always go last. */
  moreUrls?: () => readonly string[];
}) {
  return (opts: { profile: BootstrapProfile; publicUrl?: string }) => {
    const now = deps.clock();
    deps.repo.purge(now);
    const token = newToken();
    const setupId = randomUUID();
    const expiresAtMs = now + SETUP_CODE_TTL_MS;
    const target = opts.publicUrl ? { url: toWsUrl(opts.publicUrl), source: 'publicUrl' } : deps.defaultUrl();
    deps.repo.put({ tokenHash: hashToken(token), setupId, profile: opts.profile, createdAtMs: now, expiresAtMs });
    const urls = orderSetupUrls(target.url, safeUrls(deps.moreUrls));
    const url = urls[0]!;
    return {
      setupId, setupCode: encodeSetupCode({ url, bootstrapToken: token, expiresAtMs, urls }), gatewayUrl: url, urls, expiresAtMs,
      urlSource: url === target.url ? target.source : 'reachable-addresses',
    };
  };
}

function safeUrls(more: (() => readonly string[]) | undefined): string[] {
  try {
    return more ? [...more()] : [];
  } catch {
    return [];
  }
}

function isLoopbackUrl(url: string): boolean {
  try {
    const h = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return h === 'localhost' || h === '::1' || /^127\./.test(h);
  } catch {
    return false;
  }
}

/**
 * The code's candidates: a configured public URL first, then the other addresses in their given
 * order (tailnet, tunnel, LAN — the remote module sorts them); the gateway's own loopback address
 * goes last, since it only works on the gateway machine itself.
 */
export function orderSetupUrls(primary: string, more: readonly string[]): string[] {
  const ordered = isLoopbackUrl(primary) ? [...more, primary] : [primary, ...more];
  const all: string[] = [];
  for (const u of ordered) if (!all.includes(u)) all.push(u);
  return all;
}
