/** How this UI introduces itself in `connect` (SPEC §4.2): the Control UI's id, mode `ui`, role operator. */
import type { ClientInfo } from '../../src-shared/protocol/schemas.ts';

/** The UI's version, reported to the gateway. */
export const UI_VERSION = '0.1.0';

/** Scopes the UI asks for on first login; a stored device token carries its own granted list. */
export const UI_SCOPES = ['operator.admin', 'operator.read', 'operator.write', 'operator.pairing', 'operator.approvals'];

interface NavigatorLike {
  userAgent?: string;
  platform?: string;
  userAgentData?: { platform?: string; mobile?: boolean };
}

/** Coarse platform and family from the browser, e.g. `android` / `phone`. */
export function describeBrowser(nav: NavigatorLike | undefined): { platform: string; family: string; label: string } {
  const ua = nav?.userAgent ?? '';
  const raw = nav?.userAgentData?.platform || nav?.platform || '';
  let platform = 'web';
  if (/android/i.test(ua)) platform = 'android';
  else if (/iphone|ipad|ipod/i.test(ua)) platform = 'ios';
  else if (/mac/i.test(raw) || /mac os/i.test(ua)) platform = 'macos';
  else if (/win/i.test(raw)) platform = 'windows';
  else if (/linux/i.test(raw) || /linux/i.test(ua)) platform = 'linux';
  const mobile = nav?.userAgentData?.mobile ?? /mobi|iphone|android/i.test(ua);
  const family = mobile ? 'phone' : 'browser';
  const label = `${mobile ? 'Phone' : 'Browser'} (${platform})`;
  return { platform, family, label };
}

/** The `client` object of the connect request. */
export function clientInfo(nav: NavigatorLike | undefined): ClientInfo {
  const b = describeBrowser(nav);
  return { id: 'openclaw-control-ui', version: UI_VERSION, platform: b.platform, mode: 'ui', deviceFamily: b.family, displayName: `Hearth UI · ${b.label}` };
}

/** The WebSocket URL of the gateway that served this page (same host and port, SPEC §2). */
export function gatewayUrlFor(loc: { protocol: string; host: string }, fallback?: string): string {
  if (loc.protocol === 'http:' || loc.protocol === 'https:') return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/`;
  return fallback ?? 'ws://127.0.0.1:18789/';
}
