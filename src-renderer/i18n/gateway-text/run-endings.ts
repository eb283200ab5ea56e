/** How a run ended, as the gateway records it (gateway/nodes/invoke-router.ts, store/invocations.ts). */
import type { Rule } from './rule.ts';

export const RUN_ENDING_RULES: Rule[] = [
  [/^node disconnected while the command was running \(the node process or its network went away\)(?:; output cut off after (\d+) bytes)?$/,
    (n) => `命令运行期间节点断开了连接（节点进程或其网络已断开）${n ? `；输出在 ${n} 字节后中断` : ''}`],
  [/^TIMEOUT: node invoke timed out$/, () => '超时：节点没有在时限内给出结果'],
  [/^CANCELLED: the run was cancelled; the node did not confirm that it stopped$/, () => '已取消：节点没有确认命令已停止'],
  [/^CANCELLED: the caller cancelled the node invoke$/, () => '已取消：发起方取消了这次运行'],
  [/^interrupted: the gateway stopped before the run finished$/, () => '已中断：运行结束前网关停止了'],
  [/^gateway stopped while the command was running$/, () => '命令运行期间网关停止了'],
  [/^node not connected$/, () => '节点未连接'],
];
