/**
 * The node agent's status sentences (src-main/core/agent: node-agent.ts, credentials.ts,
 * auth-refusals.ts; src-shared/client/failure.ts for "nothing answers") as the desktop window shows
 * them. The agent writes them for the CLI and the log, so their fixes name flags and commands
 * (`hearth node run --pair <code>`); the window's user set this machine up in the window, so
 * here the fix says what to do there ("Pair again" on this page, approving on the phone), in
 * English and Chinese, with a command kept as code where it is the only way.
 */
import { COMMANDS_AWAITING_APPROVAL, commandsPendingStatus } from '../../src-shared/protocol/surface-pending.ts';
import { literal } from '../i18n/gateway-text/rule.ts';
type Rule = [RegExp, (...m: string[]) => string];

/** A delay as the agent writes it ("2.5 s", "500 ms"). */
const zhSecs = (n: string, unit: string) => `${n} ${unit === 'ms' ? '毫秒' : '秒'}`;

/** Why the gateway keeps a node out (HELD_OUT in credentials.ts), with its leading capital. */
const HELD_OUT_ZH: Record<string, string> = {
  'This node was removed from the gateway': '这个节点已从网关上移除',
  "This node's pairing request was rejected": '这个节点的配对请求被拒绝了',
  "This node's token was rotated": '这个节点的令牌已被轮换',
};
const HELD_OUT = `(${Object.keys(HELD_OUT_ZH).join('|')})`;
const HELD_LEAD = `${HELD_OUT}; it stays out until an operator approves it again or it is started with a new setup code \\(hearth node run --pair <code>\\)\\. `;
const WAITING = 'Waiting for approval on the gateway: run `hearth devices approve (\\S+)` there \\(or approve it in the Hearth window\\) and check that it shows the fingerprint (\\S+)\\. This node keeps retrying and connects as soon as it is approved\\.';

/** credentialText() in auth-refusals.ts: which credential the node presented. */
function credentialZh(c: string): string {
  let m = /^the gateway token from (.+)$/.exec(c);
  if (m) return `来自 \`${m[1]}\` 的网关令牌`;
  m = /^the device token stored in (.+)$/.exec(c);
  if (m) return `保存在 ${m[1]} 里的设备令牌`;
  if (c === 'the setup code given with --pair') return '配对码';
  if (c.startsWith('no credential')) return '任何凭据都没有';
  return `\`${c}\``;
}

function credentialEn(c: string): string {
  const m = /^the gateway token from (.+)$/.exec(c);
  if (m) return `the gateway token from \`${m[1]}\``;
  if (c === 'the setup code given with --pair') return 'a setup code';
  if (c.startsWith('no credential')) return 'no credential';
  return c;
}

const WHAT_ZH: Record<string, string> = { token: '令牌', password: '密码', 'connection without a credential': '不带凭据的连接' };

/** "Connection to the gateway closed (1006 reason); stopped …; reconnecting in 2.5 s." */
function stoppedZh(s: string): string {
  if (s === '; stopped the command it had running here: its result can no longer reach anyone') return '；它在这里运行的命令已停止：结果已无法送达';
  const m = /^; stopped the (\d+) commands it had running here: their results can no longer reach anyone$/.exec(s);
  return m ? `；它在这里运行的 ${m[1]} 个命令已停止：结果已无法送达` : '';
}

/** Why nothing answered (noGatewayMessage / unreachableMessage in src-shared/client/failure.ts). */
const UNREACHABLE_ZH: Rule[] = [
  [/^no gateway answers at (\S+); check that it runs on that machine \(`hearth status` there\), that it listens beyond loopback \(`hearth gateway --bind lan` or tailnet\) and that no firewall blocks port (\d+)$/,
    (u, p) => `${u} 没有网关应答；请确认家庭主机上的 Hearth 网关在运行、在家庭网络或 tailnet 上监听（不只是本机），并且没有防火墙挡住端口 ${p}`],
  [/^no gateway at (\S+); start it with `hearth gateway` \(or pass --url\)$/, (u) => `${u} 没有网关；请在那台机器上启动 Hearth 网关`],
  [/^something answers at (\S+), but not as a Hearth gateway \(HTTP (\d+) to the WebSocket upgrade\); check the port — a Hearth gateway listens on 18789 unless started with --port(; if it serves TLS, use wss:\/\/)?$/,
    (u, code, tls) => `${u} 有服务应答，但不是 Hearth 网关（WebSocket 升级得到 HTTP ${code}）；请检查端口，Hearth 网关默认监听 18789${tls ? '；如果它使用 TLS，请用 wss://' : ''}`],
  [/^(\S+) answers without TLS; a Hearth gateway speaks plain ws:\/\/ unless a TLS proxy is in front of it: use --url (\S+)$/,
    (u, plain) => `${u} 的应答没有 TLS；Hearth 网关默认使用普通的 ws://（除非前面有 TLS 代理），请改用 ${plain}`],
];

function unreachableZh(s: string): string | undefined {
  for (const [re, build] of UNREACHABLE_ZH) {
    const m = re.exec(s);
    if (m) return build(...m.slice(1).map((x) => x ?? ''));
  }
  return undefined;
}

/** A paired node whose command surface waits for approval (session.ts, node-role-methods.ts). */
/** The agent's status while its new commands wait for approval, exactly as it writes it. */
const COMMANDS_WAIT = new RegExp(`^${literal(commandsPendingStatus(COMMANDS_AWAITING_APPROVAL))}$`);
/** The agent's loop itself failed (internal-error.ts): the cause, shown as code. */
const INTERNAL_ERROR = /^Internal error: ([^`]+)$/s;

const PAIR_AGAIN_ZH = '请点下方的“重新配对”，用新的配对码重新配对这台机器（在手机或家庭主机上选择“配对设备”获取）。';
const PAIR_AGAIN_EN = 'Choose "Pair again" below and pair this machine with a new setup code ("Pair a device" on the phone or the home PC).';

/** Agent sentences in Chinese; a rule may give undefined (a part no rule knows: fold the whole). */
export const AGENT_ZH: [RegExp, (...m: string[]) => string | undefined][] = [
  [/^Connecting to (\S+?)\.$/, (u) => `正在连接 ${u}…`],
  [/^Connected to (\S+?)\.$/, (u) => `已连接到 ${u}。`],
  [/^Stopped\.$/, () => '已停止。'],
  [INTERNAL_ERROR, (why) => `节点代理出现内部错误：\`${why}\`。请退出并重新打开 Hearth；如果反复出现，日志里有详情。`],
  [COMMANDS_WAIT, () => '已连接，但网关还没有批准这台机器的新命令：请在手机或家庭主机的“节点”页批准（或在网关上运行 `hearth nodes approve --latest`）。'],
  [new RegExp(`^(?:${HELD_LEAD})?${WAITING}$`),
    (held, id, fp) => `${held ? `${HELD_OUT_ZH[held]}；要等网关重新批准它，或用新的配对码重新配对，它才能再连上。` : ''}正在等待网关批准：请在手机或家庭主机的 Hearth 窗口里批准这台机器，批准前核对指纹 ${fp}（也可以在网关上运行 \`hearth devices approve ${id}\`）。批准之后，这台机器会自动连上。`],
  [/^The gateway no longer accepts this node's device token \(it was rotated or revoked\); dropped it\. The node will now ask to be paired again — approve it on the gateway, or .+\.$/,
    () => '网关不再接受这台机器的设备令牌（已被轮换或吊销），令牌已丢弃。这台机器会重新请求配对：请在手机或家庭主机上批准它，或点下方的“重新配对”，用新的配对码重新配对。'],
  [/^The gateway no longer accepts this node's device token \(it was rotated or revoked\); dropped it and retrying with the other credential\.$/,
    () => '网关不再接受这台机器的设备令牌（已被轮换或吊销），令牌已丢弃，正在改用另一个凭据重试。'],
  [/^The gateway at (\S+) refused this node's (token|password|connection without a credential) \(([A-Z_]+)\)\. It used (.+?)\. Fix: .+\.$/,
    (u, what, code, cred) => `网关 ${u} 拒绝了这台机器的${WHAT_ZH[what] ?? what}（${code}）。它使用的是${credentialZh(cred)}。${PAIR_AGAIN_ZH}`],
  [/^The gateway at (\S+) refused the setup code \(([A-Z_]+)\): it is expired, already used or from another gateway\. It used .+?\. Fix: .+\.$/,
    (u, code) => `网关 ${u} 拒绝了配对码（${code}）：它已过期、已被使用，或来自另一个网关。${PAIR_AGAIN_ZH}`],
  [/^The gateway rejected the device signature as expired: this machine's clock and the gateway's differ by more than 2 minutes — fix the clock \(enable NTP\)\.$/,
    () => '网关认为这台机器的设备签名已过期：这台机器和网关的时钟相差超过 2 分钟，请校准时钟（在系统设置里打开“自动设置时间”）。'],
  [/^The gateway speaks protocol (\S+), which this node does not support: update Hearth \(or OpenClaw\) on the older side\.$/,
    (v) => `网关使用的协议版本是 ${v}，这台机器不支持：请更新较旧一方的 Hearth（或 OpenClaw）。`],
  [/^The gateway is rate-limiting failed attempts from this address \(AUTH_RATE_LIMITED\); waiting before trying again\. Check the token\.(?: (.+))?$/,
    (last) => {
      // The agent appends the refusal that led here, if any: translated too, or the whole folds.
      const before = last ? AGENT_ZH.find(([re]) => re.test(last)) : undefined;
      const lastZh = before ? before[1](...(before[0].exec(last!) ?? []).slice(1).map((x) => x ?? '')) : '';
      return last && !lastZh ? undefined : `网关正在限制来自这个地址的失败尝试（AUTH_RATE_LIMITED），稍等一会儿会再试。${lastZh}`;
    }],
  [/^(.+); retrying in ([\d.]+) (ms|s)\.$/, (why, n, unit) => { const w = unreachableZh(why); return w && `${w}；${zhSecs(n, unit)}后重试。`; }],
  [/^Connection to the gateway closed \((\d+)(?: (.+?))?\)((?:; stopped .+?)?); reconnecting in ([\d.]+) (ms|s)\.$/,
    (code, reason, stopped, n, unit) => `与网关的连接断开了（${code}${reason ? ` \`${reason}\`` : ''}）${stoppedZh(stopped)}；${zhSecs(n, unit)}后重新连接。`],
];

/** The window's English where the agent's fix is a CLI step the window has a button for. */
export const AGENT_EN: Rule[] = [
  // The rate limit's sentence, then the refusal that led to it (in the window's words too).
  [/^(The gateway is rate-limiting failed attempts from this address \(AUTH_RATE_LIMITED\); waiting before trying again\.) Check the token\. (.+)$/,
    (head, last) => { const rule = AGENT_EN.find(([re]) => re.test(last)); return `${head} ${rule ? rule[1](...(rule[0].exec(last) ?? []).slice(1).map((x) => x ?? '')) : last}`; }],
  [INTERNAL_ERROR, (why) => `Internal error in the node agent: \`${why}\`. Quit and reopen Hearth; if it happens again, the log has the details.`],
  [COMMANDS_WAIT, () => 'Connected, but the gateway has not approved this machine\'s new commands yet: approve them on the phone or the home PC (the Nodes page), or run `hearth nodes approve --latest` on the gateway.'],
  [new RegExp(`^(?:${HELD_LEAD})?${WAITING}$`),
    (held, id, fp) => `${held ? `${held}; it stays out until it is approved again or paired again with a new setup code. ` : ''}Waiting for approval on the gateway: approve this machine on the phone or in the home PC's Hearth window, and check that it shows the fingerprint ${fp} (or run \`hearth devices approve ${id}\` on the gateway). It connects as soon as it is approved.`],
  [/^(The gateway no longer accepts this node's device token \(it was rotated or revoked\); dropped it\.) The node will now ask to be paired again — approve it on the gateway, or .+\.$/,
    (head) => `${head} This machine now asks to be paired again: approve it on the phone or the home PC, or choose "Pair again" below and use a new setup code.`],
  [/^(The gateway at \S+ refused this node's (?:token|password|connection without a credential) \([A-Z_]+\)\.) It used (.+?)\. Fix: .+\.$/,
    (head, cred) => `${head} It used ${credentialEn(cred)}. ${PAIR_AGAIN_EN}`],
  [/^(The gateway at \S+ refused the setup code \([A-Z_]+\): it is expired, already used or from another gateway\.) It used .+?\. Fix: .+\.$/,
    (head) => `${head} ${PAIR_AGAIN_EN}`],
];
