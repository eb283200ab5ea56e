/**
 * The one contract between the Electron main process and its windows: invoke channels
 * (renderer → main, with a result) and events (main → renderer). The preload bridge is checked
 * against {@link HearthBridge} with `satisfies`; main-side handlers are typed from the same maps,
 * and their params are validated at runtime by `./validate.ts` (a window is not trusted input).
 */
import type { UiLanguage } from '../i18n/pick-language.ts';
import type { ExecSecurity, HostRole, UpdateChannel, WizardEvent, WizardView } from './types.ts';

export type { DiscoveredGateway, ExecSecurity, GatewayBind, HostRole, PhonePairing, UpdateChannel, WizardEvent, WizardFailure, WizardView } from './types.ts';

/** What a window needs to start: which role this machine has and how to reach the gateway. */
export interface WindowBootstrap {
  role: HostRole | null;
  /** ws:// URL of the gateway the window talks to (the local one in the gateway role). */
  gatewayUrl?: string;
  /** Operator setup code minted locally so nobody types a token on the gateway machine. */
  setupCode?: string;
  platform: string;
  version: string;
}

/** The node agent as the node-role window shows it. */
export interface NodeStatusView {
  /** `outside`: the node agent of this machine runs outside the app (the service); the app runs none. */
  state: 'connecting' | 'pairing-required' | 'connected' | 'backoff' | 'stopped' | 'error' | 'paused' | 'outside';
  gatewayUrl: string;
  deviceId: string;
  fingerprint: string;
  message?: string;
  requestId?: string;
  exec: ExecPolicy;
  recentRuns: RecentRun[];
}

/** One command the node ran (newest first in lists). */
export interface RecentRun {
  command: string;
  startedAtMs: number;
  durationMs?: number;
  exitCode?: number | null;
  /** Who asked (operator display name or device id), when known. */
  requestedBy?: string;
  /** Why it did not run or how it ended when not by an exit code (policy refusal, timeout). */
  note?: string;
}

/** How much the gateway may run on this machine. */
export interface ExecPolicy {
  security: ExecSecurity;
  allowlist: string[];
}

/** Desktop preferences the window can change. */
export interface DesktopPrefs {
  launchAtLogin: boolean;
  updateChannel: UpdateChannel;
  /** The window's language, which the tray menu follows; null until a window said (the OS's language applies). */
  language: UiLanguage | null;
}

/** What the user must confirm before a role switch, and what will happen. */
export interface RoleSwitchPlanView {
  from: HostRole | null;
  to: HostRole;
  title: string;
  message: string;
  /** One line per service that stops or starts. */
  detail: string[];
  confirmLabel: string;
  /** False when nothing changes (same role). */
  needed: boolean;
}

/** Update state shown in the menu and the settings page. */
export interface UpdateView {
  state: 'idle' | 'checking' | 'up-to-date' | 'available' | 'downloading' | 'ready' | 'error' | 'unsupported';
  currentVersion: string;
  availableVersion?: string;
  channel: UpdateChannel;
  message: string;
  checkedAtMs?: number;
}

/** Invoke channels: name → params and result. */
export interface IpcInvokeMap {
  'hearth:bootstrap': { params: null; result: WindowBootstrap };
  'hearth:node-status': { params: null; result: NodeStatusView | null };
  'hearth:set-exec-policy': { params: ExecPolicy; result: ExecPolicy };
  'hearth:node-pause': { params: { paused: boolean }; result: NodeStatusView | null };
  /** The gateway refused this node's credential: stop it and pair again in the wizard's node steps. */
  'hearth:node-pair-again': { params: null; result: null };
  'hearth:wizard-state': { params: null; result: WizardView };
  'hearth:wizard-send': { params: WizardEvent; result: WizardView };
  'hearth:role-switch-plan': { params: { to: HostRole }; result: RoleSwitchPlanView };
  'hearth:role-switch-confirm': { params: { to: HostRole }; result: { ok: boolean; message: string } };
  'hearth:prefs-get': { params: null; result: DesktopPrefs };
  'hearth:prefs-set': { params: Partial<DesktopPrefs>; result: DesktopPrefs };
  'hearth:update-check': { params: null; result: UpdateView };
  'hearth:copy-text': { params: { text: string }; result: null };
}

/** Events pushed by main: name → payload. */
export interface IpcEventMap {
  'hearth:node-status-changed': NodeStatusView;
  'hearth:wizard-changed': WizardView;
  'hearth:update-changed': UpdateView;
  /** Ask the window to show a page (e.g. `pair` after "Pair a device" in the tray). */
  'hearth:navigate': { page: 'dashboard' | 'pair' | 'settings' | 'node' | 'wizard' };
}

export type IpcInvokeChannel = keyof IpcInvokeMap;
export type IpcEventName = keyof IpcEventMap;
export type IpcParams<C extends IpcInvokeChannel> = IpcInvokeMap[C]['params'];
export type IpcResult<C extends IpcInvokeChannel> = IpcInvokeMap[C]['result'];

/** What the preload exposes on `window.hearth`. */
export interface HearthBridge {
  readonly isElectron: true;
  invoke<C extends IpcInvokeChannel>(channel: C, params: IpcParams<C>): Promise<IpcResult<C>>;
  /** Subscribes to a main-process event; returns the unsubscribe function. */
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEventMap[E]) => void): () => void;
}

/** Every invoke channel, for registration and for the preload's allow-list. */
export const IPC_INVOKE_CHANNELS = [
  'hearth:bootstrap', 'hearth:node-status', 'hearth:set-exec-policy', 'hearth:node-pause', 'hearth:node-pair-again', 'hearth:wizard-state',
  'hearth:wizard-send', 'hearth:role-switch-plan', 'hearth:role-switch-confirm', 'hearth:prefs-get', 'hearth:prefs-set',
  'hearth:update-check', 'hearth:copy-text',
] as const satisfies readonly IpcInvokeChannel[];

/** Every event name main may push. */
export const IPC_EVENT_NAMES = [
  'hearth:node-status-changed', 'hearth:wizard-changed', 'hearth:update-changed', 'hearth:navigate',
] as const satisfies readonly IpcEventName[];

/** Name of the global the preload defines in the window. */
export const BRIDGE_GLOBAL = 'hearth';

// Compile-time proof that the channel lists above name every channel of the maps.
type MissingInvoke = Exclude<IpcInvokeChannel, (typeof IPC_INVOKE_CHANNELS)[number]>;
type MissingEvent = Exclude<IpcEventName, (typeof IPC_EVENT_NAMES)[number]>;
const _allListed: [MissingInvoke, MissingEvent] extends [never, never] ? true : false = true;
void _allListed;
