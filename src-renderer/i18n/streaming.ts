/** Strings of live run output and cancel (both languages complete; spread into en.ts / zh-CN.ts). */
export const streamingEn = {
  'stream.cancel': 'Cancel',
  'stream.cancelling': 'Cancelling…',
  'stream.cancelled': 'cancelled',
  'stream.cancelledNote': 'Cancelled: the command and everything it started were stopped on the node.',
  'stream.live': 'live',
  'stream.waiting': 'Waiting for output…',
  'stream.cutOff': 'Output cut off: the node disconnected while the command was running.',
  'stream.connectionLost': 'Output cut off: the connection to the gateway was lost while the command was running. The gateway stops a command whose caller went away, so it may not have finished.',
  'stream.truncated': 'Output past the {limit}-byte limit was not kept ({n} more bytes).',
  'stream.outputGap': 'Part of this output never arrived from the gateway (missing pieces: {n}), so what is shown is incomplete. Run the command again to see all of it.',
} as const;

export const streamingZh: Record<keyof typeof streamingEn, string> = {
  'stream.cancel': '取消',
  'stream.cancelling': '正在取消…',
  'stream.cancelled': '已取消',
  'stream.cancelledNote': '已取消：该命令及其启动的所有进程已在节点上停止。',
  'stream.live': '实时',
  'stream.waiting': '等待输出…',
  'stream.cutOff': '输出中断：命令运行期间节点断开了连接。',
  'stream.connectionLost': '输出中断：命令运行期间与网关的连接断开了。网关会停止发起方已离开的命令，所以它可能没有运行完。',
  'stream.truncated': '超出 {limit} 字节上限的输出未保留（另有 {n} 字节）。',
  'stream.outputGap': '部分输出没有从网关传来（缺少 {n} 段），下面显示的内容不完整。请重新运行该命令以查看完整输出。',
};
