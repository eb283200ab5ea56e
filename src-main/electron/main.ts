/**
 * Hearth desktop: the Electron host of the core. The startup order is spelled out below, in one
 * place, like Electron Fiddle's main.ts. Every decision lives in pure modules (wizard/, tray/,
 * roles/, updater/, window/, ipc/); this file only wires them to Electron.
 */
import { app, clipboard } from 'electron';
import { createWriteStream, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNodeAgent } from '../core/agent/index.ts';
import { readConfig, writeConfig } from '../core/config.ts';
import { advertiseGateway, browseGateways } from '../core/discovery/index.ts';
import { startGateway } from '../core/gateway/index.ts';
import { firstLanAddress } from '../core/pairing/setup-codes.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { defaultStateDir, stateFiles } from '../core/paths.ts';
import { AppController } from './app-controller.ts';
import { isLaunchAtLogin, setLaunchAtLogin, startedHidden } from './autostart/login-item.ts';
import { createIpcRouter } from './ipc/router.ts';
import { registerIpc } from './ipc/register.ts';
import { createSenderRegistry } from './ipc/sender-check.ts';
import { handlePageScheme, registerPageScheme } from './pages/protocol.ts';
import { buildPhonePairing, type PhoneUrlInput } from './roles/phone-pairing.ts';
import { RoleRuntime } from './roles/role-runtime.ts';
import { desktopSettingsPath, jsonSettingsStore } from './settings/desktop-settings.ts';
import { buildTrayMenu } from './tray/menu-model.ts';
import { AppTray } from './tray/tray.ts';
import { createAutoUpdater } from './updater/auto-updater.ts';
import { ControlWindow } from './window/control-window.ts';
import { controlWindowTarget, dockVisibility } from './window/window-options.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** dist/src-main/electron → dist/renderer (Vite output: the web UI the embedded gateway serves and
 * the desktop shell's desktop.html on hearth://app/), and the CommonJS preload next to this file. */
const RENDERER_DIR = join(here, '..', '..', 'renderer');
const PRELOAD = join(here, 'preload.cjs');
const UPDATE_POLL_MS = 60 * 60 * 1000;

function fileLogger(logsDir: string): Logger {
  mkdirSync(logsDir, { recursive: true, mode: 0o700 });
  const file = createWriteStream(join(logsDir, 'desktop.log'), { flags: 'a', mode: 0o600 });
  return createLogger({ json: true, write: (line) => { file.write(line + '\n'); if (!app.isPackaged) process.stderr.write(line + '\n'); } });
}

function iconDir(): string {
  // Packaged: electron-builder copies resources/tray to <resources>/tray (extraResources).
  return app.isPackaged ? join(process.resourcesPath, 'tray') : join(app.getAppPath(), 'resources', 'tray');
}

async function main(): Promise<void> {
  // 1. One instance per user: a second launch only brings the first one's window forward.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  // 2. A menu-bar app on macOS: no Dock icon until a window opens (LSUIElement does this for
  //    packaged builds; hiding here covers development runs).
  if (dockVisibility(process.platform, 0) === 'hide') app.dock?.hide();

  // 3. Keep running in the tray when the last window closes (no default quit); the desktop
  //    pages' scheme must be declared privileged before ready.
  app.on('window-all-closed', () => { /* tray app: stay alive */ });
  registerPageScheme();

  await app.whenReady();
  handlePageScheme(RENDERER_DIR);

  // 4. Paths, logs, settings and the shared config (same files as the `hearth` CLI).
  const files = stateFiles(defaultStateDir());
  const logger = fileLogger(files.logs).child({ host: 'desktop' });
  const settings = jsonSettingsStore(desktopSettingsPath(files.stateDir));
  // The OS is the truth for launch at login (the user may have removed the entry elsewhere).
  settings.write({ ...settings.read(), launchAtLogin: isLaunchAtLogin() });
  const configFile = files.config;
  const version = app.getVersion();

  // 5. Core services, constructed but not started.
  const lanAddress = firstLanAddress();
  const runtime = new RoleRuntime({
    stateDir: files.stateDir, staticDir: RENDERER_DIR, logger, version, hostname: hostname(), env: process.env,
    ...(lanAddress ? { lanAddress } : {}),
    readConfig: () => readConfig(configFile),
    startGateway, startNodeAgent,
    advertise: (o) => advertiseGateway({ ...o, logger }),
  });

  // 6. Windows, IPC and updater: handlers are registered before any window can exist.
  const senders = createSenderRegistry();
  // Filled in step 7; callbacks below only run after startup finished.
  const ui: { tray?: AppTray } = {};
  const windows = new ControlWindow({
    preloadPath: PRELOAD, platform: process.platform, senders,
    onOpened: () => { if (dockVisibility(process.platform, 1) === 'show') void app.dock?.show(); },
    onClosed: () => {
      controller.windowClosed();
      if (dockVisibility(process.platform, 0) === 'hide') app.dock?.hide();
    },
  });
  const updater = createAutoUpdater({
    env: { isPackaged: app.isPackaged, platform: process.platform, env: process.env },
    currentVersion: version, channel: settings.read().updateChannel, logger,
    lastCheckAtMs: () => settings.read().lastUpdateCheckAtMs,
    onView: (v) => controller.setUpdate(v),
  });
  const controller: AppController = new AppController({
    settings, runtime, logger,
    readConfig: () => readConfig(configFile),
    writeConfig: (cfg) => writeConfig(configFile, cfg),
    browse: (onChange) => browseGateways({ logger, onChange }),
    phonePairing: async () => {
      const gw = runtime.runningGateway;
      const outside = runtime.outsideGateway;
      if (!gw && outside) {
        // The gateway outside the app (the service) mints the code; the phone URL is derived the same way.
        const code = await runtime.outsideSetupCode('operator').catch((err: unknown) => {
          throw new Error(`the gateway that runs outside this app (pid ${outside.pid}) did not give a phone code: ${(err as Error).message}; run \`hearth qr\` in a terminal`);
        });
        const cfg = readConfig(configFile);
        const port = Number(new URL(outside.url).port);
        const input: PhoneUrlInput = { bind: cfg.gateway.bind, boundHost: new URL(outside.url).hostname, port, ...(lanAddress ? { lanAddress } : {}), ...(cfg.gateway.publicUrl ? { publicUrl: cfg.gateway.publicUrl } : {}) };
        return buildPhonePairing(input, code);
      }
      if (!gw) throw new Error('the gateway is not running');
      const cfg = readConfig(configFile);
      const input: PhoneUrlInput = { bind: cfg.gateway.bind, boundHost: gw.host, port: gw.port, ...(lanAddress ? { lanAddress } : {}), ...(cfg.gateway.publicUrl ? { publicUrl: cfg.gateway.publicUrl } : {}) };
      return buildPhonePairing(input, gw.createSetupCode({ profile: 'operator' }));
    },
  }, {
    platform: process.platform,
    version,
    systemLanguages: () => app.getPreferredSystemLanguages(),
    copyText: (text) => clipboard.writeText(text),
    showWindow: (page) => {
      const role = settings.read().role;
      // The locally minted operator code rides in the URL that first opens the gateway's UI;
      // the renderer then keeps its own device token.
      const setupCode = role === 'gateway' ? controller.windowSetupCode : undefined;
      // A gateway outside the app (the service) opens at its own URL; its page asks to sign in.
      const gatewayUrl = runtime.gatewayUrl;
      windows.show(controlWindowTarget({
        role, ...(page ? { page } : {}),
        ...(gatewayUrl && role === 'gateway' ? { localGatewayUrl: gatewayUrl } : {}),
        ...(setupCode ? { setupCode } : {}),
      }));
    },
    broadcast: (event, payload) => windows.send(event, payload),
    setLaunchAtLogin,
    checkForUpdates: (trigger, channel) => updater.check(trigger, channel),
    installUpdate: () => updater.install(),
    quit: () => app.quit(),
    stateChanged: (state) => ui.tray?.update(state),
  }, updater.view);
  const ctl = controller;
  registerIpc(createIpcRouter(ctl.ipcHandlers(), senders, logger));

  // 7. The tray, drawn from the current state.
  ui.tray = new AppTray(iconDir(), (id) => void ctl.trayAction(id));
  ui.tray.update(ctl.shellState());
  // Node presence has no change event towards the host yet: refresh the count every few seconds.
  setInterval(() => ui.tray?.update(ctl.shellState()), 5000).unref();
  app.on('second-instance', () => ctl.openWindow());
  app.on('activate', () => ctl.openWindow());

  // The Playwright suite (e2e/electron) reads the tray menu through this hook; off otherwise.
  if (process.env['HEARTH_E2E'] === '1') {
    (globalThis as { hearthE2E?: unknown }).hearthE2E = {
      trayMenu: () => buildTrayMenu(ctl.shellState()).map((i) => (i.kind === 'separator' ? '---' : i.label)),
      stateDir: files.stateDir,
    };
  }

  // 8. Start the saved role's services (or the first-run wizard).
  await ctl.start({ hidden: startedHidden(process.argv) });

  // 9. Updates: at start (policy skips if checked recently), then hourly ticks (policy: every 6 h).
  void ctl.checkForUpdates('startup');
  setInterval(() => void ctl.checkForUpdates('interval'), UPDATE_POLL_MS).unref();

  // 10. Quit: stop the node, then the gateway, then let Electron exit.
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    void ctl.shutdown().catch((err) => logger.error('shutdown failed', { error: String(err) })).finally(() => {
      stopped = true;
      ui.tray?.destroy();
      app.quit();
    });
  });
}

main().catch((err) => {
  console.error('Hearth failed to start:', err);
  app.exit(1);
});
