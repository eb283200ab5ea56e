/** Reading a `#setup=<code>` link once and removing it from the address bar (it is single use). */
import { decodeSetupCode, type SetupCodePayload } from '../../src-shared/protocol/setup-code.ts';
import type { ConnectFailure } from '../../src-shared/client/failure.ts';

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

/**
 * What to tell the user about a `#setup=` link before any connect: nothing for a readable (or
 * absent) code; "malformed" for one that cannot be decoded — usually cut off when copied — which
 * is a different problem from an expired or used code, so it gets its own words.
 */
export function setupLinkNotice(found: SetupFromUrl): ConnectFailure | undefined {
  if (found.code === undefined || found.payload) return undefined;
  return { kind: 'setup-link-malformed', retry: false, message: found.code === '' ? 'the link has an empty setup code' : 'the link does not contain a readable setup code' };
}
