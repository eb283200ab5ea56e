/** The alert bus's messages: pairing and command requests, a node offline, the gateway's state disk, a failing alert source. */
import type { Rule } from './rule.ts';
import { reason } from './reasons.ts';

/** The roles a device pairs as. */
export const ROLE: Record<string, string> = { node: '节点', operator: '管理端' };

/** A command list "a, b and 2 more" / "no commands". */
function commands(s: string): string {
  if (s === 'no commands') return '（无命令）';
  return s.replace(/ and (\d+) more$/, ' 等另外 $1 个');
}

export const ALERT_RULES: Rule[] = [
  // Alerts: pairing, nodes, state disk (src-main/core/alerts/sources)
  [/^(.+?)(?: \(([^()]+)\))? asks to pair as (node|operator)(?:, fingerprint (\S+))?; approve with `hearth devices approve (\S+)` or reject it$/,
    (who, platform, role, fp, id) => `${who}${platform ? `（${platform}）` : ' '}请求以${ROLE[role] ?? role}身份配对${fp ? `，指纹 ${fp}` : ''}；在“节点”页批准或拒绝，或运行 \`hearth devices approve ${id}\``],
  [/^node (.+) asks to run (.+); approve with `hearth nodes approve (\S+)` or reject it$/,
    (who, cmds, id) => `节点 ${who} 请求运行 ${commands(cmds)}；在“节点”页批准或拒绝，或运行 \`hearth nodes approve ${id}\``],
  [/^node (.+) has been offline for more than (\d+) (s|min); check that its machine is on and its Hearth node is running$/,
    (n, d, u) => `节点 ${n} 已离线超过 ${d} ${u === 's' ? '秒' : '分钟'}；请确认那台机器已开机，并且 Hearth 节点正在运行`],
  [/^the gateway's state disk is (\d+) % full \(about (.+?) free at (.+)\); free space there or move the state dir \(--state-dir\)$/,
    (p, free, path) => `网关的状态磁盘已用 ${p}%（${path} 约剩 ${free}）；请清理空间，或用 --state-dir 换一个状态目录`],
  [/^alert sources failed: (.+)$/, (why) => `告警来源出错：${reason(why)}`],
];
