/**
 * Sentences the gateway writes in English (alert messages, address notes and warnings of the
 * remote-access module, storage errors), in the UI's language. The gateway builds them from fixed
 * templates, so each template is matched by its shape and rebuilt in Chinese with the same values;
 * a part that is free text from the system (an errno line) is kept verbatim in backticks, which
 * the UI shows as code. A sentence with no matching template gives undefined: the screen then
 * folds the English under "Technical details" instead of guessing. screens.spec.ts shows these
 * screens in zh-CN with real gateway output, so a new template shows up there as English.
 */
import { errnoZh } from './errno.ts';
import type { Lang } from './i18n.ts';

type Rule = [RegExp, (...m: string[]) => string | undefined];

const ROLE: Record<string, string> = { node: '节点', operator: '管理端' };
const STATE: Record<string, string> = { 'not mounted': '未挂载', missing: '不存在', 'read-only': '只读', hung: '无响应', unreachable: '无法访问' };
const ADVICE: Record<string, string> = {
  'mount it again (check the share and the credentials on that machine)': '请重新挂载（检查那台机器上的共享和凭据）',
  'check that the path exists and the share is mounted': '请检查路径是否存在、共享是否已挂载',
  'check the share permissions or remount it read-write': '请检查共享权限，或以读写方式重新挂载',
  'the file server stopped answering; check it, then remount (umount -l / fusermount -uz) if it does not recover': '文件服务器不再响应；请检查它，若不能恢复再重新挂载（umount -l / fusermount -uz）',
  'the file server does not answer on the network; check that it is on and reachable': '文件服务器在网络上没有响应；请确认它已开机且可以访问',
};

const TUNNEL_STATE: Record<string, string> = { connecting: '正在连接', backoff: '等待重试', disabled: '已关闭', 'remote-port-busy': '远端端口被占用' };

/** `s` as a regular expression that matches exactly it. */
function literal(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const APPROVAL_STATE: Record<string, string> = { 'allow-once': '已允许一次', 'allow-always': '已总是允许', deny: '已拒绝', denied: '已拒绝', expired: '已过期' };

/** net-detect.ts's own words when a tool fails without a message of its own. */
const TOOL: Record<string, string> = {
  'tailscale status failed': '`tailscale status` 执行失败',
  'tailscale status --json printed something that is not JSON': '`tailscale status --json` 的输出不是 JSON',
  'wg show failed': '`wg show` 执行失败',
};

/** The way to restart the gateway that restart-hint.ts names: a command as code, or the tray's words. */
function restartHint(h: string): string {
  if (h === 'quit Hearth from the tray menu and open it again') return '从托盘菜单退出 Hearth 再重新打开';
  const m = /^stop it \(Ctrl\+C\) and run `(.+)` again; as a service: (.+)$/.exec(h);
  return m ? `按 Ctrl+C 停止后重新运行 \`${m[1]}\`；作为服务运行时：\`${m[2]}\`` : `\`${h}\``;
}

const HEALTH: Record<string, string> = { down: '离线', unresponsive: '无响应', unreachable: '所在节点离线' };

/** A nested reason in Chinese, or as system text (in backticks) when no template knows it. */
function reason(s: string): string {
  return gatewayText('zh-CN', s) ?? `\`${s}\``;
}

/**
 * A system line that starts with an errno code ("ECONNREFUSED: connect ECONNREFUSED 1.2.3.4:80",
 * "EACCES: permission denied, statfs '/x'"): its meaning, with the line itself as code.
 */
function errnoLine(s: string): string | undefined {
  const m = /^(E[A-Z_]+): ./.exec(s);
  const meaning = m ? errnoZh(m[1]!) : undefined;
  return meaning && `${meaning}（\`${s}\`）`;
}

/** A system reason: its errno meaning when it has one, else a template, else the text as code. */
function sysReason(s: string): string {
  return errnoLine(s) ?? reason(s);
}

/** A retry delay as the gateway writes it ("5 s", "2 min"). */
function delay(n: string, unit: string): string {
  return `${n} ${unit === 'min' ? '分钟' : '秒'}`;
}

/** Why a tunnel connection failed (describeNetworkError in tunnel-supervisor.ts). */
const TUNNEL_WHY: Rule[] = [
  [/^nothing listens on port (\d+); is sshd running on the VPS\?$/, (p) => `端口 ${p} 上没有服务在监听；VPS 上的 sshd 在运行吗？`],
  [/^the name (\S+) does not resolve$/, (h) => `无法解析主机名 ${h}`],
  [/^(\S+) is unreachable from here \((\w+)\)$/, (h, c) => `从这里无法到达 ${h}（${c}）`],
  [/^connection reset$/, () => '连接被重置'],
  [/^connection closed$/, () => '连接被关闭'],
  [/^the SSH handshake timed out$/, () => 'SSH 握手超时'],
  [/^(\d+) keepalives unanswered$/, (n) => `连续 ${n} 次保活没有应答`],
];

function tunnelWhy(s: string): string {
  for (const [re, build] of TUNNEL_WHY) {
    const m = re.exec(s);
    if (m) return build(...m.slice(1).map((x) => x ?? '')) ?? `\`${s}\``;
  }
  return sysReason(s);
}

/** The steps of a storage probe (probe-child.ts), as a failed step names them. */
const STEP: Record<string, string> = { statfs: '读取容量', create: '创建测试文件', fsync: '写入测试文件', remove: '删除测试文件', probe: '探测', spawn: '启动探测进程' };

/** "server HOST:PORT answers / does not answer (why)" that storage messages end with. */
function serverText(s: string): string | undefined {
  if (/^server (\S+) answers$/.test(s)) return `服务器 ${s.slice(7, -8)} 有应答`;
  const m = /^server (\S+) does not answer \((.+)\)$/.exec(s);
  if (!m) return undefined;
  const why = m[2] === 'no connection' ? '连不上' : errnoZh(m[2]!) ?? sysReason(m[2]!);
  return `服务器 ${m[1]} 没有应答（${why}）`;
}

/** "endpoint: why" in the OpenAI endpoint's 503 (api.ts): why it could not serve the model. */
function endpointWhy(s: string): string {
  const m = /^(.+?): (.+)$/.exec(s);
  if (!m) return `\`${s}\``;
  const why = m[2] === 'cooling down after a failure' ? '上次失败后暂停使用' : HEALTH[m[2]!] ?? sysReason(m[2]!);
  return `${m[1]}：${why}`;
}

/** "name (path) on machine" of storage messages. */
function where(s: string): string | undefined {
  const m = /^(.+) \((.+)\) on (.+)$/.exec(s);
  return m ? `${m[1]}（${m[2]}，位于 ${m[3]}）` : undefined;
}

/** A command list "a, b and 2 more" / "no commands". */
function commands(s: string): string {
  if (s === 'no commands') return '（无命令）';
  return s.replace(/ and (\d+) more$/, ' 等另外 $1 个');
}

const RULES: Rule[] = [
  // Alerts: pairing, nodes, state disk (src-main/core/alerts/sources)
  [/^(.+?)(?: \(([^()]+)\))? asks to pair as (node|operator)(?:, fingerprint (\S+))?; approve with `hearth devices approve (\S+)` or reject it$/,
    (who, platform, role, fp, id) => `${who}${platform ? `（${platform}）` : ' '}请求以${ROLE[role] ?? role}身份配对${fp ? `，指纹 ${fp}` : ''}；在“节点”页批准或拒绝，或运行 \`hearth devices approve ${id}\``],
  [/^node (.+) asks to run (.+); approve with `hearth nodes approve (\S+)` or reject it$/,
    (who, cmds, id) => `节点 ${who} 请求运行 ${commands(cmds)}；在“节点”页批准或拒绝，或运行 \`hearth nodes approve ${id}\``],
  [/^node (.+) has been offline for more than (\d+) (s|min); check that its machine is on and its Hearth node is running$/,
    (n, d, u) => `节点 ${n} 已离线超过 ${d} ${u === 's' ? '秒' : '分钟'}；请确认那台机器已开机，并且 Hearth 节点正在运行`],
  [/^the gateway's state disk is (\d+) % full \(about (.+?) free at (.+)\); free space there or move the state dir \(--state-dir\)$/,
    (p, free, path) => `网关的状态磁盘已用 ${p}%（${path} 约剩 ${free}）；请清理空间，或用 --state-dir 换一个状态目录`],
  // Storage (src-main/core/storage)
  [/^Storage (.+) is (\d+) % full \((space|inodes); threshold (\d+) %(?:, full in about (\d+) days)?\); free some space$/,
    (w, p, what, limit, days) => { const at = where(w); return at && `存储 ${at}已用 ${p}%（${what === 'space' ? '空间' : 'inode'}；阈值 ${limit}%${days ? `，约 ${days} 天后用满` : ''}）；请清理空间`; }],
  [new RegExp(`^Storage (.+?) is (not mounted|missing|read-only|hung|unreachable)(?:: (.+?))?; (${Object.keys(ADVICE).map(literal).join('|')})$`),
    (w, state, err, advice) => {
      const at = where(w);
      const why = err ? gatewayText('zh-CN', err) : '';
      const todo = ADVICE[advice];
      return at && why !== undefined && todo ? `存储 ${at}${STATE[state] ?? state}${why ? `：${why}` : ''}；${todo}` : undefined;
    }],
  // A storage error that ends with what the file server's port said (classify.ts)
  [/^(.+); (server \S+ (?:answers|does not answer \(.+\)))$/, (head, server) => {
    const a = gatewayText('zh-CN', head);
    const b = serverText(server);
    return a && b ? `${a}；${b}` : undefined;
  }],
  [/^(server \S+ (?:answers|does not answer \(.+\)))$/, (server) => serverText(server)],
  [/^the filesystem has not answered (\w+) for ([\d.]+) s$/, (step, n) => `文件系统 ${n} 秒都没有响应（${STEP[step] ?? step}）`],
  [/^(\S+) does not exist on the mount(?: (\S+))?$/, (p, m) => (m ? `${p} 在挂载点 ${m} 上不存在` : `${p} 在挂载点上不存在`)],
  [/^the mount is broken \((.+)\)$/, (why) => `挂载已损坏（${sysReason(why)}）`],
  [/^(statfs|create|fsync|remove|probe|spawn) failed: (.+)$/, (step, why) => `${STEP[step] ?? step}失败：${sysReason(why)}`],
  [/^(\S+) is mounted read-only$/, (m) => `${m} 以只读方式挂载`],
  [/^cannot write: (.+)$/, (why) => `无法写入：${sysReason(why)}`],
  [/^write check failed: (.+)$/, (why) => `写入检查失败：${sysReason(why)}`],
  [/^inodes ([\d.]+) % used$/, (n) => `inode 已用 ${n}%`],
  [/^([\d.]+) % used$/, (n) => `已用 ${n}%`],
  [/^the node did not answer the probe: (.+)$/, (why) => `节点没有回应探测：${sysReason(why)}`],
  [/^cannot read the mount table: (.+)$/, (why) => `无法读取挂载表：${sysReason(why)}`],
  [/^cannot start the probe process: (.+)$/, (why) => `无法启动探测进程：${sysReason(why)}`],
  [/^probe process failed: (.+)$/, (why) => `探测进程失败：${sysReason(why)}`],
  [/^(\S+) exists \(another probe is running\)$/, (f) => `${f} 已存在（另一个探测正在运行）`],
  [/^the probe process ended \((.+)\) without a result$/, (how) => `探测进程没有给出结果就结束了（${how.replace(/^exit /, '退出码 ')}）`],
  [/^not checked yet$/, () => '还没有检查过'],
  // A mount on a node the gateway cannot ask (monitor.ts)
  [/^node (.+) is offline; showing its last check$/, (n) => `节点 ${n} 离线；显示的是它上一次的检查结果`],
  [/^node (.+) is no longer paired with this gateway; remove the mount or pair the node again$/, (n) => `节点 ${n} 已不再与这个网关配对；请移除这项存储，或重新配对那个节点`],
  [/^node (.+) does not offer (\S+); update Hearth there, then approve its commands \(`hearth nodes approve --latest`\)$/,
    (n, cmd) => `节点 ${n} 不提供 ${cmd}；请在那台机器上更新 Hearth，然后批准它的命令（\`hearth nodes approve --latest\`）`],
  [/^the node answered without results$/, () => '节点的回答里没有结果'],
  [/^the storage module is not started$/, () => '网关上的存储模块还没有启动'],
  [/^not mounted: (.+)$/, (r) => { const why = gatewayText('zh-CN', r); return why && `未挂载：${why}`; }],
  [/^the path is on the root filesystem, not on a mount of its own$/, () => '该路径在根文件系统上，不是单独的挂载点'],
  [/^no mount contains this path$/, () => '没有挂载点包含此路径'],
  [/^(\S+) does not exist$/, (p) => `${p} 不存在`],
  // Storage add/edit refusals (src-main/core/storage/methods.ts), shown in the storage form
  [/^the path "(.+)" is not absolute; give the full path on that machine \(e\.g\. (.+)\)$/, (p, eg) => `路径“${p}”不是绝对路径；请填写那台机器上的完整路径（例如 ${eg.replace(/ or /, ' 或 ').replace(/, /g, '、')}）`],
  [/^(.+) on (that node|the gateway) is already watched as "(.+)"; change it with the UI or remove it first \(`hearth storage remove (.+)`\)$/,
    (p, on, n, r) => `${p} 在${on === 'the gateway' ? '网关' : '那个节点'}上已作为“${n}”被监视；请修改那一项，或先移除它（\`hearth storage remove ${r}\`）`],
  [/^a storage named "(.+)" exists already; pick another (?:--name|name)$/, (n) => `已有名为“${n}”的存储；请换一个名称`],
  [/^(.+) is already watched on that machine$/, (p) => `${p} 在那台机器上已被监视`],
  [/^invalid server "(.+)": use host or host:port \(e\.g\. (\S+)\)$/, (v, eg) => `服务器“${v}”无效：请填写主机名，或“主机名:端口”（例如 ${eg}）`],
  [/^invalid path: it contains a NUL byte$/, () => '路径无效：其中含有 NUL 字节'],
  [/^no storage named "(.+)"; (?:known: (.+)|add one with `hearth storage add PATH`)$/, (n, known) => `没有名为“${n}”的存储（它可能刚被移除）${known ? `；现有的有：${known}` : ''}`],
  [/^the storage was removed while it was being checked; see `hearth storage list`$/, () => '检查期间这项存储被移除了'],
  [/^the warning threshold \((\d+) %\) must be below the critical one \((\d+) %\), e\.g\. --warn 80 --crit 90$/, (w, c) => `警告阈值（${w}%）必须低于严重阈值（${c}%），例如 80% 和 90%`],
  [/^invalid storage name: use 1-64 visible characters, e\.g\. --name nas$/, () => '存储名称无效：请使用 1–64 个可见字符'],
  [/^(\S+) does not exist \((.+)\)$/, (p, r) => { const why = gatewayText('zh-CN', r); return why && `${p} 不存在（${why}）`; }],
  // Models: probes and alerts (src-main/core/models: scan.ts, probe.ts, http-get.ts, inventory.ts)
  // The probe says "nothing answers" for a refused connection and for a name that does not resolve
  // alike; in Chinese the second one says what it is.
  [/^nothing answers there \((.+)\); start the model server, or check the URL and port$/,
    (e) => (/^E(?:NOTFOUND|AI_AGAIN): /.test(e) ? `那里没有服务应答：${errnoLine(e)}；请检查 URL 里的主机名` : `那里没有服务应答（\`${e}\`）；请启动模型服务，或检查 URL 和端口`)],
  [/^something answers there, but not like a model server \(no \/v1\/models or \/api\/tags\); check the URL$/, () => '那里有服务应答，但不是模型服务（没有 /v1/models 或 /api/tags）；请检查 URL'],
  [/^(E[A-Z_]+: .+); check the URL$/, (e) => `${errnoLine(e) ?? `\`${e}\``}；请检查 URL`],
  [/^invalid URL (\S+)$/, (u) => `URL 无效：${u}`],
  [/^probe cancelled$/, () => '探测被取消'],
  [/^answer larger than (\d+) bytes$/, (n) => `应答超过 ${n} 字节`],
  // Models screen actions (refresh, reorder) and the add refusals (src-main/core/models/module.ts)
  [/^an endpoint is already named (.+); pass another --name$/, (n) => `已有名为“${n}”的模型端点；请换一个名称`],
  [/^invalid endpoint URL: (.+); pass e\.g\. (\S+)$/, (why, eg) => `端点 URL 无效：${reason(why)}；例如 ${eg}`],
  [/^(\S+): only http:\/\/ and https:\/\/ model servers are supported$/, (u) => `${u}：只支持 http:// 和 https:// 的模型服务`],
  [/^no model endpoint (.+); see `hearth models status` for names and ids$/, (n) => `没有模型端点 ${n}（它可能刚被移除）；请刷新后再试，或运行 \`hearth models status\` 查看名称和 ID`],
  [/^the models module is not running$/, () => '网关上的模型模块没有在运行'],
  [/^models module stopped$/, () => '网关上的模型模块已停止'],
  [/^model endpoint (.+) \((\S+)\) is cooling down after a failed request; requests go to the next endpoint$/, (n, u) => `模型端点 ${n}（${u}）刚有一次请求失败，暂停使用中；请求会转到下一个端点`],
  // A node relaying a request to its model server (node-commands.ts), inside the Try-it 503
  [/^model server (\S+) broke off its answer: (.+)$/, (u, why) => `模型服务 ${u} 中途断开了回答：${sysReason(why)}`],
  [/^model server (\S+): (.+)$/, (u, why) => `模型服务 ${u}：${sysReason(why)}`],
  [/^(\S+) is not a model server this node has inventoried; refresh the inventory first$/, (u) => `${u} 不在这个节点已发现的模型服务里；请先刷新`],
  [/^an OpenClaw node offers chat only$/, () => 'OpenClaw 节点只提供对话接口'],
  [/^HTTP (\d+) from the listing endpoint$/, (c) => `模型列表接口返回 HTTP ${c}`],
  [/^accepted the connection but did not answer within (\d+) ms$/, (n) => `接受了连接，但 ${n} 毫秒内没有应答`],
  [/^no connection within (\d+) ms$/, (n) => `${n} 毫秒内没能建立连接`],
  [/^model endpoint (.+) \((\S+)\) is (down|unresponsive|unreachable)(?:: (.+))?; requests go to the next endpoint serving the same model$/,
    (n, u, h, why) => `模型端点 ${n}（${u}）${HEALTH[h] ?? h}${why ? `：${reason(why)}` : ''}；请求会转到下一个提供同一模型的端点`],
  [/^model endpoint (.+) \((\S+)\) failed a request \((.+)\); it is left out for (\d+) s$/,
    (n, u, why, s) => `模型端点 ${n}（${u}）有一次请求失败（${reason(why)}）；接下来 ${s} 秒不再使用它`],
  // The OpenAI-compatible endpoint's refusals (src-main/core/models/api.ts), shown by "Try it"
  [/^No endpoint could serve `(.+)` right now \((.+)\)\. Check `hearth models status`\.$/,
    (m, why) => `现在没有端点能提供 \`${m}\`（${why.split('; ').map(endpointWhy).join('；')}）。请在上方查看各端点的状态，或运行 \`hearth models status\`。`],
  [/^no answer within (\d+) ms$/, (n) => `${n} 毫秒内没有应答`],
  [/^HTTP (\d+)$/, (c) => `返回了 HTTP ${c}`],
  [/^the node sent an unreadable response head$/, () => '节点发回的响应头无法读取'],
  [/^the node finished without a response head$/, () => '节点没有发回响应头就结束了'],
  [/^stream error$/, () => '流式输出出错'],
  // fetch() in the browser when the gateway cannot be reached at all (Chromium, Firefox, Safari)
  [/^(?:Failed to fetch|NetworkError when attempting to fetch resource\.|Load failed)$/, () => '连不上网关（浏览器发不出这个请求）'],
  [/^The model `(.+)` does not exist on any endpoint of this home \(see GET \/v1\/models\)\.$/, (m) => `家里没有任何端点提供模型 \`${m}\`（见 GET /v1/models）。`],
  [/^the model server broke off the stream$/, () => '模型服务中断了流式输出'],
  // Config reload (src-main/core/config-reload)
  [/^hearth\.json was not reloaded: (.+)$/, (e) => `hearth.json 没有重新加载：${reason(e)}`],
  [/^(\S+?)(?: line (\d+) column (\d+))?: not valid JSON \((.+)\); fix that line and save again$/,
    (p, l, c, why) => `${p}${l ? ` 第 ${l} 行第 ${c} 列` : ''}不是有效的 JSON（\`${why}\`）；请改正那一行后再保存`],
  [/^(\S+?)(?: line (\d+))?: reload failed \((.+)\); the previous settings stay$/, (p, l, why) => `${p}${l ? ` 第 ${l} 行` : ''}：重新加载失败（${sysReason(why)}）；继续使用之前的设置`],
  [/^(\S+?)(?: line (\d+))?: (\S+) cannot be applied \((.+)\); the previous settings stay$/, (p, l, key, why) => `${p}${l ? ` 第 ${l} 行` : ''}：${key} 无法应用（${sysReason(why)}）；继续使用之前的设置`],
  [/^config reloaded: (\S+) changed; restart the gateway to apply it \((.+)\)$/, (key, hint) => `已重新加载配置：${key} 改了，要在家里的电脑上重启网关才会生效（${restartHint(hint)}）`],
  [/^(\S+) is empty; put the settings back \(at least \{\}\), or run `hearth setup --force` to write a fresh one$/,
    (p) => `${p} 是空的；请把设置放回去（至少写 {}），或运行 \`hearth setup --force\` 重新生成`],
  // Telegram token (src-main/core/channels/telegram/service.ts), shown in Settings
  [/^that is not a bot token \(it looks like 123456789:AA…, from @BotFather\); nothing was saved$/, () => '这不是机器人令牌（它看起来像 123456789:AA…，由 @BotFather 给出）；没有保存任何内容'],
  [/^Telegram refused the token \((.+)\); copy it again from @BotFather; nothing was saved$/, (why) => `Telegram 拒绝了这个令牌（\`${why}\`）；请从 @BotFather 重新复制；没有保存任何内容`],
  [/^cannot reach the Bot API at (\S+) \((.+)\); check the network or --api-root; nothing was saved$/, (w, why) => `连不上 ${w} 的 Bot API（\`${why}\`）；请检查网络；没有保存任何内容`],
  [/^Telegram refused polling \((.+?)\): another program is polling this bot token, or a webhook is set for it\. Stop the other Hearth gateway or bot using the same token \(or remove the webhook with the Bot API's deleteWebhook\), then Hearth resumes by itself$/,
    (why) => `Telegram 拒绝了轮询（\`${why}\`）：另一个程序在用这个机器人令牌轮询，或者它设置了 webhook。请停掉使用同一令牌的另一个 Hearth 网关或机器人（或用 Bot API 的 deleteWebhook 删除 webhook），之后 Hearth 会自动恢复`],
  [/^the Telegram module is not running; check the gateway log$/, () => '网关上的 Telegram 模块没有在运行；请查看网关日志'],
  [/^getMe failed \((.+)\); nothing was saved$/, (why) => `调用 getMe 失败（\`${why}\`）；没有保存任何内容`],
  [/^cannot load the Telegram library \((.+)\); reinstall Hearth$/, (why) => `无法加载 Telegram 库（\`${why}\`）；请在家里的电脑上重新安装 Hearth`],
  [/^no pending Telegram pairing code (\S+) \(codes last 1 hour\); see `hearth telegram pending`$/, (c) => `没有待处理的 Telegram 配对码 ${c}（配对码 1 小时内有效）`],
  [/^no Telegram owner "(.+)"; see `hearth telegram users`$/, (n) => `没有名为“${n}”的 Telegram 主人`],
  [/^Telegram asked to slow down \(429\); retrying in (\d+) s$/, (n) => `Telegram 要求放慢速度（429）；${n} 秒后重试`],
  [/^Telegram answered (.+); retrying in (\d+) s$/, (why, n) => `Telegram 返回了 \`${why}\`；${n} 秒后重试`],
  [/^cannot reach the Bot API \((.+)\); retrying in (\d+) s$/, (why, n) => `连不上 Bot API（\`${why}\`）；${n} 秒后重试`],
  [/^Telegram no longer accepts the bot token \((.+)\); get a new one from @BotFather and run `hearth telegram set --token …`$/,
    (why) => `Telegram 不再接受这个机器人令牌（\`${why}\`）；请从 @BotFather 获取新令牌，在下方保存，或运行 \`hearth telegram set --token …\``],
  // Wake-on-LAN (src-main/core/ops/wake-module.ts), shown under Wake
  [/^(.+) never reported a network card with a MAC address \(it does while connected\); give its MAC, and enable Wake-on-LAN in its firmware and OS$/,
    (n) => `${n} 从未报告过带 MAC 地址的网卡（它在连接时会报告）；请提供它的 MAC 地址，并在它的固件和系统里启用网络唤醒`],
  [/^the gateway is still starting$/, () => '网关还在启动中'],
  [/^(.+) is not a MAC address \(expected 6 bytes like (\S+)\)$/, (v, eg) => `“${v}”不是 MAC 地址（应为 6 个字节，例如 ${eg}）`],
  [/^alert sources failed: (.+)$/, (why) => `告警来源出错：${reason(why)}`],
  [/^could not send the wake packet to (\S+): (.+); give the LAN's broadcast address$/, (to, why) => `无法把唤醒包发到 ${to}（\`${why}\`）；请提供局域网的广播地址`],
  // Remote access (src-main/core/remote)
  // What the phone user can do about them is done on the home PC, so the words say that and the
  // flag follows as code for whoever types it there.
  [/^the gateway is reachable only from this machine \(loopback\); for a phone: set up the tunnel \(`hearth tunnel set`\), or restart with --bind tailnet, or pass --public-url$/,
    () => '网关只能从本机访问（回环地址）。要让手机访问，请在家里的电脑上任选一种：设置到 VPS 的隧道（`hearth tunnel set`）；或让网关在 Tailnet 上监听并重启（`--bind tailnet`）；或填写手机能打开的公开地址（`--public-url`）'],
  [/^the gateway listens on (\S+) only; restart it with --bind lan or --bind custom --host (\S+)$/,
    (h, a) => `网关只在 ${h} 上监听。要使用这个地址，请在家里的电脑上让网关在家庭局域网上监听并重启（\`--bind lan\` 或 \`--bind custom --host ${a}\`）`],
  [/^the gateway listens on (\S+) only; restart it with --bind tailnet \(or --bind lan\) to serve this address$/,
    (h) => `网关只在 ${h} 上监听。要使用这个地址，请在家里的电脑上让网关在 Tailnet 上监听并重启（\`--bind tailnet\` 或 \`--bind lan\`）`],
  [/^the gateway listens on (\S+) only; restart it with --bind tailnet to serve the tailnet$/,
    (h) => `网关只在 ${h} 上监听。要从 Tailnet 访问，请在家里的电脑上让网关在 Tailnet 上监听并重启（\`--bind tailnet\`）`],
  // The tunnel's address card (net-addresses.ts): its notes joined by "; "
  [/^the tunnel is not up \(`hearth tunnel status`\)(?:; (on the phone or laptop first run: .+))?$/,
    (fwd) => `隧道没有连通（\`hearth tunnel status\`）${fwd ? `；${gatewayText('zh-CN', fwd)}` : ''}`],
  [/^on the phone or laptop first run: (.+)$/, (cmd) => `先在手机或笔记本电脑上运行：\`${cmd}\``],
  [/^Tailscale: (.+)$/, (why) => `Tailscale 出错：${TOOL[why] ?? sysReason(why)}`],
  [/^WireGuard: (.+) \(reading interfaces needs root\)$/, (why) => `网关读不到 WireGuard 接口（${TOOL[why] ?? `\`${why}\``}）；读取接口需要 root 权限`],
  [/^the remote-access module is not running; restart the gateway$/, () => '网关上的远程访问模块没有在运行；请在家里的电脑上重启网关'],
  [/^Tailscale is installed but not running \(state (\S+)\); run `tailscale up`$/, (s) => `Tailscale 已安装但未运行（状态 ${s}）；请在家里的电脑上运行 \`tailscale up\``],
  [/^The tunnel to (\S+) has been down for over (\d+) s: (.+)$/, (h, s, why) => `到 ${h} 的隧道已断开超过 ${s} 秒：${TUNNEL_STATE[why] ?? reason(why)}`],
  [/^The tunnel cannot log in to (\S+): (.+)$/, (h, why) => `隧道无法登录 ${h}：${why === 'authentication failed' ? '认证失败' : reason(why)}`],
  [/^The SSH host key of (\S+) changed; the tunnel is stopped\.(?: (.+))?$/, (h, why) => `${h} 的 SSH 主机密钥变了，隧道已停止。${why ? reason(why) : ''}`],
  // The tunnel's last error (tunnel-supervisor.ts), on the Remote screen and inside the alerts above
  [/^cannot reach (\S+) \((.+)\)$/, (h, why) => `连不上 ${h}（${tunnelWhy(why)}）`],
  [/^the tunnel to (\S+) dropped \((.+)\)$/, (h, why) => `到 ${h} 的隧道断开了（${tunnelWhy(why)}）`],
  [/^the VPS (\S+) refused the key (.+) for (\S+); add its public key to ~\S+\/\.ssh\/authorized_keys on the VPS, then `hearth tunnel up`$/,
    (h, key, user) => `VPS ${h} 拒绝了用户 ${user} 的密钥 ${key}；请把这把密钥的公钥加进 VPS 上的 ~${user}/.ssh/authorized_keys，然后在家里的电脑上运行 \`hearth tunnel up\``],
  [/^the identity file (.+) is not a usable private key \((.+)\); pass an unencrypted OpenSSH or PEM key with --identity$/,
    (f, why) => `身份文件 ${f} 不是可用的私钥（\`${why}\`）；请在家里的电脑上重新设置隧道，指定一个未加密的 OpenSSH 或 PEM 私钥（\`--identity\`）`],
  [/^the VPS (\S+) refused to listen on (\S+): the port is taken — often by a stale session of this tunnel — or forwarding is off; set ClientAliveInterval 15 and ClientAliveCountMax 3 \(and AllowTcpForwarding yes\) in the VPS's sshd_config, or pick another --remote-port$/,
    (h, at) => `VPS ${h} 拒绝在 ${at} 上监听：端口被占用（常常是这条隧道残留的旧会话），或者转发被关闭了；请在 VPS 的 sshd_config 里设置 \`ClientAliveInterval 15\`、\`ClientAliveCountMax 3\`（以及 \`AllowTcpForwarding yes\`），或在家里的电脑上换一个远端端口（\`--remote-port\`）`],
  [/^the VPS (\S+) presented host key (\S+), not the pinned (\S+); the tunnel is stopped\. If the VPS was reinstalled, check the key on it \(`([^`]+)`\) and re-pin with `([^`]+)`$/,
    (h, got, pinned, check, repin) => `VPS ${h} 出示的主机密钥是 ${got}，不是之前记下的 ${pinned}；隧道已停止。如果 VPS 重装过，请在它上面核对密钥（\`${check}\`），再在家里的电脑上重新记下（\`${repin}\`）`],
  [/^(.+); retrying in (\d+) (s|min)$/, (head, n, u) => { const h = gatewayText('zh-CN', head); return h && `${h}；${delay(n, u)}后重试`; }],
  // How a run ended, as the gateway records it (gateway/nodes/invoke-router.ts, store/invocations.ts)
  [/^node disconnected while the command was running \(the node process or its network went away\)(?:; output cut off after (\d+) bytes)?$/,
    (n) => `命令运行期间节点断开了连接（节点进程或其网络已断开）${n ? `；输出在 ${n} 字节后中断` : ''}`],
  [/^TIMEOUT: node invoke timed out$/, () => '超时：节点没有在时限内给出结果'],
  [/^CANCELLED: the run was cancelled; the node did not confirm that it stopped$/, () => '已取消：节点没有确认命令已停止'],
  [/^CANCELLED: the caller cancelled the node invoke$/, () => '已取消：发起方取消了这次运行'],
  [/^interrupted: the gateway stopped before the run finished$/, () => '已中断：运行结束前网关停止了'],
  [/^gateway stopped while the command was running$/, () => '命令运行期间网关停止了'],
  [/^node not connected$/, () => '节点未连接'],
  // Approving, rejecting, renaming and revoking (pairing/device-methods.ts, nodes, approvals):
  // usually someone else decided first, or the thing is gone.
  [/^unknown or expired device pairing request: \S+(?: \(.+\))?$/, () => '这个配对请求已经不在了（已在别处处理，或已过期）'],
  [/^unknown requestId$/, () => '这个请求已经不在了（已在别处处理，或已过期）'],
  [/^device pairing approval denied \(approving a node needs operator\.admin\)$/, () => '这台设备不能批准节点：需要管理员权限（`operator.admin`）'],
  [/^unknown node: (\S+) \(see node\.list\)$/, (id) => `网关不认识节点 ${id}（它可能刚被移除）`],
  [/^unknown device: (\S+) \(see device\.pair\.list\)$/, (id) => `网关不认识设备 ${id}（它可能刚被移除）`],
  [/^device (\S+) has no (node|operator) role to rotate$/, (d, role) => `设备 ${d} 没有可轮换的${ROLE[role] ?? role}令牌`],
  [/^invalid node\.rename params: the name has no visible characters$/, () => '名称里没有可见的字符'],
  [/^unknown exec approval (\S+); see `hearth approvals list`$/, () => '这条执行请求已经不在了'],
  [/^exec approval (\S+) was already decided: (allow-once|allow-always|deny|denied|expired)(?: by (.+))?$/,
    (_id, state, by) => `这条执行请求已经处理过了：${APPROVAL_STATE[state] ?? state}${by ? `（${by}）` : ''}`],
  [/^exec approval (\S+) ended with its run \(cancelled, timed out or cut off before an answer\); there is no command left to allow$/,
    () => '这条执行请求已随它的运行结束（运行被取消、超时或在答复前中断），没有命令可以允许了'],
  [/^exec approval (\S+) ended when the gateway stopped \(the command was denied\); run the command again to ask anew$/,
    () => '网关停止时这条执行请求就结束了（命令被拒绝）；请重新运行这条命令，再次请求'],
  [/^exec approval (\S+) expired without an answer \(the command was denied\)$/, () => '这条执行请求没有得到答复就过期了（命令被拒绝）'],
  [/^exec approvals are not running yet; retry in a moment$/, () => '执行审批还没有启动；请稍后再试'],
  // The UI's own client (src-shared/client/errors.ts) and the gateway's scope refusal
  [/^not connected \(calling (\S+)\)$/, () => '没有连接到网关；连接恢复后请再试一次'],
  [/^(\S+): no answer from the gateway within (\d+) ms$/, (_m, n) => `网关在 ${n} 毫秒内没有应答；请稍后再试`],
  [/^missing scope: (\S+)$/, (scope) => `这台设备没有做这件事的权限（需要 \`${scope}\`）`],
  // A bare system line (model probes of a known server kind, wake, storage)
  [/^(E[A-Z_]+: .+)$/, (line) => errnoLine(line)],
];

/**
 * The English UI's own wording where the gateway's sentence names a CLI flag that the UI shows as a
 * form field (the storage and Telegram forms). The gateway keeps its wording: the CLI and other
 * clients print it as is.
 */
const EN_RULES: Rule[] = [
  [/^(a storage named ".+" exists already; pick another) --name$/, (head) => `${head} name`],
  [/^(the warning threshold \(\d+ %\) must be below the critical one \(\d+ %\)), e\.g\. --warn 80 --crit 90$/, (head) => `${head}, e.g. warn at 80 % and critical at 90 %`],
  [/^invalid storage name: use 1-64 visible characters, e\.g\. --name nas$/, () => 'invalid storage name: use 1-64 visible characters, e.g. nas'],
  [/^(cannot reach the Bot API at \S+ \(.+\); check the network) or --api-root(; nothing was saved)$/, (head, tail) => `${head}${tail}`],
  [/^(an endpoint is already named .+); pass another --name$/, (head) => `${head}; pick another name`],
  // The Remote screen: the phone has no CLI, so say what to do on the home PC; the flag follows as code.
  [/^the gateway is reachable only from this machine \(loopback\); for a phone: set up the tunnel \(`hearth tunnel set`\), or restart with --bind tailnet, or pass --public-url$/,
    () => 'The gateway is reachable only from this machine (loopback). For a phone, do one of these on the home PC: set up the tunnel to a VPS (`hearth tunnel set`), restart the gateway listening on the tailnet (`--bind tailnet`), or give it an address a phone can open as its public URL (`--public-url`)'],
  [/^the gateway listens on (\S+) only; restart it with --bind lan or --bind custom --host (\S+)$/,
    (h, a) => `The gateway listens on ${h} only. To use this address, restart the gateway on the home PC listening on the home network (\`--bind lan\` or \`--bind custom --host ${a}\`)`],
  [/^the gateway listens on (\S+) only; restart it with --bind tailnet \(or --bind lan\) to serve this address$/,
    (h) => `The gateway listens on ${h} only. To use this address, restart the gateway on the home PC listening on the tailnet (\`--bind tailnet\` or \`--bind lan\`)`],
  [/^the gateway listens on (\S+) only; restart it with --bind tailnet to serve the tailnet$/,
    (h) => `The gateway listens on ${h} only. To reach it over the tailnet, restart the gateway on the home PC listening on the tailnet (\`--bind tailnet\`)`],
  [/^(Tailscale is installed but not running \(state \S+\)); run (`tailscale up`)$/, (head, cmd) => `${head}; run ${cmd} on the home PC`],
  [/^(the tunnel is not up \(`hearth tunnel status`\); on the phone or laptop first run:) (.+)$/, (head, cmd) => `${head} \`${cmd}\``],
  // The tunnel's errors on the Remote screen: the fix is made on the home PC, the flag as code.
  [/^(the identity file .+ is not a usable private key \(.+\)); pass an unencrypted OpenSSH or PEM key with --identity((?:; retrying in \d+ (?:s|min))?)$/,
    (head, retry) => `${head}; on the home PC, set the tunnel up again with an unencrypted OpenSSH or PEM key (\`--identity\`)${retry}`],
  [/^(the VPS \S+ refused to listen on \S+: the port is taken — often by a stale session of this tunnel — or forwarding is off); set ClientAliveInterval 15 and ClientAliveCountMax 3 \(and AllowTcpForwarding yes\) in the VPS's sshd_config, or pick another --remote-port((?:; retrying in \d+ (?:s|min))?)$/,
    (head, retry) => `${head}; set \`ClientAliveInterval 15\` and \`ClientAliveCountMax 3\` (and \`AllowTcpForwarding yes\`) in the VPS's sshd_config, or on the home PC pick another remote port (\`--remote-port\`)${retry}`],
  // The UI's own client errors (src-shared/client/errors.ts) name the method called: not for people.
  [/^not connected \(calling \S+\)$/, () => 'Not connected to the gateway; try again once it is back'],
  [/^\S+: no answer from the gateway within (\d+) ms$/, (n) => `The gateway did not answer within ${n} ms; try again in a moment`],
];

/**
 * Templates that begin with a fixed lower-case word ("the gateway is…", "node … has been
 * offline"): the gateway writes them lower-case for the CLI's "hearth: <what happened>" line; a
 * sentence of its own in the UI starts with a capital. Sentences that begin with a value (a node
 * or device name, a path, hearth.json) keep it exactly as written.
 */
const STARTS_WITH_WORD = RULES.filter(([re]) => /^\^[a-z]+[ :']/.test(re.source)).map(([re]) => re);

function english(text: string): string {
  let out = text;
  for (const [re, build] of EN_RULES) {
    const m = re.exec(text);
    const rebuilt = m && build(...m.slice(1).map((s) => s ?? ''));
    if (rebuilt) {
      out = rebuilt;
      break;
    }
  }
  // Whether it starts with a word is a property of the gateway's template, so ask it of the original
  // (without the "; retrying in 5 s" that the tunnel adds to its errors).
  const head = text.replace(/; retrying in \d+ (?:s|min)$/, '');
  return STARTS_WITH_WORD.some((re) => re.test(text) || re.test(head)) ? out.charAt(0).toUpperCase() + out.slice(1) : out;
}

/** `text` in `lang`; undefined when no template matches (show the English as details). */
export function gatewayText(lang: Lang, text: string): string | undefined {
  if (lang === 'en') return english(text);
  for (const [re, build] of RULES) {
    const m = re.exec(text);
    if (m) return build(...m.slice(1).map((s) => s ?? ''));
  }
  return undefined;
}
