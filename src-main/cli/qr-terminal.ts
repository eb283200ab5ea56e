/** Terminal QR codes (qrcode is loaded only by the commands that draw one). */

/** Renders `text` as a compact QR made of half-block characters. */
export async function terminalQr(text: string): Promise<string> {
  const QRCode = (await import('qrcode')).default;
  return QRCode.toString(text, { type: 'terminal', small: true, errorCorrectionLevel: 'L' });
}

/** The link a phone opens to pair: the web UI with the setup code in the fragment (never sent to servers). */
export function phoneSetupLink(httpBase: string, setupCode: string): string {
  return `${httpBase.replace(/\/+$/, '')}/#setup=${encodeURIComponent(setupCode)}`;
}
