/** Setup codes minted for pairing a phone (operator profile) or a node (`device.pair.setupCode`). */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { errorText, type Invoker } from './invoker.ts';

export type SetupProfile = 'operator' | 'node';

export interface SetupCode {
  profile: SetupProfile;
  setupCode: string;
  expiresAtMs: number;
  gatewayUrl?: string;
  /** Local clock offset: expiresAtMs is the gateway's clock, so the countdown uses receipt time + ttl. */
  receivedAtMs: number;
  ttlMs: number;
}

export interface SetupSlice {
  codes: Partial<Record<SetupProfile, SetupCode>>;
  loading: Partial<Record<SetupProfile, boolean>>;
  error: Partial<Record<SetupProfile, string>>;
}

export type SetupStore = StoreApi<SetupSlice>;

export function createSetupStore(): SetupStore {
  return createStore<SetupSlice>(() => ({ codes: {}, loading: {}, error: {} }));
}

/**
 * What is left of a code's lifetime at `now`. The screen's clock ticks once a second, so on the
 * render right after a code arrives `now` can be up to a second older than `receivedAtMs`: time
 * before receipt counts as none elapsed, else the countdown would start above the code's
 * lifetime ("10:01" for a 10-minute code).
 */
export function remainingMs(code: Pick<SetupCode, 'receivedAtMs' | 'ttlMs'>, now: number): number {
  return Math.max(0, code.ttlMs - Math.max(0, now - code.receivedAtMs));
}

/** Asks the gateway for a fresh setup code of the given profile. */
export async function mintSetupCode(store: SetupStore, client: Invoker, profile: SetupProfile, now: () => number = Date.now): Promise<void> {
  store.setState((s) => ({ loading: { ...s.loading, [profile]: true }, error: { ...s.error, [profile]: undefined } }));
  try {
    const res = await client.invoke(
      'device.pair.setupCode', { bootstrapProfile: profile },
    );
    const receivedAtMs = now();
    // Measure the lifetime against the gateway's clock when it tells us its time; else trust ours.
    const ttlMs = Math.max(0, res.expiresAtMs - (res.ts ?? receivedAtMs));
    const code: SetupCode = { profile, setupCode: res.setupCode, expiresAtMs: res.expiresAtMs, receivedAtMs, ttlMs };
    if (res.gatewayUrl) code.gatewayUrl = res.gatewayUrl;
    store.setState((s) => ({ codes: { ...s.codes, [profile]: code }, loading: { ...s.loading, [profile]: false } }));
  } catch (err) {
    store.setState((s) => ({ loading: { ...s.loading, [profile]: false }, error: { ...s.error, [profile]: errorText(err) } }));
  }
}
