/**
 * One snapshot of everything the tray and the windows show, assembled by the host from the
 * role runtime, the settings and the updater. Pure consumers (tray menu, icon colour) take it
 * as their only input, so each can be tested from a literal.
 */
import type { UiLanguage } from '../../src-shared/i18n/pick-language.ts';
import type { HostRole, UpdateView } from '../../src-shared/ipc/contract.ts';
import type { NodeAgentState } from '../core/agent/options.ts';

export interface GatewaySnapshot {
  phase: 'starting' | 'running' | 'stopped' | 'error';
  /** ws:// URL of the embedded gateway. */
  url?: string;
  /** What the phone opens (tailnet/public URL), without a setup code. */
  phoneUrl?: string;
  /** Nodes connected right now, when the gateway reports it. */
  nodesOnline?: number;
  /** Open alerts of the gateway's alert bus (tray colour and menu line). */
  alerts?: { open: number; critical: number; unacknowledged: number };
  message?: string;
  /**
   * The gateway of this state dir was already running outside the app (the system service,
   * or `hearth gateway` in a terminal): the app shows it and connects this machine's node to
   * it instead of starting a second one; it never stops it.
   */
  outside?: { pid: number };
}

export interface NodeSnapshot {
  /** `outside`: this machine's node agent already runs outside the app (the service); the app starts none. */
  state: NodeAgentState | 'paused' | 'outside';
  gatewayUrl: string;
  fingerprint?: string;
  message?: string;
}

export interface TunnelSnapshot {
  name: string;
  state: 'up' | 'connecting' | 'down';
  /** Keepalive round trip while up. */
  rttMs?: number;
}

export interface ShellState {
  role: HostRole | null;
  platform: NodeJS.Platform;
  gateway?: GatewaySnapshot;
  node?: NodeSnapshot;
  /** Empty until the remote-access feature configures tunnels. */
  tunnels: TunnelSnapshot[];
  launchAtLogin: boolean;
  update: UpdateView;
  /** The language of the tray menu and tooltip (the window's choice, else the OS's); English when absent. */
  lang?: UiLanguage;
}
