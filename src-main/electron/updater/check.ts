/**
 * Runs one update check on an electron-updater `AppUpdater` (or anything shaped like it):
 * applies the channel settings, asks the feed, and turns the answer into an {@link UpdateView}.
 * No Electron import, so the test drives a real AppUpdater against a local generic server.
 */
import type { UpdateChannel, UpdateView } from '../../../src-shared/ipc/contract.ts';
import { channelSettings, describeUpdate, type CheckOutcome } from './policy.ts';

/** The part of electron-updater's AppUpdater this module uses. */
export interface UpdaterLike {
  channel: string | null;
  allowPrerelease: boolean;
  allowDowngrade: boolean;
  autoDownload: boolean;
  readonly currentVersion: { version: string };
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: { version: string; releaseName?: string | null } } | null>;
}

/** Points the updater at the feed for `pref` (stable → latest*.yml, beta → beta*.yml). */
export function applyChannel(updater: UpdaterLike, pref: UpdateChannel): void {
  const s = channelSettings(pref, updater.currentVersion.version);
  // electron-updater's channel setter also flips allowDowngrade on; set ours after it.
  updater.channel = s.channel;
  updater.allowPrerelease = s.allowPrerelease;
  updater.allowDowngrade = s.allowDowngrade;
}

/** Checks once and describes the result; never throws. */
export async function runUpdateCheck(updater: UpdaterLike, pref: UpdateChannel, now: () => number = Date.now): Promise<UpdateView> {
  applyChannel(updater, pref);
  let outcome: CheckOutcome;
  try {
    const r = await updater.checkForUpdates();
    if (r === null) outcome = { kind: 'error', error: 'the updater is not active in this build' };
    else if (r.isUpdateAvailable) outcome = r.updateInfo.releaseName ? { kind: 'available', version: r.updateInfo.version, releaseName: r.updateInfo.releaseName } : { kind: 'available', version: r.updateInfo.version };
    else outcome = { kind: 'none', latestVersion: r.updateInfo.version };
  } catch (err) {
    outcome = { kind: 'error', error: err instanceof Error ? err.message : String(err) };
  }
  return describeUpdate(outcome, { currentVersion: updater.currentVersion.version, channel: pref, now: now() });
}
