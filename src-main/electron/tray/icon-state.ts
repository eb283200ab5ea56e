/**
 * The tray icon colour from the shell state: green all good, amber connecting or degraded,
 * red error, grey stopped (or not set up yet). Also which PNG to load for a menu-bar appearance.
 */
import type { ShellState } from '../shell-state.ts';
import { trayTexts } from './tray-texts.ts';

export type TrayColor = 'green' | 'amber' | 'red' | 'grey';
export type MenuBarAppearance = 'light' | 'dark';

export const TRAY_COLORS: readonly TrayColor[] = ['green', 'amber', 'red', 'grey'];

const NODE_COLOR = {
  connected: 'green', connecting: 'amber', backoff: 'amber', 'pairing-required': 'amber', error: 'red', stopped: 'grey', paused: 'grey', outside: 'green',
} as const satisfies Record<NonNullable<ShellState['node']>['state'], TrayColor>;

/** Worst-of: red beats amber beats green; grey only when nothing runs. */
function worst(a: TrayColor, b: TrayColor): TrayColor {
  const rank: Record<TrayColor, number> = { grey: 0, green: 1, amber: 2, red: 3 };
  return rank[a] >= rank[b] ? a : b;
}

/** Computes the colour of the tray icon. */
export function trayColor(s: ShellState): TrayColor {
  if (s.role === null) return 'grey';
  let color: TrayColor;
  if (s.role === 'gateway') {
    const g = s.gateway;
    if (!g || g.phase === 'stopped') return 'grey';
    if (g.phase === 'error') return 'red';
    if (g.phase === 'starting') return 'amber';
    color = 'green';
    // Open alerts: a critical one makes the icon red, any other unacknowledged one amber.
    if (g.alerts?.critical) color = 'red';
    else if (g.alerts?.unacknowledged) color = 'amber';
    // The home PC's own node is secondary: it can degrade the icon but never make it red.
    if (s.node && s.node.state !== 'paused' && s.node.state !== 'stopped') {
      const n: TrayColor = NODE_COLOR[s.node.state];
      color = worst(color, n === 'red' ? 'amber' : n);
    }
  } else {
    if (!s.node) return 'grey';
    color = NODE_COLOR[s.node.state];
    if (color === 'grey') return color;
  }
  if (s.tunnels.some((t) => t.state !== 'up')) color = worst(color, 'amber');
  return color;
}

/** Short tooltip text for the tray icon. */
export function trayTooltip(s: ShellState): string {
  const x = trayTexts(s.lang);
  const role = s.role === 'gateway' ? x.tooltipRole.gateway : s.role === 'node' ? x.tooltipRole.node : x.tooltipRole.none;
  const tunnels = s.tunnels.map((t) => x.tooltipTunnel(t.name, t.state, t.state === 'up' ? t.rttMs : undefined));
  return [x.tooltip(role, x.tooltipColor[trayColor(s)]), ...tunnels].join(' · ');
}

/**
 * File name of the tray icon in resources/tray/. Dark menu bars get the light-outlined icon;
 * `@2x` variants sit next to each file so Electron picks them on HiDPI screens.
 */
export function trayIconFile(color: TrayColor, appearance: MenuBarAppearance): string {
  return `tray-${color}-${appearance}.png`;
}
