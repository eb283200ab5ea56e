/** Issues setup codes: a hashed single-use bootstrap token plus the URL a device should dial (SPEC §14). */
import { randomUUID } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { SETUP_CODE_TTL_MS } from '../../../src-shared/protocol/constants.ts';
import { encodeSetupCode } from '../../../src-shared/protocol/setup-code.ts';
import type { BootstrapProfile, BootstrapTokenRepo } from '../store/bootstrap-tokens.ts';
import { hashToken, newToken } from './secrets.ts';

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
}) {
  return (opts: { profile: BootstrapProfile; publicUrl?: string }) => {
    const now = deps.clock();
    deps.repo.purge(now);
    const token = newToken();
    const setupId = randomUUID();
    const expiresAtMs = now + SETUP_CODE_TTL_MS;
    const target = opts.publicUrl ? { url: toWsUrl(opts.publicUrl), source: 'publicUrl' } : deps.defaultUrl();
    deps.repo.put({ tokenHash: hashToken(token), setupId, profile: opts.profile, createdAtMs: now, expiresAtMs });
    return { setupId, setupCode: encodeSetupCode({ url: target.url, bootstrapToken: token, expiresAtMs }), gatewayUrl: target.url, expiresAtMs, urlSource: target.source };
  };
}
