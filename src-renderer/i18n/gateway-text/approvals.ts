/** Refusals of the approve, reject, rename and revoke buttons (pairing, devices, nodes, exec approvals). */
import type { Rule } from './rule.ts';
import { ROLE } from './alerts.ts';

const APPROVAL_STATE: Record<string, string> = { 'allow-once': '已允许一次', 'allow-always': '已总是允许', deny: '已拒绝', denied: '已拒绝', expired: '已过期' };

export const APPROVAL_RULES: Rule[] = [
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
];
