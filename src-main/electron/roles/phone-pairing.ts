/**
 * The link (and QR code) a phone opens to join the gateway: the web UI's origin with a fresh
 * operator setup code in the fragment (`http://host:18789/#setup=<code>`), plus a warning when
 * the phone most likely cannot reach that address.
 */
import QRCode from 'qrcode';
import type { PhonePairing } from '../../../src-shared/ipc/types.ts';
import type { BindMode } from '../../core/config.ts';
import { urlHost } from '../../../src-shared/net/url-host.ts';

export interface PhoneUrlInput {
  /** Tailnet or tunnel URL from the config (any of http/https/ws/wss). */
  publicUrl?: string;
  bind: BindMode;
  /** Address the gateway actually listens on. */
  boundHost: string;
  port: number;
  /** A LAN IPv4 address of this machine, for `bind: lan`. */
  lanAddress?: string;
}

/** The phone's base URL (no code) and an optional reachability warning. */
export function phoneBaseUrl(i: PhoneUrlInput): { url: string; warning?: string } {
  if (i.publicUrl) {
    const u = new URL(i.publicUrl);
    const scheme = u.protocol === 'wss:' || u.protocol === 'https:' ? 'https:' : 'http:';
    return { url: `${scheme}//${u.host}/` };
  }
  if (i.bind === 'lan' && i.lanAddress) {
    return { url: `http://${i.lanAddress}:${i.port}/`, warning: 'This link works only on the home network. For access from anywhere, set a tailnet or tunnel URL as the public URL.' };
  }
  const loopback = i.boundHost === '127.0.0.1' || i.boundHost === '::1' || i.boundHost === 'localhost' || i.boundHost === '0.0.0.0';
  const host = i.boundHost === '0.0.0.0' ? (i.lanAddress ?? '127.0.0.1') : i.boundHost;
  const url = `http://${urlHost(host)}:${i.port}/`;
  if (loopback && i.bind === 'loopback') {
    return { url, warning: 'The gateway listens only on this machine, so a phone cannot open this link yet. Set a public URL (your tailnet or tunnel address): the Public URL field of the setup, or gateway.publicUrl in hearth.json.' };
  }
  return { url };
}

/** Full phone link with the setup code. */
export function phoneLink(base: string, setupCode: string): string {
  return `${base.replace(/#.*$/, '')}#setup=${encodeURIComponent(setupCode)}`;
}

/** Builds the pairing shown in the wizard and "Pair a device": link, QR (SVG) and expiry. */
export async function buildPhonePairing(i: PhoneUrlInput, code: { setupCode: string; expiresAtMs: number }): Promise<PhonePairing> {
  const base = phoneBaseUrl(i);
  const phoneUrl = phoneLink(base.url, code.setupCode);
  const qrSvg = await QRCode.toString(phoneUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  const p: PhonePairing = { phoneUrl, qrSvg, expiresAtMs: code.expiresAtMs };
  if (base.warning) p.warning = base.warning;
  return p;
}
