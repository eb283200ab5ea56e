/** Wake-on-LAN strings (node detail). */
export const wakeEn = {
  'wake.button': 'Wake',
  'wake.hint': 'This machine is offline. Wake sends a Wake-on-LAN packet from the gateway on your home network.',
  'wake.noMac': 'This machine is offline and never reported a network card, so Wake may not reach it (it reports them while connected).',
  'wake.sent': 'Wake packet sent ({n}). The machine appears here once its node reconnects.',
  'wake.online': 'It is already online.',
} as const;

export const wakeZh: Record<keyof typeof wakeEn, string> = {
  'wake.button': '唤醒',
  'wake.hint': '这台机器离线。“唤醒”会由家中网络里的网关发送网络唤醒（Wake-on-LAN）包。',
  'wake.noMac': '这台机器离线，且从未报告过网卡，唤醒可能无法到达（它在连接时会报告网卡）。',
  'wake.sent': '已发送唤醒包（{n} 个）。节点重新连接后会显示在这里。',
  'wake.online': '它已经在线。',
};
