// The gateway's English sentences in Chinese: each template with its values, unknown ones left alone.
import { describe, expect, it } from 'vitest';
import { gatewayText } from '../../src-renderer/i18n/gateway-text.ts';
import { mainText } from '../../src-renderer/desktop/main-text.ts';

/** The wire sentence `wire` shows as `shown` in that language (a failure names the wire sentence). */
const zh = (wire: string, shown: string) => expect(gatewayText('zh-CN', wire), wire).toBe(shown);
const en = (wire: string, shown: string) => expect(gatewayText('en', wire), wire).toBe(shown);

describe('gateway sentences in zh-CN', () => {
  it('translates alert messages with their values', () => {
    zh('new-mac (linux) asks to pair as node, fingerprint 08BD-0D06-11E0; approve with `hearth devices approve bceb638c` or reject it',
      'new-mac（linux）请求以节点身份配对，指纹 08BD-0D06-11E0；在“节点”页批准或拒绝，或运行 `hearth devices approve bceb638c`');
    zh('node old-nas has been offline for more than 5 min; check that its machine is on and its Hearth node is running',
      '节点 old-nas 已离线超过 5 分钟；请确认那台机器已开机，并且 Hearth 节点正在运行');
    zh('node nas asks to run system.run, system.which, a.b, c.d and 2 more; approve with `hearth nodes approve r1` or reject it',
      '节点 nas 请求运行 system.run, system.which, a.b, c.d 等另外 2 个；在“节点”页批准或拒绝，或运行 `hearth nodes approve r1`');
  });

  it('translates storage messages piece by piece', () => {
    zh('Storage photos (/mnt/p) on nas is not mounted: the path is on the root filesystem, not on a mount of its own; mount it again (check the share and the credentials on that machine)',
      '存储 photos（/mnt/p，位于 nas）未挂载：该路径在根文件系统上，不是单独的挂载点；请重新挂载（检查那台机器上的共享和凭据）');
    zh('Storage media (/srv/m) on home-pc is 93 % full (space; threshold 90 %, full in about 4 days); free some space',
      '存储 media（/srv/m，位于 home-pc）已用 93%（空间；阈值 90%，约 4 天后用满）；请清理空间');
  });

  it('translates how a run ended as the gateway records it (run history, a failed live run)', () => {
    zh('node disconnected while the command was running (the node process or its network went away); output cut off after 3 bytes',
      '命令运行期间节点断开了连接（节点进程或其网络已断开）；输出在 3 字节后中断');
    zh('node disconnected while the command was running (the node process or its network went away)',
      '命令运行期间节点断开了连接（节点进程或其网络已断开）');
    zh('TIMEOUT: node invoke timed out', '超时：节点没有在时限内给出结果');
    zh('CANCELLED: the run was cancelled; the node did not confirm that it stopped', '已取消：节点没有确认命令已停止');
    zh('interrupted: the gateway stopped before the run finished', '已中断：运行结束前网关停止了');
    zh('gateway stopped while the command was running', '命令运行期间网关停止了');
  });

  it('translates a missing mount whose reason carries a second reason (storage screen and alert)', () => {
    zh('Storage nas12t (/srv/nas) on vm is missing: /srv/nas does not exist (the path is on the root filesystem, not on a mount of its own); check that the path exists and the share is mounted',
      '存储 nas12t（/srv/nas，位于 vm）不存在：/srv/nas 不存在（该路径在根文件系统上，不是单独的挂载点）；请检查路径是否存在、共享是否已挂载');
  });

  it('translates model probe errors and model alerts (Models screen, Alerts)', () => {
    zh('nothing answers there (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9); start the model server, or check the URL and port',
      '那里没有服务应答（`ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9`）；请启动模型服务，或检查 URL 和端口');
    zh('something answers there, but not like a model server (no /v1/models or /api/tags); check the URL',
      '那里有服务应答，但不是模型服务（没有 /v1/models 或 /api/tags）；请检查 URL');
    zh('accepted the connection but did not answer within 1500 ms', '接受了连接，但 1500 毫秒内没有应答');
    zh('model endpoint pc-ollama (http://10.0.0.2:11434) is unresponsive: accepted the connection but did not answer within 1500 ms; requests go to the next endpoint serving the same model',
      '模型端点 pc-ollama（http://10.0.0.2:11434）无响应：接受了连接，但 1500 毫秒内没有应答；请求会转到下一个提供同一模型的端点');
    zh('model endpoint box (http://b:8000) failed a request (socket hang up); it is left out for 30 s',
      '模型端点 box（http://b:8000）有一次请求失败（`socket hang up`）；接下来 30 秒不再使用它');
    zh('hearth.json was not reloaded: Unexpected token } in JSON at position 9',
      'hearth.json 没有重新加载：`Unexpected token } in JSON at position 9`');
    zh("hearth.json was not reloaded: /s/hearth.json line 1 column 39: not valid JSON (Expected ',' or '}' after property value); fix that line and save again",
      "hearth.json 没有重新加载：/s/hearth.json 第 1 行第 39 列不是有效的 JSON（`Expected ',' or '}' after property value`）；请改正那一行后再保存");
  });

  it('translates the storage form refusals', () => {
    zh('the path "mnt/nas" is not absolute; give the full path on that machine (e.g. /mnt/nas, Z:\\ or \\\\nas\\share)',
      '路径“mnt/nas”不是绝对路径；请填写那台机器上的完整路径（例如 /mnt/nas、Z:\\ 或 \\\\nas\\share）');
    zh('/srv/p on the gateway is already watched as "photos"; change it with the UI or remove it first (`hearth storage remove photos`)',
      '/srv/p 在网关上已作为“photos”被监视；请修改那一项，或先移除它（`hearth storage remove photos`）');
    zh('a storage named "nas" exists already; pick another --name', '已有名为“nas”的存储；请换一个名称');
    zh('invalid server "nas:x": use host or host:port (e.g. nas.local:445)', '服务器“nas:x”无效：请填写主机名，或“主机名:端口”（例如 nas.local:445）');
    zh('no storage named "photos"; known: media, backup', '没有名为“photos”的存储（它可能刚被移除）；现有的有：media, backup');
  });

  it('translates the Telegram token refusals', () => {
    zh('Telegram refused the token (401 Unauthorized); copy it again from @BotFather; nothing was saved',
      'Telegram 拒绝了这个令牌（`401 Unauthorized`）；请从 @BotFather 重新复制；没有保存任何内容');
    zh('that is not a bot token (it looks like 123456789:AA…, from @BotFather); nothing was saved',
      '这不是机器人令牌（它看起来像 123456789:AA…，由 @BotFather 给出）；没有保存任何内容');
  });

  it('translates the OpenAI-compatible endpoint refusals shown by Try it', () => {
    zh('No endpoint could serve `llama3.2:3b` right now (pc-ollama: cooling down 12 s). Check `hearth models status`.',
      '现在没有端点能提供 `llama3.2:3b`（pc-ollama：`cooling down 12 s`）。请在上方查看各端点的状态，或运行 `hearth models status`。');
    zh('the model server broke off the stream', '模型服务中断了流式输出');
    zh('No endpoint could serve `qwen3` right now (pc-ollama: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:11434; box: cooling down after a failure; nas: down). Check `hearth models status`.',
      '现在没有端点能提供 `qwen3`（pc-ollama：连接被拒绝，那里没有服务在监听（`ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:11434`）；box：上次失败后暂停使用；nas：离线）。请在上方查看各端点的状态，或运行 `hearth models status`。');
    zh('Failed to fetch', '连不上网关（浏览器发不出这个请求）');
    zh('HTTP 502', '返回了 HTTP 502');
  });

  it('gives undefined for a sentence it does not know, and unknown English unchanged', () => {
    expect(gatewayText('zh-CN', 'EWHATEVER: permission denied, open /x')).toBeUndefined();
    expect(gatewayText('zh-CN', 'Storage a (/a) on b is hung: something new; advice nobody wrote')).toBeUndefined();
    en('anything at all', 'anything at all');
  });
});

describe('gateway sentences in the English UI', () => {
  it('starts the gateway\'s lower-case sentences with a capital, the wire text otherwise unchanged', () => {
    en('the path is on the root filesystem, not on a mount of its own', 'The path is on the root filesystem, not on a mount of its own');
    en('node old-nas has been offline for more than 5 min; check that its machine is on and its Hearth node is running',
      'Node old-nas has been offline for more than 5 min; check that its machine is on and its Hearth node is running');
    en('interrupted: the gateway stopped before the run finished', 'Interrupted: the gateway stopped before the run finished');
  });

  it('keeps a sentence that begins with a value (a name, a path, a file) exactly as written', () => {
    en('new-mac (linux) asks to pair as node; approve with `hearth devices approve b1` or reject it',
      'new-mac (linux) asks to pair as node; approve with `hearth devices approve b1` or reject it');
    en('/srv/nas does not exist', '/srv/nas does not exist');
    en('hearth.json was not reloaded: Unexpected token } in JSON at position 9', 'hearth.json was not reloaded: Unexpected token } in JSON at position 9');
    en('anything at all', 'anything at all');
  });

  it('names the form field, not the CLI flag, where the UI has a form for it', () => {
    en('a storage named "nas" exists already; pick another --name', 'A storage named "nas" exists already; pick another name');
    en('the warning threshold (95 %) must be below the critical one (90 %), e.g. --warn 80 --crit 90',
      'The warning threshold (95 %) must be below the critical one (90 %), e.g. warn at 80 % and critical at 90 %');
    en('invalid storage name: use 1-64 visible characters, e.g. --name nas', 'Invalid storage name: use 1-64 visible characters, e.g. nas');
    en('cannot reach the Bot API at https://api.telegram.org (ETIMEDOUT); check the network or --api-root; nothing was saved',
      'Cannot reach the Bot API at https://api.telegram.org (ETIMEDOUT); check the network; nothing was saved');
  });
});

describe('main-process sentences in zh-CN (desktop window)', () => {
  it('translates plans, updates and agent states', () => {
    expect(mainText('zh-CN', 'Switch from Gateway (home hub) to Node?')).toBe('从家庭中枢（网关）切换为节点？');
    expect(mainText('zh-CN', 'Hearth 0.2.0 is available (you have 0.1.0); it downloads in the background.')).toBe('Hearth 0.2.0 已发布（当前为 0.1.0），正在后台下载。');
    expect(mainText('zh-CN', 'Connected to ws://h:1.')).toBe('已连接到 ws://h:1。');
    expect(mainText('zh-CN', 'refused by the exec policy (allowlist)')).toBe('被执行策略拒绝（仅列出的命令）');
    expect(mainText('zh-CN', 'socket hang up; retrying in 30 s.')).toBeUndefined();
  });
});

describe('system texts, tunnel errors and the Models screen actions in zh-CN', () => {
  it('leads an errno line with its meaning and keeps the line as code (model probes of a known kind, storage probes)', () => {
    zh('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:11434',
      '连接被拒绝，那里没有服务在监听（`ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:11434`）');
    zh('EACCES: permission denied, open /x', '权限不足（`EACCES: permission denied, open /x`）');
    zh('nothing answers there (ENOTFOUND: getaddrinfo ENOTFOUND nas.lan); start the model server, or check the URL and port',
      '那里没有服务应答：找不到这个主机名（`ENOTFOUND: getaddrinfo ENOTFOUND nas.lan`）；请检查 URL 里的主机名');
    zh('ENOTFOUND: getaddrinfo ENOTFOUND nas.local; check the URL',
      '找不到这个主机名（`ENOTFOUND: getaddrinfo ENOTFOUND nas.local`）；请检查 URL');
    zh("statfs failed: EACCES: permission denied, statfs '/mnt/p'",
      "读取容量失败：权限不足（`EACCES: permission denied, statfs '/mnt/p'`）");
    zh('model endpoint pc/ollama:11434 (http://127.0.0.1:11434) is down: ETIMEDOUT: connect ETIMEDOUT 10.0.0.9:11434; requests go to the next endpoint serving the same model',
      '模型端点 pc/ollama:11434（http://127.0.0.1:11434）离线：连接超时（`ETIMEDOUT: connect ETIMEDOUT 10.0.0.9:11434`）；请求会转到下一个提供同一模型的端点');
    // A code the table does not know stays folded rather than guessed.
    expect(gatewayText('zh-CN', 'EWHATEVER: something new')).toBeUndefined();
  });

  it('translates storage states with the file server check behind them', () => {
    zh('Storage nas (/mnt/nas) on pc is not mounted: no mount contains this path; server 10.0.0.5:445 does not answer (ECONNREFUSED); mount it again (check the share and the credentials on that machine)',
      '存储 nas（/mnt/nas，位于 pc）未挂载：没有挂载点包含此路径；服务器 10.0.0.5:445 没有应答（连接被拒绝，那里没有服务在监听）；请重新挂载（检查那台机器上的共享和凭据）');
    zh('the filesystem has not answered statfs for 12 s; server nas:2049 does not answer (no connection)',
      '文件系统 12 秒都没有响应（读取容量）；服务器 nas:2049 没有应答（连不上）');
    zh('/mnt/nas is mounted read-only', '/mnt/nas 以只读方式挂载');
    zh('inodes 97 % used', 'inode 已用 97%');
  });

  it("translates the tunnel's last error and the alerts that carry it", () => {
    zh('cannot reach vps.example:22 (nothing listens on port 22; is sshd running on the VPS?); retrying in 5 s',
      '连不上 vps.example:22（端口 22 上没有服务在监听；VPS 上的 sshd 在运行吗？）；5 秒后重试');
    zh('the tunnel to vps dropped (3 keepalives unanswered); retrying in 1 min', '到 vps 的隧道断开了（连续 3 次保活没有应答）；1 分钟后重试');
    zh('The tunnel to vps has been down for over 60 s: cannot reach vps:22 (the name vps does not resolve); retrying in 30 s',
      '到 vps 的隧道已断开超过 60 秒：连不上 vps:22（无法解析主机名 vps）；30 秒后重试');
    zh('The tunnel cannot log in to vps: the VPS vps refused the key /k/id for me; add its public key to ~me/.ssh/authorized_keys on the VPS, then `hearth tunnel up`; retrying in 2 min',
      '隧道无法登录 vps：VPS vps 拒绝了用户 me 的密钥 /k/id；请把这把密钥的公钥加进 VPS 上的 ~me/.ssh/authorized_keys，然后在家里的电脑上运行 `hearth tunnel up`；2 分钟后重试');
    zh('the tunnel is not up (`hearth tunnel status`); on the phone or laptop first run: ssh -N -L 18789:127.0.0.1:18789 me@vps',
      '隧道没有连通（`hearth tunnel status`）；先在手机或笔记本电脑上运行：`ssh -N -L 18789:127.0.0.1:18789 me@vps`');
  });

  it("translates the Models screen's refresh and reorder failures and the taken endpoint name", () => {
    zh('not connected (calling hearth.models.refresh)', '没有连接到网关；连接恢复后请再试一次');
    zh('hearth.models.reorder: no answer from the gateway within 30000 ms', '网关在 30000 毫秒内没有应答；请稍后再试');
    zh('no model endpoint 3f2a; see `hearth models status` for names and ids',
      '没有模型端点 3f2a（它可能刚被移除）；请刷新后再试，或运行 `hearth models status` 查看名称和 ID');
    zh('missing scope: operator.write', '这台设备没有做这件事的权限（需要 `operator.write`）');
    zh('an endpoint is already named pc-ollama; pass another --name', '已有名为“pc-ollama”的模型端点；请换一个名称');
  });
});

describe('the Remote screen says what to do on the home PC, not which flag to pass', () => {
  const LOOPBACK = 'the gateway is reachable only from this machine (loopback); for a phone: set up the tunnel (`hearth tunnel set`), or restart with --bind tailnet, or pass --public-url';
  // A flag outside a code span is an instruction for a CLI the phone user does not have in hand.
  const bareFlag = (s: string) => /(^|[^`\w-])--[a-z]/.test(s.replace(/`[^`]*`/g, ''));

  it('in zh-CN and in English, with the flag kept as code after the words', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const w of [
        LOOPBACK,
        'the gateway listens on 127.0.0.1 only; restart it with --bind lan or --bind custom --host 192.168.1.20',
        'the gateway listens on 127.0.0.1 only; restart it with --bind tailnet (or --bind lan) to serve this address',
        'the gateway listens on 127.0.0.1 only; restart it with --bind tailnet to serve the tailnet',
      ]) {
        const out = gatewayText(lang, w);
        expect(out, w).toBeDefined();
        expect(bareFlag(out!), out).toBe(false);
        expect(out).toMatch(lang === 'en' ? /home PC/ : /家里的电脑/);
      }
    }
    expect(gatewayText('zh-CN', LOOPBACK)).toContain('（`--bind tailnet`）');
    en('the gateway listens on 127.0.0.1 only; restart it with --bind lan or --bind custom --host 192.168.1.20',
      'The gateway listens on 127.0.0.1 only. To use this address, restart the gateway on the home PC listening on the home network (`--bind lan` or `--bind custom --host 192.168.1.20`)');
  });

  it('names the form field in English for the taken endpoint name, and hides the method name of client errors', () => {
    en('an endpoint is already named pc-ollama; pass another --name', 'An endpoint is already named pc-ollama; pick another name');
    en('not connected (calling hearth.models.reorder)', 'Not connected to the gateway; try again once it is back');
    en('cannot reach vps:22 (connection reset); retrying in 5 s', 'Cannot reach vps:22 (connection reset); retrying in 5 s');
  });
});

describe('refusals of the approve, reject, rename and revoke buttons in zh-CN', () => {
  it('says the request or device is gone, or who decided first', () => {
    zh('unknown or expired device pairing request: 5c1e (already decided elsewhere, or expired; see device.pair.list)', '这个配对请求已经不在了（已在别处处理，或已过期）');
    zh('unknown requestId', '这个请求已经不在了（已在别处处理，或已过期）');
    zh('unknown device: d1 (see device.pair.list)', '网关不认识设备 d1（它可能刚被移除）');
    zh('device d1 has no operator role to rotate', '设备 d1 没有可轮换的管理端令牌');
    zh('exec approval a1 was already decided: deny by cli', '这条执行请求已经处理过了：已拒绝（cli）');
    zh('exec approval a1 expired without an answer (the command was denied)', '这条执行请求没有得到答复就过期了（命令被拒绝）');
  });
});

describe('storage on a node the gateway cannot ask, node relays, Tailscale and WireGuard in zh-CN', () => {
  it('translates them', () => {
    zh('node old-nas is offline; showing its last check', '节点 old-nas 离线；显示的是它上一次的检查结果');
    zh('Storage photos (/srv/p) on old-nas is unreachable: node old-nas is offline; showing its last check; the file server does not answer on the network; check that it is on and reachable',
      '存储 photos（/srv/p，位于 old-nas）无法访问：节点 old-nas 离线；显示的是它上一次的检查结果；文件服务器在网络上没有响应；请确认它已开机且可以访问');
    zh('the probe process ended (exit 3) without a result', '探测进程没有给出结果就结束了（退出码 3）');
    zh('model server http://127.0.0.1:11434: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:11434',
      '模型服务 http://127.0.0.1:11434：连接被拒绝，那里没有服务在监听（`ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:11434`）');
    zh('WireGuard: Unable to access interface: Operation not permitted (reading interfaces needs root)',
      '网关读不到 WireGuard 接口（`Unable to access interface: Operation not permitted`）；读取接口需要 root 权限');
    zh('Tailscale: tailscale status failed', 'Tailscale 出错：`tailscale status` 执行失败');
  });
});

describe('config reload, wake, alert and Telegram refusals in zh-CN', () => {
  it('translates them with the restart way as code or in words', () => {
    zh('config reloaded: gateway.bind changed; restart the gateway to apply it (systemctl --user restart hearth-gateway)',
      '已重新加载配置：gateway.bind 改了，要在家里的电脑上重启网关才会生效（`systemctl --user restart hearth-gateway`）');
    zh('config reloaded: gateway.port changed; restart the gateway to apply it (quit Hearth from the tray menu and open it again)',
      '已重新加载配置：gateway.port 改了，要在家里的电脑上重启网关才会生效（从托盘菜单退出 Hearth 再重新打开）');
    zh('hearth.json was not reloaded: /s/hearth.json line 4: gateway.trustedProxies cannot be applied (bad CIDR 1.2.3); the previous settings stay',
      'hearth.json 没有重新加载：/s/hearth.json 第 4 行：gateway.trustedProxies 无法应用（`bad CIDR 1.2.3`）；继续使用之前的设置');
    zh('zz is not a MAC address (expected 6 bytes like 3c:52:82:0a:1b:2c)', '“zz”不是 MAC 地址（应为 6 个字节，例如 3c:52:82:0a:1b:2c）');
    zh('no pending Telegram pairing code K7Q2 (codes last 1 hour); see `hearth telegram pending`', '没有待处理的 Telegram 配对码 K7Q2（配对码 1 小时内有效）');
  });
});

describe("the tunnel's errors in the English UI", () => {
  it('keep the flag as code after the words', () => {
    en('the identity file /k/id is not a usable private key (Unsupported key format); pass an unencrypted OpenSSH or PEM key with --identity; retrying in 2 min',
      'The identity file /k/id is not a usable private key (Unsupported key format); on the home PC, set the tunnel up again with an unencrypted OpenSSH or PEM key (`--identity`); retrying in 2 min');
  });
});
