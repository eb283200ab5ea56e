import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ShellState } from '../../src-main/electron/shell-state.ts';
import { TRAY_COLORS, trayColor, trayIconFile, trayTooltip } from '../../src-main/electron/tray/icon-state.ts';
import { buildTrayMenu, type MenuItemModel } from '../../src-main/electron/tray/menu-model.ts';

const update = { state: 'idle', currentVersion: '0.1.0', channel: 'stable', message: '' } as const;

function state(over: Partial<ShellState> = {}): ShellState {
  return { role: 'gateway', platform: 'linux', tunnels: [], launchAtLogin: false, update, ...over };
}

const running = { phase: 'running', url: 'ws://127.0.0.1:18789', phoneUrl: 'http://100.64.0.1:18789/', nodesOnline: 2 } as const;
const labels = (items: MenuItemModel[]) => items.map((i) => (i.kind === 'separator' ? '---' : i.label));
const action = (items: MenuItemModel[], id: string) => items.find((i) => (i.kind === 'action' || i.kind === 'checkbox') && i.id === id);

describe('tray icon colour', () => {
  it('maps each situation to green / amber / red / grey', () => {
    assert.equal(trayColor(state({ role: null })), 'grey');
    assert.equal(trayColor(state({ gateway: running, node: { state: 'connected', gatewayUrl: 'ws://127.0.0.1:18789' } })), 'green');
    assert.equal(trayColor(state({ gateway: { phase: 'starting' } })), 'amber');
    assert.equal(trayColor(state({ gateway: { phase: 'error', message: 'port in use' } })), 'red');
    assert.equal(trayColor(state({ gateway: { phase: 'stopped' } })), 'grey');
    // The home PC's own node degrades the gateway icon but does not make it red.
    assert.equal(trayColor(state({ gateway: running, node: { state: 'error', gatewayUrl: 'x' } })), 'amber');
    assert.equal(trayColor(state({ gateway: running, node: { state: 'paused', gatewayUrl: 'x' } })), 'green');
    assert.equal(trayColor(state({ gateway: running, tunnels: [{ name: 'vps', state: 'down' }] })), 'amber');
    assert.equal(trayColor(state({ role: 'node', node: { state: 'connected', gatewayUrl: 'x' } })), 'green');
    assert.equal(trayColor(state({ role: 'node', node: { state: 'backoff', gatewayUrl: 'x' } })), 'amber');
    assert.equal(trayColor(state({ role: 'node', node: { state: 'pairing-required', gatewayUrl: 'x' } })), 'amber');
    assert.equal(trayColor(state({ role: 'node', node: { state: 'error', gatewayUrl: 'x' } })), 'red');
    assert.equal(trayColor(state({ role: 'node', node: { state: 'paused', gatewayUrl: 'x' } })), 'grey');
    assert.equal(trayColor(state({ role: 'node' })), 'grey');
  });

  it('open alerts: critical makes it red, unacknowledged amber, acknowledged ones leave it green; the menu says so', () => {
    const withAlerts = (alerts: { open: number; critical: number; unacknowledged: number }) => state({ gateway: { ...running, alerts } });
    assert.equal(trayColor(withAlerts({ open: 1, critical: 1, unacknowledged: 0 })), 'red');
    assert.equal(trayColor(withAlerts({ open: 2, critical: 0, unacknowledged: 1 })), 'amber');
    assert.equal(trayColor(withAlerts({ open: 2, critical: 0, unacknowledged: 0 })), 'green');
    assert.ok(labels(buildTrayMenu(withAlerts({ open: 2, critical: 1, unacknowledged: 2 }))).includes('Alerts: 2 open (1 critical) — open Hearth to see them'));
    assert.ok(!labels(buildTrayMenu(state({ gateway: running }))).some((l) => l.startsWith('Alerts:')));
  });

  it('names an icon file per colour and appearance, and a tooltip', () => {
    assert.equal(trayIconFile('amber', 'dark'), 'tray-amber-dark.png');
    assert.deepEqual(TRAY_COLORS, ['green', 'amber', 'red', 'grey']);
    assert.equal(trayTooltip(state({ role: 'node', node: { state: 'error', gatewayUrl: 'x' } })), 'Hearth — Node: needs attention');
  });
});

describe('tray menu model', () => {
  it('gateway role: status lines, pairing actions, node pause, login, updates, quit', () => {
    const items = buildTrayMenu(state({ gateway: running, node: { state: 'connected', gatewayUrl: 'ws://127.0.0.1:18789' } }));
    assert.deepEqual(labels(items), [
      'Hearth — Gateway', 'Gateway: ws://127.0.0.1:18789', 'Nodes online: 2', 'This machine as a node: connected', '---',
      'Open Hearth', 'Pair a device…', 'Copy phone URL', 'Pause the node', '---',
      'Start at login', 'Check for updates…', 'Settings…', '---', 'Quit',
    ]);
    assert.ok(items.slice(0, 4).every((i) => i.kind === 'status'), 'status lines are not clickable');
    assert.deepEqual(action(items, 'pair-device'), { kind: 'action', id: 'pair-device', label: 'Pair a device…', enabled: true });
  });

  it('shows tunnel lines only when tunnels exist, and "—" when the node count is unknown', () => {
    const without = labels(buildTrayMenu(state({ gateway: { phase: 'running', url: 'ws://127.0.0.1:1' } })));
    assert.ok(!without.some((l) => l.startsWith('Tunnel')));
    assert.ok(without.includes('Nodes online: —'));
    const withT = labels(buildTrayMenu(state({ gateway: running, tunnels: [{ name: 'vps', state: 'connecting' }] })));
    assert.ok(withT.includes('Tunnel vps: connecting…'));
  });

  it('disables pairing while the gateway is not running and copy without a phone URL', () => {
    const items = buildTrayMenu(state({ gateway: { phase: 'starting' } }));
    assert.equal((action(items, 'pair-device') as { enabled: boolean }).enabled, false);
    assert.equal((action(items, 'copy-phone-url') as { enabled: boolean }).enabled, false);
    assert.ok(labels(items).includes('Gateway starting…'));
  });

  it('node role: connected gateway, fingerprint while waiting, resume when paused; no pairing items', () => {
    const waiting = buildTrayMenu(state({ role: 'node', node: { state: 'pairing-required', gatewayUrl: 'ws://10.0.0.2:18789', fingerprint: 'AB:CD' } }));
    assert.deepEqual(labels(waiting).slice(0, 3), ['Hearth — Node', 'Gateway: ws://10.0.0.2:18789 (waiting for approval)', 'Fingerprint: AB:CD']);
    assert.equal(action(waiting, 'pair-device'), undefined);
    assert.equal(action(waiting, 'copy-phone-url'), undefined);
    const paused = buildTrayMenu(state({ role: 'node', node: { state: 'paused', gatewayUrl: 'ws://10.0.0.2:18789' } }));
    assert.equal((action(paused, 'toggle-node-pause') as { label: string }).label, 'Resume the node');
  });

  it('first run: set-up entry, no node or pairing items', () => {
    const items = buildTrayMenu(state({ role: null, platform: 'darwin' }));
    assert.deepEqual(labels(items), ['Hearth — not set up yet', '---', 'Set up Hearth…', '---', 'Start at login', 'Check for updates…', '---', 'Quit Hearth']);
  });

  it('reflects login and update state', () => {
    const items = buildTrayMenu(state({ launchAtLogin: true, update: { ...update, state: 'ready', availableVersion: '0.2.0' } }));
    assert.deepEqual(action(items, 'toggle-launch-at-login'), { kind: 'checkbox', id: 'toggle-launch-at-login', label: 'Start at login', checked: true });
    assert.deepEqual(action(items, 'install-update'), { kind: 'action', id: 'install-update', label: 'Restart to install 0.2.0', enabled: true });
    const checking = buildTrayMenu(state({ update: { ...update, state: 'checking' } }));
    assert.equal((action(checking, 'check-updates') as { enabled: boolean }).enabled, false);
  });
});

describe('tray and the VPS tunnel', () => {
  const gwState = (tunnels: ShellState['tunnels']): ShellState => ({
    role: 'gateway', platform: 'linux', launchAtLogin: false, update, tunnels, gateway: { phase: 'running', url: 'ws://127.0.0.1:18789' },
  });
  it('a tunnel that is not up turns the icon amber and the tooltip says so', () => {
    assert.equal(trayColor(gwState([{ name: 'vps.example', state: 'up', rttMs: 23.4 }])), 'green');
    assert.equal(trayTooltip(gwState([{ name: 'vps.example', state: 'up', rttMs: 23.4 }])), 'Hearth — Gateway: all good · tunnel to vps.example up (23 ms)');
    assert.equal(trayColor(gwState([{ name: 'vps.example', state: 'down' }])), 'amber');
    assert.match(trayTooltip(gwState([{ name: 'vps.example', state: 'connecting' }])), /tunnel to vps\.example connecting/);
  });
});

describe('tray in Simplified Chinese', () => {
  it('every line of the menu and the tooltip is in Chinese; agent messages stay as they came', () => {
    const zh = (over: Partial<ShellState>) => state({ lang: 'zh-CN', ...over });
    const gw = buildTrayMenu(zh({ launchAtLogin: true, gateway: { ...running, alerts: { open: 2, critical: 1, unacknowledged: 2 } }, node: { state: 'paused', gatewayUrl: 'ws://127.0.0.1:18789' }, tunnels: [{ name: 'v1', state: 'connecting' }] }));
    assert.deepEqual(labels(gw), [
      'Hearth — 网关', '网关：ws://127.0.0.1:18789', '在线节点：2', '告警：2 条未处理（1 条严重） — 打开 Hearth 查看', '本机作为节点：已暂停', '隧道 v1：正在连接…',
      '---', '打开 Hearth', '配对设备…', '复制手机地址', '恢复节点', '---', '登录时启动', '检查更新…', '设置…', '---', '退出',
    ]);
    const node = buildTrayMenu(zh({ role: 'node', node: { state: 'backoff', gatewayUrl: 'ws://home:18789', message: 'no gateway at ws://home:18789; retrying in 30 s' } }));
    assert.deepEqual(labels(node).slice(0, 3), ['Hearth — 节点', '网关：ws://home:18789（正在重连…）', 'no gateway at ws://home:18789; retrying in 30 s']);
    assert.deepEqual(labels(buildTrayMenu(zh({ role: null }))).slice(0, 3), ['Hearth — 尚未设置', '---', '设置 Hearth…']);
    assert.equal(trayTooltip(zh({ gateway: running, tunnels: [{ name: 'vps', state: 'up', rttMs: 23.4 }] })), 'Hearth — 网关：一切正常 · 通往 vps 的隧道已连通（23 ms）');
    // No line of a Chinese menu is left in English (the words Hearth and URLs aside).
    for (const l of [...labels(gw), ...labels(node)]) assert.doesNotMatch(l.replace(/Hearth|ws:\/\/\S+|no gateway.*/g, ''), /[A-Za-z]{3,}/, l);
  });
});

describe('tray with the gateway run outside the app (the service)', () => {
  it('says so in both languages; the window and pairing stay available', () => {
    const outside = { phase: 'running', url: 'ws://127.0.0.1:18789', outside: { pid: 4242 } } as const;
    for (const [lang, line] of [['en', /Run outside the app \(pid 4242, e\.g\. the Hearth service\); quitting the app leaves it running/], ['zh-CN', /由本应用之外运行（进程号 4242，例如 Hearth 服务）/]] as const) {
      const items = buildTrayMenu(state({ lang, gateway: outside }));
      assert.ok(labels(items).some((l) => line.test(l)), labels(items).join(' | '));
      assert.equal((action(items, 'pair-device') as { enabled: boolean }).enabled, true);
      assert.equal((action(items, 'open-window') as { enabled: boolean }).enabled, true);
    }
    assert.equal(trayColor(state({ gateway: outside })), 'green');
  });
});
