/**
 * Every word of the tray menu and tooltip, in English and Simplified Chinese. The Chinese table
 * is typed from the English one, so a new line cannot ship in one language only. Messages that
 * come from elsewhere (an agent's error, a gateway failure) are shown as they arrived.
 */
import type { UiLanguage } from '../../../src-shared/i18n/pick-language.ts';
import type { NodeSnapshot } from '../shell-state.ts';
import type { TrayColor } from './icon-state.ts';

const en = {
  notSetUp: 'Hearth — not set up yet',
  gatewayTitle: 'Hearth — Gateway',
  nodeTitle: 'Hearth — Node',
  gatewayStopped: 'Gateway stopped',
  gatewayStarting: 'Gateway starting…',
  gatewayError: (message?: string) => `Gateway error${message ? `: ${message}` : ''}`,
  gatewayAt: (url: string) => `Gateway: ${url}`,
  gatewayRunning: 'running',
  gatewayOutside: (pid: number) => `Run outside the app (pid ${pid}, e.g. the Hearth service); quitting the app leaves it running`,
  nodesOnline: (n: string) => `Nodes online: ${n}`,
  alerts: (open: number, critical: number) => `Alerts: ${open} open${critical ? ` (${critical} critical)` : ''} — open Hearth to see them`,
  ownNode: (state: string) => `This machine as a node: ${state}`,
  agentNotRunning: 'Node agent not running',
  nodeGateway: (url: string, state: string) => `Gateway: ${url} (${state})`,
  fingerprint: (f: string) => `Fingerprint: ${f}`,
  tunnel: (name: string, state: 'up' | 'connecting' | 'down') => `Tunnel ${name}: ${state === 'connecting' ? 'connecting…' : state}`,
  nodeState: {
    connected: 'connected', connecting: 'connecting…', backoff: 'reconnecting…', 'pairing-required': 'waiting for approval',
    error: 'error', stopped: 'stopped', paused: 'paused', outside: 'runs outside the app (e.g. the Hearth service)',
  } satisfies Record<NodeSnapshot['state'], string>,
  setUp: 'Set up Hearth…',
  open: 'Open Hearth',
  pairDevice: 'Pair a device…',
  copyPhoneUrl: 'Copy phone URL',
  resumeNode: 'Resume the node',
  pauseNode: 'Pause the node',
  startAtLogin: 'Start at login',
  settings: 'Settings…',
  quitMac: 'Quit Hearth',
  quit: 'Quit',
  installUpdate: (v?: string) => `Restart to install ${v ?? 'the update'}`,
  checking: 'Checking for updates…',
  downloading: (v?: string) => `Downloading ${v ?? 'update'}…`,
  updatesUnavailable: 'Check for updates (not available in this build)',
  checkUpdates: 'Check for updates…',
  tooltipRole: { gateway: 'Gateway', node: 'Node', none: 'Not set up' },
  tooltipColor: { green: 'all good', amber: 'connecting or degraded', red: 'needs attention', grey: 'stopped' } satisfies Record<TrayColor, string>,
  tooltip: (role: string, words: string) => `Hearth — ${role}: ${words}`,
  tooltipTunnel: (name: string, state: string, rttMs?: number) => `tunnel to ${name} ${state}${rttMs !== undefined ? ` (${Math.round(rttMs)} ms)` : ''}`,
};

export type TrayTexts = typeof en;

const zhCN: TrayTexts = {
  notSetUp: 'Hearth — 尚未设置',
  gatewayTitle: 'Hearth — 网关',
  nodeTitle: 'Hearth — 节点',
  gatewayStopped: '网关已停止',
  gatewayStarting: '网关正在启动…',
  gatewayError: (message) => `网关出错${message ? `：${message}` : ''}`,
  gatewayAt: (url) => `网关：${url}`,
  gatewayRunning: '运行中',
  gatewayOutside: (pid) => `由本应用之外运行（进程号 ${pid}，例如 Hearth 服务）；退出本应用不会停止它`,
  nodesOnline: (n) => `在线节点：${n}`,
  alerts: (open, critical) => `告警：${open} 条未处理${critical ? `（${critical} 条严重）` : ''} — 打开 Hearth 查看`,
  ownNode: (state) => `本机作为节点：${state}`,
  agentNotRunning: '节点代理未运行',
  nodeGateway: (url, state) => `网关：${url}（${state}）`,
  fingerprint: (f) => `指纹：${f}`,
  tunnel: (name, state) => `隧道 ${name}：${state === 'up' ? '已连通' : state === 'connecting' ? '正在连接…' : '已断开'}`,
  nodeState: {
    connected: '已连接', connecting: '正在连接…', backoff: '正在重连…', 'pairing-required': '等待批准',
    error: '出错', stopped: '已停止', paused: '已暂停', outside: '在本应用之外运行（例如 Hearth 服务）',
  },
  setUp: '设置 Hearth…',
  open: '打开 Hearth',
  pairDevice: '配对设备…',
  copyPhoneUrl: '复制手机地址',
  resumeNode: '恢复节点',
  pauseNode: '暂停节点',
  startAtLogin: '登录时启动',
  settings: '设置…',
  quitMac: '退出 Hearth',
  quit: '退出',
  installUpdate: (v) => `重启以安装 ${v ?? '更新'}`,
  checking: '正在检查更新…',
  downloading: (v) => `正在下载 ${v ?? '更新'}…`,
  updatesUnavailable: '检查更新（此版本不支持）',
  checkUpdates: '检查更新…',
  tooltipRole: { gateway: '网关', node: '节点', none: '尚未设置' },
  tooltipColor: { green: '一切正常', amber: '正在连接或部分异常', red: '需要处理', grey: '已停止' },
  tooltip: (role, words) => `Hearth — ${role}：${words}`,
  tooltipTunnel: (name, state, rttMs) => `通往 ${name} 的隧道${state === 'up' ? '已连通' : state === 'connecting' ? '正在连接' : '已断开'}${rttMs !== undefined ? `（${Math.round(rttMs)} ms）` : ''}`,
};

const TABLES: Record<UiLanguage, TrayTexts> = { en, 'zh-CN': zhCN };

/** The tray's words in `lang` (English when absent). */
export function trayTexts(lang: UiLanguage | undefined): TrayTexts {
  return TABLES[lang ?? 'en'];
}
