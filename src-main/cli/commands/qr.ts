/**
 * `hearth qr`: asks the gateway for a setup code (device.pair.setupCode, SPEC §14) and shows it as
 * text and QR — for a node, the code itself; for a phone, the web UI link carrying the code.
 */
import { withGateway } from '../client.ts';
import { clientSettingsFrom } from '../common.ts';
import { formatClock, formatExpiry } from '../format/time.ts';
import { out, printJson } from '../io.ts';
import { phoneSetupLink, terminalQr } from '../qr-terminal.ts';
import { isLoopbackHost, parseGatewayUrlFlag } from '../settings.ts';
import { checkPublicUrl } from '../../core/net/public-url.ts';
import type { ClientCommandFlags } from './nodes.ts';
import type { SetupCodeResult } from '../../../src-shared/protocol/contract/devices.ts';

export interface QrFlags extends ClientCommandFlags {
  node?: boolean;
  /** Address put into the code (the gateway as the scanning device reaches it); defaults to a non-loopback --url. */
  publicUrl?: string;
}

/** Lines about the addresses in a code: the order they are tried in, and a warning when none works off this machine. */
export function setupUrlLines(res: Pick<SetupCodeResult, 'gatewayUrl' | 'urls'>): string[] {
  const urls = res.urls && res.urls.length > 0 ? res.urls : [res.gatewayUrl];
  const lines = urls.length > 1 ? [`Addresses in the code, tried in order: ${urls.join(', ')}`] : [];
  if (urls.every((u) => isLoopbackHost(new URL(u).hostname))) {
    lines.push(
      `warning: the code carries only a loopback address (${urls[0]}), which works on this machine only (or through an \`ssh -L\` forward). ` +
      'For a phone or another machine: set up the tunnel (`hearth tunnel set --ssh USER@VPS --identity KEY`), restart the gateway with --bind tailnet (or --bind lan), ' +
      'or pass --public-url http://<tailnet-name-or-vps>:PORT (also settable as gateway.publicUrl in hearth.json).',
    );
  }
  return lines;
}

/**
 * `--url` is both where to ask and, when it is not a loopback address, the address put into the
 * code (OpenClaw's `qr --url`); `--public-url` sets the latter alone.
 */
export function setupCodeParams(flags: Pick<QrFlags, 'node' | 'publicUrl' | 'url'>): { bootstrapProfile: 'node' | 'operator'; publicUrl?: string } {
  const params: { bootstrapProfile: 'node' | 'operator'; publicUrl?: string } = { bootstrapProfile: flags.node ? 'node' : 'operator' };
  if (flags.publicUrl !== undefined) params.publicUrl = checkPublicUrl(flags.publicUrl);
  else if (flags.url !== undefined) {
    const url = parseGatewayUrlFlag(flags.url);
    if (!isLoopbackHost(new URL(url).hostname)) params.publicUrl = url;
  }
  return params;
}

export async function qrCommand(flags: QrFlags): Promise<void> {
  const settings = clientSettingsFrom(flags);
  const params = setupCodeParams(flags);
  const res = await withGateway(settings, ['operator.admin'], (conn) => conn.call('device.pair.setupCode', params));
  if (flags.json) return printJson({ setupCode: res.setupCode, gatewayUrl: res.gatewayUrl, urls: res.urls ?? [res.gatewayUrl], expiresAtMs: res.expiresAtMs });
  const urlLines = setupUrlLines(res);
  const expiry = `single use, expires ${formatExpiry(res.expiresAtMs, Date.now())} (at ${formatClock(res.expiresAtMs)})`;
  if (flags.node) {
    await out(
      `Node setup code for ${res.gatewayUrl} (${expiry}):`,
      '',
      res.setupCode,
      '',
      await terminalQr(res.setupCode),
      '',
      'On the node machine run:',
      `  hearth node run --pair ${res.setupCode}`,
      ...(urlLines.length ? ['', ...urlLines] : []),
    );
    return;
  }
  const link = phoneSetupLink(res.gatewayUrl, res.setupCode);
  await out(
    `Phone setup code for ${res.gatewayUrl} (${expiry}):`,
    '',
    res.setupCode,
    '',
    await terminalQr(link),
    '',
    'Scan with the phone camera, or open:',
    `  ${link}`,
    '',
    'No gateway token needed: the code signs that phone or browser in, once.',
    ...(urlLines.length ? ['', ...urlLines] : []),
  );
}
