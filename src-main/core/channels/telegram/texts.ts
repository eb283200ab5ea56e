/**
 * What the bot says, in English and Chinese; a user's Telegram language (`language_code` zh*)
 * picks Chinese. Placeholders are `{name}`; callers escape values for HTML before filling them in.
 */
export type Lang = 'en' | 'zh';

export function langOf(code: string | undefined): Lang {
  return code?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

const en = {
  pairCode: 'Hi! This bot belongs to a Hearth home hub and answers only its owner.\nYour pairing code: <code>{code}</code> (valid 1 hour).\nThe owner admits you on the gateway machine with:\n<code>hearth telegram approve {code}</code>',
  pairBusy: 'This bot already has 3 pairing requests waiting. Ask the owner to approve or remove them, then write again.',
  pairAdmitted: 'You are now an owner of this Hearth hub. Send /help to see what I can do.',
  help: 'Hearth commands:\n/status — gateway, nodes, approvals, alerts\n/nodes — machines and whether they are online\n/run &lt;node&gt; &lt;command…&gt; — run a command on a node\n/pending — requests waiting for approval (with buttons)\n/alerts — open alerts\n/tunnel — remote access state\n/mute 1h — silence alert messages (30m, 2h, 1d; /mute off)\n/wake &lt;node&gt; — wake a sleeping machine (Wake-on-LAN)\n/help — this list',
  unknownCommand: 'hearth: unknown command {cmd}; send /help for the list',
  statusHead: '<b>Hearth {version}</b> — up {uptime}',
  statusNodes: 'Nodes: {connected} online of {total}',
  statusPending: 'Waiting for approval: {devices} device(s), {surfaces} node(s) wanting new commands, {exec} exec approval(s)',
  statusAlerts: 'Open alerts: {n}',
  statusMuted: 'Alerts muted until {until}',
  nodesNone: 'No nodes yet. Pair one: <code>hearth qr --node</code> on the gateway, then <code>hearth node run --pair &lt;code&gt;</code> on the node machine.',
  online: 'online',
  offline: 'offline',
  approvalPending: 'commands awaiting approval',
  runUsage: 'hearth: /run needs a node and a command, e.g. <code>/run laptop uptime</code>',
  runCut: '… output cut at {shown} of {total} characters; the full output is attached.',
  runExit: 'exit {code} on {node} ({ms} ms)',
  runTimedOut: 'timed out on {node} after {ms} ms',
  runNoOutput: '(no output)',
  pendingNone: 'Nothing is waiting for approval.',
  alertsNone: 'No open alerts.',
  alertsHead: '<b>Open alerts</b>',
  tunnelNone: 'No remote access module is running on this gateway (tunnels come with the remote-access feature).',
  tunnelHead: '<b>Remote access</b>',
  muteUsage: 'hearth: /mute needs a duration like 30m, 1h, 2d (or /mute off)',
  muted: 'Alert messages muted until {until}. /mute off turns them back on.',
  unmuted: 'Alert messages are on again.',
  alertsGroup: '<b>Hearth alerts</b>',
  alertCleared: 'resolved',
  cardDevice: '<b>Device pairing request</b>\nDevice: {name}\nPlatform: {platform}\nRole: {role}\nFingerprint: <code>{fingerprint}</code>\nAddress: {ip}\nScopes: {scopes}',
  cardNode: '<b>New node wants to join</b>\nNode: {name}\nPlatform: {platform}\nFingerprint: <code>{fingerprint}</code>\nAddress: {ip}\nMay run: {commands}\nApproving admits it with exactly these commands.',
  cardSurface: '<b>Node wants new commands</b>\nNode: {name}\nPlatform: {platform}\nFingerprint: <code>{fingerprint}</code>\nWants new commands: {commands}',
  cardExec: '<b>Exec approval</b>\nNode: {name}\nCommand: <code>{argv}</code>\nDirectory: <code>{cwd}</code>\nEnvironment: {env}\nAnswer by {expires} or it is denied.',
  btnApprove: '✅ Approve',
  btnReject: '❌ Reject',
  btnAllowOnce: '✅ Allow once',
  btnAllowAlways: '♾ Always allow',
  btnDeny: '❌ Deny',
  outcomeApproved: '✅ Approved by {by}',
  outcomeRejected: '❌ Rejected by {by}',
  outcomeAllowOnce: '✅ Allowed once by {by}',
  outcomeAllowAlways: '♾ Always allowed by {by}',
  outcomeDenied: '❌ Denied by {by}',
  outcomeExpired: '⌛ Expired without an answer',
  outcomeSuperseded: '↪ Replaced by a newer request',
  elsewhere: 'someone on the CLI or web UI',
  cbAlready: 'Already decided',
  cbExpired: 'Expired',
  cbDone: 'Done',
  cbFailed: 'Failed: {msg}',
  none: '(none)',
  errorLine: 'hearth: {msg}',
  wakeUsage: 'Usage: /wake &lt;node&gt; — sends the Wake-on-LAN packet from the gateway machine',
  wakeOnline: '<b>{name}</b> is already online; nothing to wake.',
  wakeSent: 'Sent the wake packet for <b>{name}</b> ({to}). Watch /nodes to see it come back.',
};

const zh: typeof en = {
  pairCode: '你好！这个机器人属于一台 Hearth 家庭中枢，只为主人服务。\n你的配对码：<code>{code}</code>（1 小时内有效）。\n请主人在 Gateway 机器上运行：\n<code>hearth telegram approve {code}</code>',
  pairBusy: '已有 3 个配对请求在等待。请主人先批准或移除它们，然后再发消息。',
  pairAdmitted: '你现在是这台 Hearth 中枢的主人。发送 /help 查看可用命令。',
  help: 'Hearth 命令：\n/status — Gateway、节点、审批、告警概况\n/nodes — 各台机器及在线状态\n/run &lt;节点&gt; &lt;命令…&gt; — 在节点上运行命令\n/pending — 等待审批的请求（带按钮）\n/alerts — 当前告警\n/tunnel — 远程访问状态\n/mute 1h — 暂停告警消息（30m、2h、1d；/mute off 恢复）\n/wake &lt;节点&gt; — 唤醒休眠的机器（网络唤醒）\n/help — 本列表',
  unknownCommand: 'hearth: 未知命令 {cmd}；发送 /help 查看列表',
  statusHead: '<b>Hearth {version}</b> — 已运行 {uptime}',
  statusNodes: '节点：{total} 台中 {connected} 台在线',
  statusPending: '等待审批：设备 {devices} 个，请求新命令的节点 {surfaces} 个，执行审批 {exec} 个',
  statusAlerts: '当前告警：{n} 条',
  statusMuted: '告警消息已暂停至 {until}',
  nodesNone: '还没有节点。先在 Gateway 上运行 <code>hearth qr --node</code>，再在节点机器上运行 <code>hearth node run --pair &lt;配对码&gt;</code>。',
  online: '在线',
  offline: '离线',
  approvalPending: '命令等待批准',
  runUsage: 'hearth: /run 需要节点和命令，例如 <code>/run laptop uptime</code>',
  runCut: '… 输出过长，只显示 {total} 个字符中的前 {shown} 个；完整输出见附件。',
  runExit: '{node} 上退出码 {code}（{ms} 毫秒）',
  runTimedOut: '{node} 上运行超时（{ms} 毫秒）',
  runNoOutput: '（无输出）',
  pendingNone: '没有等待审批的请求。',
  alertsNone: '当前没有告警。',
  alertsHead: '<b>当前告警</b>',
  tunnelNone: '此 Gateway 没有运行远程访问模块（隧道功能随远程访问一起提供）。',
  tunnelHead: '<b>远程访问</b>',
  muteUsage: 'hearth: /mute 需要时长，例如 30m、1h、2d（或 /mute off）',
  muted: '告警消息已暂停至 {until}。发送 /mute off 恢复。',
  unmuted: '告警消息已恢复。',
  alertsGroup: '<b>Hearth 告警</b>',
  alertCleared: '已恢复',
  cardDevice: '<b>设备配对请求</b>\n设备：{name}\n平台：{platform}\n角色：{role}\n指纹：<code>{fingerprint}</code>\n地址：{ip}\n权限：{scopes}',
  cardNode: '<b>新节点请求加入</b>\n节点：{name}\n平台：{platform}\n指纹：<code>{fingerprint}</code>\n地址：{ip}\n可运行的命令：{commands}\n批准后它即可加入，且只能运行这些命令。',
  cardSurface: '<b>节点请求新命令</b>\n节点：{name}\n平台：{platform}\n指纹：<code>{fingerprint}</code>\n新命令：{commands}',
  cardExec: '<b>执行审批</b>\n节点：{name}\n命令：<code>{argv}</code>\n目录：<code>{cwd}</code>\n环境变量：{env}\n请在 {expires} 前回答，否则拒绝。',
  btnApprove: '✅ 批准',
  btnReject: '❌ 拒绝',
  btnAllowOnce: '✅ 允许一次',
  btnAllowAlways: '♾ 总是允许',
  btnDeny: '❌ 拒绝',
  outcomeApproved: '✅ 已由 {by} 批准',
  outcomeRejected: '❌ 已由 {by} 拒绝',
  outcomeAllowOnce: '✅ 已由 {by} 允许一次',
  outcomeAllowAlways: '♾ 已由 {by} 设为总是允许',
  outcomeDenied: '❌ 已由 {by} 拒绝',
  outcomeExpired: '⌛ 已过期，无人回答',
  outcomeSuperseded: '↪ 已被更新的请求取代',
  elsewhere: '命令行或网页端的用户',
  cbAlready: '已经处理过了',
  cbExpired: '已过期',
  cbDone: '完成',
  cbFailed: '失败：{msg}',
  none: '（无）',
  errorLine: 'hearth: {msg}',
  wakeUsage: '用法：/wake &lt;节点&gt; — 从网关机器发送网络唤醒包',
  wakeOnline: '<b>{name}</b> 已经在线，无需唤醒。',
  wakeSent: '已为 <b>{name}</b> 发送唤醒包（{to}）。它上线后可在 /nodes 中看到。',
};

export type TextKey = keyof typeof en;
const TABLES: Record<Lang, typeof en> = { en, zh };

export function t(lang: Lang, key: TextKey, vars: Record<string, string | number> = {}): string {
  return TABLES[lang][key].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** Escapes text for Telegram's HTML parse mode. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The command menu per language, for setMyCommands. */
export const COMMAND_MENU: Record<Lang, { command: string; description: string }[]> = {
  en: [
    { command: 'status', description: 'Gateway, nodes, approvals, alerts' },
    { command: 'nodes', description: 'Machines and whether they are online' },
    { command: 'run', description: 'Run a command on a node: /run <node> <command…>' },
    { command: 'pending', description: 'Requests waiting for approval' },
    { command: 'alerts', description: 'Open alerts' },
    { command: 'tunnel', description: 'Remote access state' },
    { command: 'mute', description: 'Silence alert messages: /mute 1h' },
    { command: 'wake', description: 'Wake a sleeping machine: /wake <node>' },
    { command: 'help', description: 'What this bot can do' },
  ],
  zh: [
    { command: 'status', description: 'Gateway、节点、审批、告警概况' },
    { command: 'nodes', description: '各台机器及在线状态' },
    { command: 'run', description: '在节点上运行命令：/run <节点> <命令…>' },
    { command: 'pending', description: '等待审批的请求' },
    { command: 'alerts', description: '当前告警' },
    { command: 'tunnel', description: '远程访问状态' },
    { command: 'mute', description: '暂停告警消息：/mute 1h' },
    { command: 'wake', description: '唤醒休眠的机器：/wake <节点>' },
    { command: 'help', description: '机器人能做什么' },
  ],
};
