/**
 * Why the gateway refused a sign-in (src-main/core/gateway/handshake.ts) and why the browser's
 * connection never got that far (src-shared/client/connection.ts): the sentence under the
 * sign-in and connecting screens' plain headline, whose English stays folded beside it.
 */
import type { Rule } from './rule.ts';

/** Why a setup code is not usable, as the handshake names it. */
const CODE_WHY: Record<string, string> = { 'unknown code': '网关不认识这个配对码', expired: '已过期', 'already used by another device': '已被另一台设备使用', revoked: '已被撤销' };

/** The handshake's note on staying out after an operator's decision (STAYS_OUT). */
const STAYS_OUT = /^it stays out until an operator approves it \(hearth devices approve (\S+)\) or it connects with a new setup code \(hearth qr\); loopback auto-approval does not re-admit it$/;

function staysOut(s: string): string | undefined {
  const m = STAYS_OUT.exec(s);
  return m ? `要等管理员批准它（\`hearth devices approve ${m[1]}\`），或用新的配对码（\`hearth qr\`）连接，它才能再进来；本机的自动批准不会让它重新加入` : undefined;
}

const HELD: Record<string, string> = {
  'this device was removed from the gateway': '这台设备已从网关上移除',
  "this device's pairing request was rejected": '这台设备的配对请求被拒绝了',
  "this device's token was rotated": '这台设备的令牌已被轮换',
};

export const SIGN_IN_RULES: Rule[] = [
  [/^unauthorized: gateway token mismatch \(use this gateway's token from `hearth setup` \/ HEARTH_GATEWAY_TOKEN, or pair the device\)$/,
    () => '网关令牌不对：请使用这个网关的令牌（在家里的电脑上运行 `hearth setup` 可以看到，或它的 `HEARTH_GATEWAY_TOKEN`），或者用配对码配对这台设备'],
  [/^unauthorized: gateway password mismatch \(use this gateway's password\)$/, () => '网关密码不对：请使用这个网关的密码'],
  [/^unauthorized: gateway token missing \(pass the gateway token, a device token, or a setup code\)$/, () => '没有提供网关令牌：请输入网关令牌，或使用配对码'],
  [/^unauthorized: device token mismatch \(rotate\/reissue device token\)$/, () => '网关不再接受这台设备保存的访问凭据（它已被轮换或重新签发）'],
  [/^unauthorized: device token scope mismatch \(re-pair or approve scope upgrade\)$/, () => '这台设备保存的访问凭据权限不够：请重新配对，或在网关上批准权限升级'],
  [/^unauthorized: setup code invalid, expired, revoked, or already used \((.+); ask for a new code with `hearth qr`\)$/,
    (why) => `配对码不能用了（${CODE_WHY[why] ?? `\`${why}\``}）：请在家里的电脑上选择“配对设备”或运行 \`hearth qr\`，获取新的配对码`],
  [/^unauthorized: too many failed sign-in attempts from (\S+); wait (\d+) s, then retry with the right token, setup code or device token( \(behind a reverse proxy every client shares its address: list the proxy in gateway\.trustedProxies or --trusted-proxies so each client is counted on its own\))?$/,
    (ip, n, proxy) => `来自 ${ip} 的登录失败次数太多：请等 ${n} 秒，再用正确的令牌或配对码重试${proxy ? '（在反向代理后面，所有客户端共用代理的地址：请把代理加入 `gateway.trustedProxies`（或 `--trusted-proxies`），让每个客户端单独计数）' : ''}`],
  [/^origin not allowed \((.+)\); open the UI from the gateway's own address or add the origin to gateway\.allowedOrigins$/,
    (o) => `网关不接受从 ${o} 打开的页面：请从网关自己的地址打开，或把这个来源加入 \`gateway.allowedOrigins\``],
  [/^protocol mismatch$/, () => '协议版本不一致'],
  [/^device identity required$/, () => '网关需要这台设备的身份'],
  [/^device signature expired$/, () => '设备签名已过期：这台设备和网关的时钟相差超过 2 分钟，请校准时钟'],
  [/^device (?:nonce mismatch|nonce required|signature invalid|public key invalid|identity mismatch)$/, () => '设备身份校验没有通过；请刷新页面再试'],
  [/^pairing required: device is not approved yet$/, () => '需要配对：这台设备还没有被批准'],
  [/^pairing required: device is asking for a higher role than currently approved$/, () => '需要配对：这台设备请求的角色高于已批准的角色'],
  [/^pairing required: device is asking for more scopes than currently approved$/, () => '需要配对：这台设备请求的权限多于已批准的权限'],
  [/^pairing required: (this device was removed from the gateway|this device's pairing request was rejected|this device's token was rotated); (.+?)(, or it connects with the gateway's shared token)?$/,
    (held, rest, shared) => { const s = staysOut(rest); return s && `需要配对：${HELD[held]}；${s}${shared ? '，或者用网关的共享令牌连接' : ''}`; }],
  // A #setup= link the UI itself could not read (session/setup-link.ts)
  [/^the link has an empty setup code$/, () => '链接里的配对码是空的'],
  [/^the link does not contain a readable setup code$/, () => '链接里没有可以读取的配对码'],
  // The browser's side (connection.ts): the socket never opened, or closed before the handshake.
  [/^cannot reach the gateway at (\S+) \(is it running\?\)$/, (u) => `连不上 ${u} 的网关（它在运行吗？）`],
  [/^the gateway at (\S+) accepted the connection and closed it before the handshake finished$/, (u) => `${u} 的网关接受了连接，但在握手完成前就关闭了它`],
  [/^gateway closed the connection during the handshake \((\d+)(?: (.+))?\)$/, (code, why) => `网关在握手期间关闭了连接（${code}${why ? ` \`${why}\`` : ''}）`],
  [/^gateway at (\S+) did not complete the handshake within (\d+) ms$/, (u, n) => `${u} 的网关没有在 ${n} 毫秒内完成握手`],
];
