/**
 * `hearth qr`: asks the gateway for a setup code (device.pair.setupCode, SPEC §14) and shows it as
 * text and QR — for a node, the code itself; for a phone, the web UI link carrying the code.
 */
import { withGateway } from '../client.ts';
import { clientSettingsFrom } from '../common.ts';
import { formatClock, formatExpiry } from '../format/time.ts';
import { out, printJson } from '../io.ts';
import { phoneSetupLink, terminalQr } from '../qr-terminal.ts';
import { isLoopbackHost, normalizeGatewayUrl } from '../settings.ts';
import type { ClientCommandFlags } from './nodes.ts';

export interface QrFlags extends ClientCommandFlags {
  node?: boolean;
  /** Address put into the code (the gateway as the scanning device reaches it); defaults to a non-loopback --url. */
  publicUrl?: string;
}

export interface SetupCodeResult {
  setupCode: string;
  gatewayUrl: string;
  expiresAtMs: number;
}

/**
 * `--url` is both where to ask and, when it is not a loopback address, the address put into the
 * code (OpenClaw's `qr --url`); `--public-url` sets the latter alone.
 */
export function setupCodeParams(flags: Pick<QrFlags, 'node' | 'publicUrl' | 'url'>): { bootstrapProfile: 'node' | 'operator'; publicUrl?: string } {
  const params: { bootstrapProfile: 'node' | 'operator'; publicUrl?: string } = { bootstrapProfile: flags.node ? 'node' : 'operator' };
  if (flags.publicUrl !== undefined) params.publicUrl = normalizeGatewayUrl(flags.publicUrl);
  else if (flags.url !== undefined) {
    const url = normalizeGatewayUrl(flags.url);
    if (!isLoopbackHost(new URL(url).hostname)) params.publicUrl = url;
  }
  return params;
}

export async function qrCommand(flags: QrFlags): Promise<void> {
  const settings = clientSettingsFrom(flags);
  const params = setupCodeParams(flags);
  const res = await withGateway(settings, ['operator.admin'], (conn) => conn.call<SetupCodeResult>('device.pair.setupCode', params));
  if (flags.json) return printJson({ setupCode: res.setupCode, gatewayUrl: res.gatewayUrl, expiresAtMs: res.expiresAtMs });
  const expiry = `single use, expires ${formatExpiry(res.expiresAtMs, Date.now())} (at ${formatClock(res.expiresAtMs)})`;
  if (flags.node) {
    await out(
      `Node setup code for ${res.gatewayUrl} (${expiry}):`,
      '',
      res.setupCode,
      '',
      (await terminalQr(res.setupCode)).trimEnd(),
      '',
      'On the node machine run:',
      `  hearth node run --pair ${res.setupCode}`,
    );
    return;
  }
  const link = phoneSetupLink(res.gatewayUrl, res.setupCode);
  await out(
    `Phone setup code for ${res.gatewayUrl} (${expiry}):`,
    '',
    res.setupCode,
    '',
    (await terminalQr(link)).trimEnd(),
    '',
    'Scan with the phone camera, or open:',
    `  ${link}`,
  );
}
