/**
 * The tray / menu-bar menu as data, built from the shell state by one pure function. The thin
 * Electron layer (tray.ts) only maps these items to `Menu.buildFromTemplate` and routes clicks
 * by action id.
 */
import type { ShellState } from '../shell-state.ts';

export type TrayAction =
  | 'open-window' | 'pair-device' | 'copy-phone-url' | 'toggle-node-pause' | 'toggle-launch-at-login' | 'open-settings'
  | 'check-updates' | 'install-update' | 'quit';

export type MenuItemModel =
  | { kind: 'status'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; id: TrayAction; label: string; enabled: boolean }
  | { kind: 'checkbox'; id: TrayAction; label: string; checked: boolean };

const NODE_WORDS: Record<NonNullable<ShellState['node']>['state'], string> = {
  connected: 'connected',
  connecting: 'connecting…',
  backoff: 'reconnecting…',
  'pairing-required': 'waiting for approval',
  error: 'error',
  stopped: 'stopped',
  paused: 'paused',
};

function statusLines(s: ShellState): string[] {
  if (s.role === null) return ['Hearth — not set up yet'];
  const lines: string[] = [];
  if (s.role === 'gateway') {
    lines.push('Hearth — Gateway');
    const g = s.gateway;
    if (!g || g.phase === 'stopped') lines.push('Gateway stopped');
    else if (g.phase === 'starting') lines.push('Gateway starting…');
    else if (g.phase === 'error') lines.push(`Gateway error${g.message ? `: ${g.message}` : ''}`);
    else {
      lines.push(`Gateway: ${g.url ?? 'running'}`);
      lines.push(`Nodes online: ${g.nodesOnline ?? '—'}`);
      if (g.alerts?.open) lines.push(`Alerts: ${g.alerts.open} open${g.alerts.critical ? ` (${g.alerts.critical} critical)` : ''} — open Hearth to see them`);
    }
    if (s.node) lines.push(`This machine as a node: ${NODE_WORDS[s.node.state]}`);
  } else {
    lines.push('Hearth — Node');
    if (!s.node) lines.push('Node agent not running');
    else {
      lines.push(`Gateway: ${s.node.gatewayUrl} (${NODE_WORDS[s.node.state]})`);
      if (s.node.state === 'pairing-required' && s.node.fingerprint) lines.push(`Fingerprint: ${s.node.fingerprint}`);
      if ((s.node.state === 'error' || s.node.state === 'backoff') && s.node.message) lines.push(s.node.message);
    }
  }
  // Tunnel lines appear only once the remote-access feature has configured tunnels.
  for (const t of s.tunnels) lines.push(`Tunnel ${t.name}: ${t.state === 'up' ? 'up' : t.state === 'connecting' ? 'connecting…' : 'down'}`);
  return lines;
}

function updateItem(s: ShellState): MenuItemModel {
  const u = s.update;
  if (u.state === 'ready') return { kind: 'action', id: 'install-update', label: `Restart to install ${u.availableVersion ?? 'the update'}`, enabled: true };
  if (u.state === 'checking') return { kind: 'action', id: 'check-updates', label: 'Checking for updates…', enabled: false };
  if (u.state === 'downloading') return { kind: 'action', id: 'check-updates', label: `Downloading ${u.availableVersion ?? 'update'}…`, enabled: false };
  if (u.state === 'unsupported') return { kind: 'action', id: 'check-updates', label: 'Check for updates (not available in this build)', enabled: false };
  return { kind: 'action', id: 'check-updates', label: 'Check for updates…', enabled: true };
}

/** Builds the whole tray menu from the state. */
export function buildTrayMenu(s: ShellState): MenuItemModel[] {
  const items: MenuItemModel[] = statusLines(s).map((label) => ({ kind: 'status', label }));
  items.push({ kind: 'separator' });
  items.push({ kind: 'action', id: 'open-window', label: s.role === null ? 'Set up Hearth…' : 'Open Hearth', enabled: true });
  if (s.role === 'gateway') {
    const running = s.gateway?.phase === 'running';
    items.push({ kind: 'action', id: 'pair-device', label: 'Pair a device…', enabled: running });
    items.push({ kind: 'action', id: 'copy-phone-url', label: 'Copy phone URL', enabled: running && Boolean(s.gateway?.phoneUrl) });
  }
  if (s.role !== null && s.node) {
    items.push({ kind: 'action', id: 'toggle-node-pause', label: s.node.state === 'paused' ? 'Resume the node' : 'Pause the node', enabled: true });
  }
  items.push({ kind: 'separator' });
  items.push({ kind: 'checkbox', id: 'toggle-launch-at-login', label: 'Start at login', checked: s.launchAtLogin });
  items.push(updateItem(s));
  // Role switching and the update channel live on the desktop settings page.
  if (s.role !== null) items.push({ kind: 'action', id: 'open-settings', label: 'Settings…', enabled: true });
  items.push({ kind: 'separator' });
  items.push({ kind: 'action', id: 'quit', label: s.platform === 'darwin' ? 'Quit Hearth' : 'Quit', enabled: true });
  return items;
}
