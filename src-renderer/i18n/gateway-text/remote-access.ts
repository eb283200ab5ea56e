/** Remote access: address notes and warnings, the tunnel's errors and the alerts that carry them (src-main/core/remote). */
import { firstMatch, type Rule } from './rule.ts';
import { reason, sysReason, zhText } from './reasons.ts';

const TUNNEL_STATE: Record<string, string> = { connecting: '正在连接', backoff: '等待重试', disabled: '已关闭', 'remote-port-busy': '远端端口被占用' };

/** net-detect.ts's own words when a tool fails without a message of its own. */
const TOOL: Record<string, string> = {
  'tailscale status failed': '`tailscale status` 执行失败',
  'tailscale status --json printed something that is not JSON': '`tailscale status --json` 的输出不是 JSON',
  'wg show failed': '`wg show` 执行失败',
};

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
  return firstMatch(TUNNEL_WHY, s) ?? sysReason(s);
}

export const REMOTE_ACCESS_RULES: Rule[] = [
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
    (fwd) => `隧道没有连通（\`hearth tunnel status\`）${fwd ? `；${zhText(fwd)}` : ''}`],
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
  [/^(.+); retrying in (\d+) (s|min)$/, (head, n, u) => { const h = zhText(head); return h && `${h}；${delay(n, u)}后重试`; }],
];
