/**
 * Update decisions, without Electron: whether this build can update itself, whether to check
 * now, which feed channel a preference maps to, and what the user sees after a check.
 */
import type { UpdateChannel, UpdateView } from '../../../src-shared/ipc/contract.ts';

export type CheckTrigger = 'startup' | 'menu' | 'interval';

export interface UpdaterEnvironment {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
}

/** Automatic checks are at most this frequent; a click on "Check for updates" always checks. */
export const AUTO_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** Why this build cannot update itself, or undefined when it can. */
export function updateUnsupportedReason(e: UpdaterEnvironment): string | undefined {
  if (e.env['HEARTH_DISABLE_UPDATES'] === '1') return 'updates are disabled (HEARTH_DISABLE_UPDATES=1)';
  if (!e.isPackaged) return 'this is a development build; updates apply to installed builds only';
  // On Linux only AppImage (and the deb/rpm updaters) can replace themselves; a tarball cannot.
  if (e.platform === 'linux' && !e.env['APPIMAGE'] && !isDebInstall(e.env)) return 'this Linux build was not installed as an AppImage or .deb; update it with your package manager';
  return undefined;
}

function isDebInstall(env: Record<string, string | undefined>): boolean {
  return env['HEARTH_PACKAGE_TYPE'] === 'deb';
}

export interface CheckDecisionInput {
  trigger: CheckTrigger;
  now: number;
  lastCheckAtMs?: number;
  inFlight: boolean;
  unsupportedReason?: string;
}

export type CheckDecision = { check: true } | { check: false; reason: string };

/** Decides whether to run a check now. */
export function shouldCheckForUpdates(i: CheckDecisionInput): CheckDecision {
  if (i.unsupportedReason) return { check: false, reason: i.unsupportedReason };
  if (i.inFlight) return { check: false, reason: 'a check is already running' };
  if (i.trigger === 'menu') return { check: true };
  if (i.lastCheckAtMs !== undefined && i.now - i.lastCheckAtMs < AUTO_CHECK_INTERVAL_MS && i.now >= i.lastCheckAtMs) {
    return { check: false, reason: 'checked recently' };
  }
  return { check: true };
}

/** The electron-updater settings for a channel preference. */
export interface ChannelSettings {
  /** Feed file prefix: `latest` → latest.yml / latest-mac.yml / latest-linux.yml, `beta` → beta*.yml. */
  channel: 'latest' | 'beta';
  allowPrerelease: boolean;
  /** Lets a beta user who switches back to stable install the (lower) stable version. */
  allowDowngrade: boolean;
}

/** Maps the stable/beta preference and the running version to updater settings. */
export function channelSettings(pref: UpdateChannel, currentVersion: string): ChannelSettings {
  const runningPrerelease = /-/.test(currentVersion);
  if (pref === 'beta') return { channel: 'beta', allowPrerelease: true, allowDowngrade: false };
  return { channel: 'latest', allowPrerelease: false, allowDowngrade: runningPrerelease };
}

/** What a check found, in updater-neutral terms. */
export type CheckOutcome =
  | { kind: 'available'; version: string; releaseName?: string }
  | { kind: 'none'; latestVersion?: string }
  | { kind: 'error'; error: string };

/** The view shown in the menu and the settings page after a check (or while not supported). */
export function describeUpdate(o: CheckOutcome | { kind: 'unsupported'; reason: string }, ctx: { currentVersion: string; channel: UpdateChannel; now: number }): UpdateView {
  const base = { currentVersion: ctx.currentVersion, channel: ctx.channel, checkedAtMs: ctx.now };
  switch (o.kind) {
    case 'available':
      return { ...base, state: 'available', availableVersion: o.version, message: `Hearth ${o.version} is available (you have ${ctx.currentVersion}); it downloads in the background.` };
    case 'none':
      return { ...base, state: 'up-to-date', message: `Hearth ${ctx.currentVersion} is the latest ${ctx.channel === 'beta' ? 'beta' : 'stable'} version.` };
    case 'error':
      return { ...base, state: 'error', message: `Could not check for updates: ${humanError(o.error)}. Hearth will try again later.` };
    case 'unsupported': {
      const { checkedAtMs: _c, ...rest } = base;
      return { ...rest, state: 'unsupported', message: `Automatic updates are off: ${o.reason}.` };
    }
  }
}

function humanError(e: string): string {
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|net::ERR/.test(e)) return 'the update server is unreachable';
  if (/\b404\b|Cannot find channel/.test(e)) return 'the update server has no release for this channel';
  const first = e.split('\n')[0] ?? e;
  return first.length > 160 ? `${first.slice(0, 157)}…` : first;
}

/** The idle view before any check. */
export function initialUpdateView(currentVersion: string, channel: UpdateChannel, unsupportedReason?: string): UpdateView {
  if (unsupportedReason) return { state: 'unsupported', currentVersion, channel, message: `Automatic updates are off: ${unsupportedReason}.` };
  return { state: 'idle', currentVersion, channel, message: 'Hearth checks for updates at start and every few hours.' };
}
