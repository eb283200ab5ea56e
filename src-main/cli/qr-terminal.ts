/** Terminal QR codes (qrcode is loaded only by the commands that draw one) and phone setup links. */
import { networkInterfaces } from 'node:os';
import type { TerminalArt } from './io.ts';

/** Renders `text` as a compact QR made of half-block characters (colour escapes: printed as they are). */
export async function terminalQr(text: string): Promise<TerminalArt> {
  const QRCode = (await import('qrcode')).default;
  return { art: (await QRCode.toString(text, { type: 'terminal', small: true, errorCorrectionLevel: 'L' })).trimEnd() };
}

/** A LAN address to show instead of 0.0.0.0 / :: (phones cannot dial the wildcard). */
function lanAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

/**
 * The link a phone opens to pair: the web UI of the gateway at `gatewayUrl` (ws/wss) with the
 * setup code in the fragment, which browsers never send to servers.
 */
export function phoneSetupLink(gatewayUrl: string, setupCode: string): string {
  const u = new URL(gatewayUrl);
  u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
  if (u.hostname === '0.0.0.0' || u.hostname === '[::]') u.hostname = lanAddress() ?? u.hostname;
  return `${u.protocol}//${u.host}/#setup=${encodeURIComponent(setupCode)}`;
}
