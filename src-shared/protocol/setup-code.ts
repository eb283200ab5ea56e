/** Setup codes: unpadded base64url of `{url, bootstrapToken, expiresAtMs}` (SPEC §14). */
import { decodeTextBase64Url, encodeTextBase64Url } from './base64url.ts';

export interface SetupCodePayload {
  url: string;
  bootstrapToken: string;
  expiresAtMs: number;
}

export function encodeSetupCode(p: SetupCodePayload): string {
  return encodeTextBase64Url(JSON.stringify({ url: p.url, bootstrapToken: p.bootstrapToken, expiresAtMs: p.expiresAtMs }));
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
  return { url: v['url'], bootstrapToken: v['bootstrapToken'], expiresAtMs: v['expiresAtMs'] };
}
