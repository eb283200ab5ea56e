/** Wake-on-LAN refusals, shown under Wake (src-main/core/ops/wake-module.ts). */
import type { Rule } from './rule.ts';

export const WAKE_RULES: Rule[] = [
  [/^(.+) never reported a network card with a MAC address \(it does while connected\); give its MAC, and enable Wake-on-LAN in its firmware and OS$/,
    (n) => `${n} 从未报告过带 MAC 地址的网卡（它在连接时会报告）；请提供它的 MAC 地址，并在它的固件和系统里启用网络唤醒`],
  [/^the gateway is still starting$/, () => '网关还在启动中'],
  [/^(.+) is not a MAC address \(expected 6 bytes like (\S+)\)$/, (v, eg) => `“${v}”不是 MAC 地址（应为 6 个字节，例如 ${eg}）`],
  [/^could not send the wake packet to (\S+): (.+); give the LAN's broadcast address$/, (to, why) => `无法把唤醒包发到 ${to}（\`${why}\`）；请提供局域网的广播地址`],
];
