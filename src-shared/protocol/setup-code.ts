/**
 * Setup codes: unpadded base64url of `{url, bootstrapToken, expiresAtMs}` (SPEC §14), plus Hearth's
 * optional `urls`: every address the gateway is reachable at, best first (tailnet, tunnel/VPS, LAN;
 * loopback last). `url` is always `urls[0]`, so clients that know only `url` keep working.
 */
import { decodeTextBase64Url, encodeTextBase64Url } from './base64url.ts';

export interface SetupCodePayload {
  url: string;
  bootstrapToken: string;
  expiresAtMs: number;
  /** Ordered candidates, `url` first; absent in codes from gateways that know one address. */
  urls?: string[];
}

/** At most this many candidate URLs travel in a code (it must still fit a QR code). */
export const MAX_SETUP_URLS = 8;

export function encodeSetupCode(p: SetupCodePayload): string {
  const urls = p.urls ? [p.url, ...p.urls.filter((u) => u !== p.url)].slice(0, MAX_SETUP_URLS) : undefined;
  const body: Record<string, unknown> = { url: p.url, bootstrapToken: p.bootstrapToken, expiresAtMs: p.expiresAtMs };
  if (urls && urls.length > 1) body['urls'] = urls;
  return encodeTextBase64Url(JSON.stringify(body));
}

/** The URLs to try, in order: `urls` when the code has them, else `url`. */
export function setupCodeUrls(p: SetupCodePayload): string[] {
  return p.urls && p.urls.length > 0 ? p.urls : [p.url];
}

/**
 * Decodes a setup code, also in its `oc-pair://<code>` URL form and as the `#setup=<code>`
 * fragment of a web UI link. Returns undefined when it is not a setup code.
 */
export function decodeSetupCode(input: string): SetupCodePayload | undefined {
  let code = input.trim();
  if (code.startsWith('oc-pair://')) code = code.slice('oc-pair://'.length).replace(/[/?#].*$/, '');
  const frag = /#setup=([^&]+)/.exec(code);
  if (frag) code = decodeURIComponent(frag[1]!);
  const text = decodeTextBase64Url(code);
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v['url'] !== 'string' || typeof v['bootstrapToken'] !== 'string' || typeof v['expiresAtMs'] !== 'number') return undefined;
  const out: SetupCodePayload = { url: v['url'], bootstrapToken: v['bootstrapToken'], expiresAtMs: v['expiresAtMs'] };
  if (Array.isArray(v['urls'])) {
    const urls = v['urls'].filter((u): u is string => typeof u === 'string' && /^wss?:\/\/[^\s]+$/.test(u)).slice(0, MAX_SETUP_URLS);
    if (urls.length > 0) out.urls = urls.includes(out.url) ? urls : [out.url, ...urls];
  }
  return out;
}
