/**
 * The tray / menu-bar menu as data, built from the shell state by one pure function (words in
 * the state's language, tray-texts.ts). The thin
 * Electron layer (tray.ts) only maps these items to `Menu.buildFromTemplate` and routes clicks
 * by action id.
 */
import type { ShellState } from '../shell-state.ts';
import { trayTexts, type TrayTexts } from './tray-texts.ts';

export type TrayAction =
  | 'open-window' | 'pair-device' | 'copy-phone-url' | 'toggle-node-pause' | 'toggle-launch-at-login' | 'open-settings'
  | 'check-updates' | 'install-update' | 'quit';

export type MenuItemModel =
  | { kind: 'status'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; id: TrayAction; label: string; enabled: boolean }
  | { kind: 'checkbox'; id: TrayAction; label: string; checked: boolean };

function statusLines(s: ShellState, x: TrayTexts): string[] {
  if (s.role === null) return [x.notSetUp];
  const lines: string[] = [];
  if (s.role === 'gateway') {
    lines.push(x.gatewayTitle);
    const g = s.gateway;
    if (!g || g.phase === 'stopped') lines.push(x.gatewayStopped);
    else if (g.phase === 'starting') lines.push(x.gatewayStarting);
    else if (g.phase === 'error') lines.push(x.gatewayError(g.message));
    else {
      lines.push(x.gatewayAt(g.url ?? x.gatewayRunning));
      if (g.outside) lines.push(x.gatewayOutside(g.outside.pid));
      lines.push(x.nodesOnline(g.nodesOnline !== undefined ? String(g.nodesOnline) : '—'));
      if (g.alerts?.open) lines.push(x.alerts(g.alerts.open, g.alerts.critical ?? 0));
    }
    if (s.node) lines.push(x.ownNode(x.nodeState[s.node.state]));
  } else {
    lines.push(x.nodeTitle);
    if (!s.node) lines.push(x.agentNotRunning);
    else {
      lines.push(x.nodeGateway(s.node.gatewayUrl, x.nodeState[s.node.state]));
      if (s.node.state === 'pairing-required' && s.node.fingerprint) lines.push(x.fingerprint(s.node.fingerprint));
      if ((s.node.state === 'error' || s.node.state === 'backoff') && s.node.message) lines.push(s.node.message);
    }
  }
  // Tunnel lines appear only once the remote-access feature has configured tunnels.
  for (const t of s.tunnels) lines.push(x.tunnel(t.name, t.state));
  return lines;
}

function updateItem(s: ShellState, x: TrayTexts): MenuItemModel {
  const u = s.update;
  if (u.state === 'ready') return { kind: 'action', id: 'install-update', label: x.installUpdate(u.availableVersion), enabled: true };
  if (u.state === 'checking') return { kind: 'action', id: 'check-updates', label: x.checking, enabled: false };
  if (u.state === 'downloading') return { kind: 'action', id: 'check-updates', label: x.downloading(u.availableVersion), enabled: false };
  if (u.state === 'unsupported') return { kind: 'action', id: 'check-updates', label: x.updatesUnavailable, enabled: false };
  return { kind: 'action', id: 'check-updates', label: x.checkUpdates, enabled: true };
}

/** Builds the whole tray menu from the state, in the state's language. */
export function buildTrayMenu(s: ShellState): MenuItemModel[] {
  const x = trayTexts(s.lang);
  const items: MenuItemModel[] = statusLines(s, x).map((label) => ({ kind: 'status', label }));
  items.push({ kind: 'separator' });
  items.push({ kind: 'action', id: 'open-window', label: s.role === null ? x.setUp : x.open, enabled: true });
  if (s.role === 'gateway') {
    const running = s.gateway?.phase === 'running';
    items.push({ kind: 'action', id: 'pair-device', label: x.pairDevice, enabled: running });
    items.push({ kind: 'action', id: 'copy-phone-url', label: x.copyPhoneUrl, enabled: running && Boolean(s.gateway?.phoneUrl) });
  }
  if (s.role !== null && s.node) {
    items.push({ kind: 'action', id: 'toggle-node-pause', label: s.node.state === 'paused' ? x.resumeNode : x.pauseNode, enabled: true });
  }
  items.push({ kind: 'separator' });
  items.push({ kind: 'checkbox', id: 'toggle-launch-at-login', label: x.startAtLogin, checked: s.launchAtLogin });
  items.push(updateItem(s, x));
  // Role switching and the update channel live on the desktop settings page.
  if (s.role !== null) items.push({ kind: 'action', id: 'open-settings', label: x.settings, enabled: true });
  items.push({ kind: 'separator' });
  items.push({ kind: 'action', id: 'quit', label: s.platform === 'darwin' ? x.quitMac : x.quit, enabled: true });
  return items;
}
