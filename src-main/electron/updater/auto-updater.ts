/**
 * electron-updater glue (thin): policy decides whether to check, check.ts runs the check on
 * the real `autoUpdater`, and download/install events become {@link UpdateView}s for the menu.
 * The feed comes from app-update.yml, which electron-builder writes from `publish` in
 * electron-builder.yml (generic provider; HEARTH_UPDATE_URL overrides it for testing).
 */
import updaterPkg from 'electron-updater';
import type { UpdateChannel, UpdateView } from '../../../src-shared/ipc/contract.ts';
import type { Logger } from '../../core/logger.ts';
import { runUpdateCheck, type UpdaterLike } from './check.ts';
import { describeUpdate, initialUpdateView, shouldCheckForUpdates, updateUnsupportedReason, type CheckTrigger, type UpdaterEnvironment } from './policy.ts';

export interface AutoUpdaterOptions {
  env: UpdaterEnvironment;
  currentVersion: string;
  channel: UpdateChannel;
  logger: Logger;
  lastCheckAtMs(): number | undefined;
  /** Download progress and completion arrive outside a check. */
  onView(view: UpdateView): void;
}

export interface AutoUpdater {
  readonly view: UpdateView;
  check(trigger: CheckTrigger, channel: UpdateChannel): Promise<UpdateView>;
  install(): void;
}

/** Creates the updater; touches electron-updater only when this build can update. */
export function createAutoUpdater(o: AutoUpdaterOptions): AutoUpdater {
  const unsupported = updateUnsupportedReason(o.env);
  let view = initialUpdateView(o.currentVersion, o.channel, unsupported);
  let inFlight = false;
  const au = unsupported ? undefined : updaterPkg.autoUpdater;
  if (au) {
    const log = o.logger.child({ svc: 'updater' });
    au.logger = { info: (m?: unknown) => log.debug(String(m)), warn: (m?: unknown) => log.warn(String(m)), error: (m?: unknown) => log.warn(String(m)), debug: (m?: unknown) => log.debug(String(m)) };
    au.autoDownload = true;
    au.autoInstallOnAppQuit = true;
    const feed = o.env.env['HEARTH_UPDATE_URL'];
    if (feed) au.setFeedURL({ provider: 'generic', url: feed });
    au.on('download-progress', (p: { percent: number }) => {
      view = { ...view, state: 'downloading', message: `Downloading ${view.availableVersion ?? 'the update'}: ${Math.round(p.percent)} %` };
      o.onView(view);
    });
    au.on('update-downloaded', (info: { version: string }) => {
      view = { ...view, state: 'ready', availableVersion: info.version, message: `Hearth ${info.version} is ready: restart to install it.` };
      o.onView(view);
    });
    au.on('error', (err: Error) => {
      if (inFlight) return; // the check itself reports it
      view = describeUpdate({ kind: 'error', error: err.message }, { currentVersion: o.currentVersion, channel: view.channel, now: Date.now() });
      o.onView(view);
    });
  }
  return {
    get view() {
      return view;
    },
    async check(trigger, channel) {
      const lastCheckAtMs = o.lastCheckAtMs();
      const decision = shouldCheckForUpdates({ trigger, now: Date.now(), inFlight, ...(unsupported ? { unsupportedReason: unsupported } : {}), ...(lastCheckAtMs !== undefined ? { lastCheckAtMs } : {}) });
      if (!decision.check || !au) {
        view = unsupported ? initialUpdateView(o.currentVersion, channel, unsupported) : { ...view, channel };
        return view;
      }
      inFlight = true;
      try {
        view = await runUpdateCheck(au as unknown as UpdaterLike, channel);
      } finally {
        inFlight = false;
      }
      return view;
    },
    install() {
      au?.quitAndInstall(false, true);
    },
  };
}
