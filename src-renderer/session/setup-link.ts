/** Reading a `#setup=<code>` link once and removing it from the address bar (it is single use). */
import { decodeSetupCode, type SetupCodePayload } from '../../src-shared/protocol/setup-code.ts';

export interface SetupFromUrl {
  /** The raw code, or undefined when the fragment held none. */
  code?: string;
  /** The decoded code, or undefined when it could not be decoded. */
  payload?: SetupCodePayload;
}

/** Extracts a setup code from a location hash such as `#setup=eyJ…`. */
export function readSetupFragment(hash: string): SetupFromUrl {
  const m = /^#?setup=([^&]*)/.exec(hash);
  if (!m) return {};
  const code = decodeURIComponent(m[1] ?? '');
  const payload = decodeSetupCode(code);
  return payload ? { code, payload } : { code };
}

/** Takes the setup code out of the current URL, leaving the overview route in its place. */
export function consumeSetupFragment(loc: Location, history: History): SetupFromUrl {
  const found = readSetupFragment(loc.hash);
  if (found.code !== undefined) history.replaceState(history.state, '', `${loc.pathname}${loc.search}#/`);
  return found;
}

/** Accepts what a user pastes: a bare code, an `oc-pair://` URL or a full `…#setup=` link. */
export function parsePastedSetup(input: string): SetupCodePayload | undefined {
  return decodeSetupCode(input.trim());
}
