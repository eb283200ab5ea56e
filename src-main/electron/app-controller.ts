/**
 * The desktop app's brain, without Electron: it owns the settings, the role runtime, the
 * wizard and the update state, builds the {@link ShellState} the tray shows, implements every
 * IPC handler and every tray action. The Electron layer (main.ts) only supplies a
 * {@link ShellPlatform} (windows, clipboard, login items, updater) and forwards events here.
 */
import type {
  DesktopPrefs, ExecPolicy, HostRole, IpcEventMap, NodeStatusView, UpdateView, WindowBootstrap,
} from '../../src-shared/ipc/contract.ts';
import type { DiscoveredGateway, PhonePairing } from '../../src-shared/ipc/types.ts';
import { pickLanguage } from '../../src-shared/i18n/pick-language.ts';
import type { HearthConfig } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import type { IpcHandlers } from './ipc/router.ts';
import type { RoleRuntime } from './roles/role-runtime.ts';
import { nodeStatusView } from './roles/node-status-view.ts';
import { planRoleSwitch } from './roles/switch-plan.ts';
import type { SettingsStore } from './settings/desktop-settings.ts';
import type { ShellState } from './shell-state.ts';
import type { TrayAction } from './tray/menu-model.ts';
import type { CheckTrigger } from './updater/policy.ts';
import { WizardHost } from './wizard/wizard-host.ts';

/** What the Electron layer provides. */
export interface ShellPlatform {
  platform: NodeJS.Platform;
  version: string;
  /** The OS's preferred languages, best first (the tray's language until a window names one). */
  systemLanguages?(): readonly string[];
  copyText(text: string): void;
  /** Opens (or focuses) the control window at a page, reloading it if the target changed. */
  showWindow(page?: string): void;
  /** Pushes an event to every open window (queued until each is ready). */
  broadcast<E extends keyof IpcEventMap>(event: E, payload: IpcEventMap[E]): void;
  setLaunchAtLogin(enabled: boolean): void;
  /** Runs an update check (the updater applies policy and channel); resolves with the new view. */
  checkForUpdates(trigger: CheckTrigger, channel: DesktopPrefs['updateChannel']): Promise<UpdateView>;
  installUpdate(): void;
  quit(): void;
  /** The shell state changed: redraw the tray. */
  stateChanged(state: ShellState): void;
}

export interface ControllerDeps {
  settings: SettingsStore;
  readConfig(): HearthConfig;
  writeConfig(cfg: HearthConfig): void;
  runtime: RoleRuntime;
  phonePairing(): Promise<PhonePairing>;
  browse(onChange: (g: DiscoveredGateway[]) => void): { stop(): Promise<void> };
  logger: Logger;
  clock?: () => number;
}

export class AppController {
  private readonly d: ControllerDeps;
  private readonly p: ShellPlatform;
  private wizard: WizardHost | undefined;
  private update: UpdateView;
  /** Operator setup code handed to the control window in the gateway role. */
  private windowCode: string | undefined;

  constructor(deps: ControllerDeps, platform: ShellPlatform, initialUpdate: UpdateView) {
    this.d = deps;
    this.p = platform;
    this.update = initialUpdate;
    deps.runtime.onChange(() => this.changed());
  }

  /** Starts what the saved role needs; opens the wizard on first run. Never throws. */
  async start(opts: { hidden: boolean }): Promise<void> {
    const s = this.d.settings.read();
    if (s.role === null) {
      this.openWizard();
      return;
    }
    try {
      if (s.role === 'gateway') await this.d.runtime.startOrAttachGatewayRole({ paused: s.nodePaused });
      else {
        const url = this.d.readConfig().node.url;
        if (!url) {
          this.openWizard('node');
          return;
        }
        this.d.runtime.startNodeRole({ url }, { paused: s.nodePaused });
      }
    } catch (err) {
      // The tray turns red with the message; the window explains when opened.
      this.d.logger.error('could not start the saved role', { role: s.role, error: String(err) });
    }
    if (!opts.hidden) this.openWindow();
    this.changed();
  }

  /** The tray's view of everything. */
  shellState(): ShellState {
    const s = this.d.settings.read();
    const snap = this.d.runtime.snapshot();
    const lang = s.language ?? pickLanguage(this.p.systemLanguages?.() ?? []);
    const state: ShellState = { role: s.role, platform: this.p.platform, tunnels: snap.tunnels ?? [], launchAtLogin: s.launchAtLogin, update: this.update, lang };
    if (snap.gateway) state.gateway = snap.gateway;
    if (snap.node) state.node = snap.node;
    return state;
  }

  private changed(): void {
    this.p.stateChanged(this.shellState());
    const node = this.nodeStatusView();
    if (node) this.p.broadcast('hearth:node-status-changed', node);
  }

  /** Opens the control window on the page that fits the role. */
  openWindow(page?: string): void {
    const role = this.d.settings.read().role;
    if (role === null) {
      this.openWizard();
      return;
    }
    const gw = this.d.runtime.runningGateway;
    if (role === 'gateway' && gw && !this.windowCode) this.windowCode = gw.createSetupCode({ profile: 'operator' }).setupCode;
    const outside = role === 'gateway' && !gw ? this.d.runtime.outsideGateway : undefined;
    if (outside && !this.windowCode) {
      // The gateway outside the app mints the window's code over the app's operator link; without
      // one (unreachable, refused) its page asks to sign in.
      void this.d.runtime.outsideSetupCode('operator')
        .then((c) => { this.windowCode = c.setupCode; }, (err: unknown) => this.d.logger.warn('no window code from the gateway outside the app', { error: String(err) }))
        .finally(() => this.p.showWindow(page));
      return;
    }
    this.p.showWindow(page ?? (role === 'node' ? 'node' : undefined));
  }

  /** The operator setup code for the control window in the gateway role (minted on open). */
  get windowSetupCode(): string | undefined {
    return this.windowCode;
  }

  /** Called by the window layer once the control window closed: a new code next time. */
  windowClosed(): void {
    this.windowCode = undefined;
  }

  private openWizard(role?: HostRole): void {
    void this.wizard?.dispose();
    const w = new WizardHost({
      readConfig: this.d.readConfig,
      writeConfig: this.d.writeConfig,
      startGateway: async () => this.d.runtime.startGatewayRole(),
      phonePairing: this.d.phonePairing,
      startNode: (target, onStatus) => this.d.runtime.startNodeRole(target, { onStatus }),
      stopNode: () => this.d.runtime.stopNode(),
      browse: this.d.browse,
      copyText: (t) => this.p.copyText(t),
      complete: (r) => this.completeWizard(r),
      logger: this.d.logger.child({ svc: 'wizard' }),
      ...(this.d.clock ? { clock: this.d.clock } : {}),
    });
    w.onChange((v) => this.p.broadcast('hearth:wizard-changed', v));
    this.wizard = w;
    if (role) void w.dispatch({ type: 'choose-role', role });
    this.p.showWindow('wizard');
  }

  /** The wizard finished: remember the role and turn the window into the app. */
  private completeWizard(role: HostRole): void {
    this.d.settings.write({ ...this.d.settings.read(), role, nodePaused: false });
    this.changed();
    this.openWindow();
  }

  /** Node agent status as the node page shows it. */
  nodeStatusView(): NodeStatusView | null {
    return nodeStatusView(this.d.runtime.snapshot(), this.d.readConfig(), this.d.runtime.recentRuns());
  }

  private prefs(): DesktopPrefs {
    const s = this.d.settings.read();
    return { launchAtLogin: s.launchAtLogin, updateChannel: s.updateChannel, language: s.language };
  }

  /** Runs a check if policy allows; updates the menu and windows. */
  async checkForUpdates(trigger: CheckTrigger): Promise<UpdateView> {
    const s = this.d.settings.read();
    this.setUpdate({ ...this.update, state: 'checking', message: 'Checking for updates…' });
    const view = await this.p.checkForUpdates(trigger, s.updateChannel);
    if (view.checkedAtMs !== undefined) this.d.settings.write({ ...this.d.settings.read(), lastUpdateCheckAtMs: view.checkedAtMs });
    this.setUpdate(view);
    return view;
  }

  /** Called by the updater glue when the download state changes. */
  setUpdate(view: UpdateView): void {
    this.update = view;
    this.p.broadcast('hearth:update-changed', view);
    this.p.stateChanged(this.shellState());
  }

  /** Executes a tray menu click. */
  async trayAction(id: TrayAction): Promise<void> {
    switch (id) {
      case 'open-window': return this.openWindow();
      case 'open-settings': return this.openWindow('settings');
      case 'pair-device':
        this.openWindow('pair');
        this.p.broadcast('hearth:navigate', { page: 'pair' });
        return;
      case 'copy-phone-url': {
        const url = this.shellState().gateway?.phoneUrl;
        if (url) this.p.copyText(url);
        return;
      }
      case 'toggle-node-pause': {
        const paused = !this.d.runtime.nodePaused;
        this.d.settings.write({ ...this.d.settings.read(), nodePaused: paused });
        await this.d.runtime.setNodePaused(paused);
        return;
      }
      case 'toggle-launch-at-login': {
        const on = !this.d.settings.read().launchAtLogin;
        this.p.setLaunchAtLogin(on);
        this.d.settings.write({ ...this.d.settings.read(), launchAtLogin: on });
        this.changed();
        return;
      }
      case 'check-updates': await this.checkForUpdates('menu'); return;
      case 'install-update': return this.p.installUpdate();
      case 'quit': return this.p.quit();
    }
  }

  /** Stops every service, node first (app quit). */
  async shutdown(): Promise<void> {
    await this.wizard?.dispose();
    await this.d.runtime.stopAll('desktop app quitting');
  }

  /** The typed IPC handlers (params already validated and senders checked by the router). */
  ipcHandlers(): IpcHandlers {
    return {
      'hearth:bootstrap': (): WindowBootstrap => {
        const role = this.d.settings.read().role;
        const b: WindowBootstrap = { role, platform: this.p.platform, version: this.p.version };
        const gw = this.d.runtime.runningGateway;
        if (role === 'gateway' && gw) {
          b.gatewayUrl = gw.url;
          if (this.windowCode) b.setupCode = this.windowCode;
        } else if (role === 'node') {
          const url = this.d.readConfig().node.url;
          if (url) b.gatewayUrl = url;
        }
        return b;
      },
      'hearth:node-status': () => this.nodeStatusView(),
      'hearth:set-exec-policy': (policy: ExecPolicy) => {
        const cfg = this.d.readConfig();
        cfg.node.exec = { security: policy.security, allowlist: [...policy.allowlist] };
        this.d.writeConfig(cfg);
        this.d.runtime.applyExecPolicy(policy);
        return policy;
      },
      'hearth:node-pause': async ({ paused }) => {
        this.d.settings.write({ ...this.d.settings.read(), nodePaused: paused });
        await this.d.runtime.setNodePaused(paused);
        return this.nodeStatusView();
      },
      'hearth:node-pair-again': async () => {
        // The refused credential cannot get in by retrying: stop the agent, then the wizard's
        // node steps pair this machine anew (the role stays node; finishing saves it again).
        await this.d.runtime.stopNode();
        this.openWizard('node');
        return null;
      },
      'hearth:wizard-state': () => (this.wizard ?? this.newIdleWizard()).view,
      'hearth:wizard-send': (event) => (this.wizard ?? this.newIdleWizard()).dispatch(event),
      'hearth:role-switch-plan': ({ to }) => planRoleSwitch(this.shellState(), to).view,
      'hearth:role-switch-confirm': async ({ to }) => {
        const plan = planRoleSwitch(this.shellState(), to);
        if (!plan.view.needed) return { ok: true, message: plan.view.message };
        for (const step of plan.steps) {
          if (step.type === 'stop-node-agent') await this.d.runtime.stopNode();
          else if (step.type === 'stop-gateway') await this.d.runtime.stopGateway('switching this machine to the node role');
          else if (step.type === 'save-role') this.d.settings.write({ ...this.d.settings.read(), role: null });
          else this.openWizard(step.role);
        }
        this.windowCode = undefined;
        this.changed();
        return { ok: true, message: `Switching to ${to}: continue in the setup steps.` };
      },
      'hearth:prefs-get': () => this.prefs(),
      'hearth:prefs-set': (patch) => {
        const s = this.d.settings.read();
        if (patch.launchAtLogin !== undefined && patch.launchAtLogin !== s.launchAtLogin) this.p.setLaunchAtLogin(patch.launchAtLogin);
        this.d.settings.write({ ...s, ...patch });
        this.changed();
        return this.prefs();
      },
      'hearth:update-check': () => this.checkForUpdates('menu'),
      'hearth:copy-text': ({ text }) => {
        this.p.copyText(text);
        return null;
      },
    };
  }

  private newIdleWizard(): WizardHost {
    this.openWizard();
    return this.wizard!;
  }
}
