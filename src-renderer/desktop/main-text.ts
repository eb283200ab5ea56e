/**
 * Sentences the main process sends in English (role-switch plans, update state, the wizard's
 * summaries, warnings and inline errors, the node agent's status), in the window's language.
 * Main's producers are fixed templates, so each is matched here by its shape and rebuilt in
 * Chinese with the same values. A sentence with no match (an agent's raw error) is not guessed
 * at: `mainText` returns undefined and the screen folds the English under "Technical details".
 * screens.spec.ts renders these screens from main's real producers, so a new or changed
 * template shows up there as English on a zh-CN screen.
 */
import type { Lang } from '../i18n/i18n.ts';
import { AGENT_EN, AGENT_ZH } from './agent-status-text.ts';

type Rule = [RegExp, (...m: string[]) => string | undefined];

const ROLE: Record<string, string> = { 'Gateway (home hub)': '家庭中枢（网关）', Node: '节点' };
const role = (r: string) => ROLE[r] ?? r;
const EXEC: Record<string, string> = { deny: '不允许', allowlist: '仅列出的命令', ask: '每次询问', full: '任何命令' };

const FAILURE_TITLES: Record<string, string> = {
  'That is not a setup code.': '这不是配对码。配对码是一长串字母和数字（或包含 #setup=… 的链接）。请从手机或家庭主机（“配对设备”）复制完整的配对码，重新粘贴。',
  'That address does not look right.': '地址格式不对。请使用网关地址，例如 ws://192.168.1.20:18789 或 http://home-pc:18789；输入家庭主机上“手机地址”下显示的地址，或从列表中选择网关。',
};

const RULES: Rule[] = [
  // Role-switch plan (src-main/electron/roles/switch-plan.ts)
  [/^Already a (.+)$/, (r) => `已经是${role(r)}`],
  [/^This machine already has the (.+) role; nothing changes\.$/, (r) => `这台机器已经是${role(r)}，不会有任何变化。`],
  [/^Set up as (.+)\?$/, (r) => `设置为${role(r)}？`],
  [/^Switch from (.+) to (.+)\?$/, (a, b) => `从${role(a)}切换为${role(b)}？`],
  [/^Switch to (.+)$/, (r) => `切换为${role(r)}`],
  [/^These services stop now:$/, () => '以下服务会立即停止：'],
  [/^Nothing is running yet\.$/, () => '目前没有正在运行的服务。'],
  [/^Stops this machine's own node: the phone can no longer run work here\.$/, () => '停止本机自带的节点：手机将无法再在这台机器上运行任务。'],
  [/^Disconnects this node from (\S+): the gateway stops sending it work\.$/, (u) => `断开本节点与 ${u} 的连接：网关不再向它发送任务。`],
  [/^Stops the gateway(?: at (\S+))?: every node and phone connected to it lose the connection\.$/, (u) => `停止网关${u ? ` ${u}` : ''}：所有连接它的节点和手机都会断开。`],
  [/^Stops the gateway(?: at (\S+))?: (\d+) nodes? online and every phone connected to it lose the connection\.$/, (u, n) => `停止网关${u ? ` ${u}` : ''}：${n} 个在线节点和所有连接它的手机都会断开。`],
  [/^Stops (\d+) tunnels? to this machine\.$/, (n) => `停止通往这台机器的 ${n} 条隧道。`],
  [/^The gateway(?: at (\S+))? runs outside the app \(pid (\d+)\) and keeps running; stop it with `hearth gateway uninstall` if it is the service\.$/, (u, pid) => `网关${u ? ` ${u} ` : ''}由本应用之外运行（进程号 ${pid}），会继续运行；如果它是系统服务，请用 \`hearth gateway uninstall\` 停止。`],
  [/^Paired devices and history stay in the state directory; switching back restores them\.$/, () => '已配对的设备和历史记录保留在状态目录中，切换回来即可恢复。'],
  [/^Then you pick the gateway this machine joins and pair it \(setup code or approval\)\.$/, () => '然后选择这台机器要加入的网关并完成配对（配对码或批准）。'],
  [/^Then you choose a port; a new token is generated and a QR code pairs the phone\.$/, () => '然后选择端口；系统会生成新令牌，并用二维码配对手机。'],
  // Updates (src-main/electron/updater)
  [/^Hearth (\S+) is available \(you have (\S+)\); it downloads in the background\.$/, (v, c) => `Hearth ${v} 已发布（当前为 ${c}），正在后台下载。`],
  [/^Hearth (\S+) is the latest (beta|stable) version\.$/, (v, ch) => `Hearth ${v} 已是最新的${ch === 'beta' ? '测试版' : '稳定版'}。`],
  [/^Downloading (\S+): (\d+) %$/, (v, p) => `正在下载 ${v === 'the update' ? '更新' : v}：${p}%`],
  [/^Hearth (\S+) is ready: restart to install it\.$/, (v) => `Hearth ${v} 已下载完成：重启即可安装。`],
  [/^Hearth checks for updates at start and every few hours\.$/, () => 'Hearth 会在启动时和每隔几小时检查更新。'],
  [/^Checking for updates…$/, () => '正在检查更新…'],
  [/^Could not check for updates: (.+)\. Hearth will try again later\.$/, (why) => `无法检查更新：${UPDATE_WHY[why] ?? `\`${why}\``}。Hearth 稍后会再试。`],
  [/^Automatic updates are off: (.+)\.$/, (why) => { const w = UPDATE_OFF[why]; return w && `自动更新已关闭：${w}。`; }],
  // The role switch confirmed (app-controller.ts)
  [/^Switching to (node|gateway): continue in the setup steps\.$/, (r) => `正在切换为${r === 'node' ? '节点' : '家庭中枢（网关）'}：请在接下来的设置步骤中继续。`],
  // Wizard (src-main/electron/wizard/machine.ts, roles/phone-pairing.ts)
  [/^This machine is the gateway at (\S+)\. Hearth keeps running in the tray\.$/, (u) => `这台机器现在是网关（${u}）。Hearth 会在系统托盘中继续运行。`],
  [/^This machine is a node of (\S+)\. Hearth keeps running in the tray\.$/, (u) => `这台机器现在是 ${u} 的节点。Hearth 会在系统托盘中继续运行。`],
  [/^The public URL must start with http:\/\/, https:\/\/, ws:\/\/ or wss:\/\/, e\.g\. (\S+)$/, (u) => `公开地址必须以 http://、https://、ws:// 或 wss:// 开头，例如 ${u}`],
  [/^This link works only on the home network\. For access from anywhere, set a tailnet or tunnel URL as the public URL\.$/, () => '此链接只在家庭网络中有效。要在任何地方访问，请把 tailnet 或隧道地址设为公开地址。'],
  [/^The gateway listens only on this machine, so a phone cannot open this link yet\./, () => '网关只在本机监听，手机暂时无法打开此链接。请设置公开地址（tailnet 或隧道地址）：设置步骤中的“公开地址”一栏，或 hearth.json 中的 `gateway.publicUrl`。'],
  // Recent runs (src-main/electron/roles/recent-runs.ts)
  [/^refused by the exec policy(?: \((deny|allowlist|ask|full)\))?$/, (p) => `被执行策略拒绝${p ? `（${EXEC[p]}）` : ''}`],
  [/^timed out$/, () => '超时'],
  // A node agent outside the app (src-main/electron/roles/node-status-view.ts)
  [/^This machine's node already runs outside the app \(pid (\d+): the service from `hearth node install`, or `hearth node run`\), so the app starts no second one; it starts its own when that one stops\.$/, (pid) => `这台机器的节点已在本应用之外运行（进程号 ${pid}：\`hearth node install\` 安装的服务，或 \`hearth node run\`），所以本应用不再启动第二个；那个停止后，本应用会自己启动节点。`],
  // Node agent status (src-main/core/agent)
  ...AGENT_ZH,
];

/** Why an update check failed (humanError in updater/policy.ts) or updates are off (updateUnsupportedReason). */
const UPDATE_WHY: Record<string, string> = {
  'the update server is unreachable': '连不上更新服务器',
  'the update server has no release for this channel': '更新服务器上没有这个渠道的版本',
};
const UPDATE_OFF: Record<string, string> = {
  'updates are disabled (HEARTH_DISABLE_UPDATES=1)': '更新已被禁用（`HEARTH_DISABLE_UPDATES=1`）',
  'this is a development build; updates apply to installed builds only': '这是开发版本，只有安装的版本才会自动更新',
  'this Linux build was not installed as an AppImage or .deb; update it with your package manager': '这个 Linux 版本不是以 AppImage 或 .deb 安装的，请用你的软件包管理器更新',
};

/** `text` in `lang`; undefined when it is a sentence with no known template (show it as details). */
export function mainText(lang: Lang, text: string): string | undefined {
  if (lang === 'en') {
    for (const [re, build] of AGENT_EN) {
      const m = re.exec(text);
      if (m) return build(...m.slice(1).map((s) => s ?? '')) ?? text;
    }
    return text;
  }
  for (const [title, zh] of Object.entries(FAILURE_TITLES)) if (text.startsWith(title)) return zh;
  for (const [re, build] of RULES) {
    const m = re.exec(text);
    if (m) return build(...m.slice(1).map((s) => s ?? ''));
  }
  return undefined;
}
