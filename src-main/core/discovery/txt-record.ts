/**
 * How a gateway announces itself on the LAN: the OpenClaw service type `_openclaw-gw._tcp`
 * (so OpenClaw apps find a Hearth gateway too) with a TXT record that marks it as Hearth and
 * says how to connect. Pure encode/decode; advertise.ts and browse.ts do the multicast.
 */
import type { DiscoveredGateway } from '../../../src-shared/ipc/types.ts';
import { PROTOCOL_VERSION } from '../../../src-shared/protocol/constants.ts';
import { urlHost } from '../../../src-shared/net/url-host.ts';

/** bonjour-service `type` (it adds the leading underscore and `._tcp`). */
export const GATEWAY_SERVICE_TYPE = 'openclaw-gw';
export const GATEWAY_SERVICE_PROTOCOL = 'tcp';

export interface GatewayAdvert {
  /** Instance name, e.g. "Hearth on home-pc". */
  name: string;
  port: number;
  version: string;
  /** Short gateway identity fingerprint, to compare with what the window shows. */
  fingerprint?: string;
  tls?: boolean;
}

/** The TXT key/values Hearth publishes. */
export function gatewayTxt(a: GatewayAdvert): Record<string, string> {
  const txt: Record<string, string> = {
    hearth: '1',
    proto: String(PROTOCOL_VERSION),
    version: a.version,
    scheme: a.tls ? 'wss' : 'ws',
  };
  if (a.fingerprint) txt['fp'] = a.fingerprint;
  return txt;
}

/** What browse.ts receives from bonjour-service for one service (only the fields used). */
export interface ServiceSighting {
  name: string;
  host?: string;
  port: number;
  addresses?: string[];
  txt?: Record<string, unknown>;
  referer?: { address: string };
}

/** A sighting as the wizard shows it (src-shared/ipc), plus the fingerprint the TXT record may carry. */
export interface DiscoveredGatewayInfo extends DiscoveredGateway {
  fingerprint?: string;
}

function txtValue(txt: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = txt?.[key];
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return undefined;
}

/** Picks the address to dial: an IPv4 address beats a .local name (mDNS resolution is flaky on Windows). */
function pickHost(s: ServiceSighting): string | undefined {
  const v4 = s.addresses?.find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a));
  if (v4) return v4;
  if (s.referer?.address) return s.referer.address;
  if (s.host) return s.host.replace(/\.$/, '');
  return s.addresses?.[0];
}

/** Turns a sighting into a dialable gateway, or undefined when it lacks an address. */
export function parseSighting(s: ServiceSighting): DiscoveredGatewayInfo | undefined {
  const host = pickHost(s);
  if (!host || !Number.isInteger(s.port) || s.port <= 0 || s.port > 65535) return undefined;
  const scheme = txtValue(s.txt, 'scheme') === 'wss' ? 'wss' : 'ws';
  const hostPart = urlHost(host);
  const info: DiscoveredGatewayInfo = { name: s.name, url: `${scheme}://${hostPart}:${s.port}`, host, port: s.port, hearth: txtValue(s.txt, 'hearth') === '1' };
  const version = txtValue(s.txt, 'version');
  if (version) info.version = version;
  const fp = txtValue(s.txt, 'fp');
  if (fp) info.fingerprint = fp;
  return info;
}
