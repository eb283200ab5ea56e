/**
 * What an errno code means, in Chinese, for the system texts the gateway passes on verbatim
 * ("ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:11434", "EACCES: permission denied, statfs
 * '/mnt/nas'"): model probes, storage probes, tunnel and wake errors. The UI leads with the
 * meaning and keeps the system's own line as code beside it, for support. Codes not listed here
 * are left to the caller (the sentence then folds under "Technical details").
 */
const ERRNO_ZH: Record<string, string> = {
  ECONNREFUSED: '连接被拒绝，那里没有服务在监听',
  ECONNRESET: '连接被对方重置',
  ECONNABORTED: '连接被中止',
  ETIMEDOUT: '连接超时',
  EHOSTUNREACH: '无法到达那台主机',
  EHOSTDOWN: '那台主机没有开机',
  ENETUNREACH: '网络不可达',
  ENETDOWN: '网络未连接',
  ENOTFOUND: '找不到这个主机名',
  EAI_AGAIN: '暂时无法解析这个主机名',
  EPIPE: '连接已断开',
  ENOTCONN: '连接已断开',
  EADDRINUSE: '端口已被占用',
  EADDRNOTAVAIL: '这台机器没有这个地址',
  EACCES: '权限不足',
  EPERM: '操作不被允许',
  ENOENT: '文件或目录不存在',
  ENOTDIR: '路径中有一段不是目录',
  EISDIR: '这是一个目录',
  EROFS: '文件系统是只读的',
  ENOSPC: '磁盘空间不足',
  EDQUOT: '超出了磁盘配额',
  EIO: '输入/输出错误（磁盘或网络共享出了问题）',
  ESTALE: '网络共享的文件句柄已失效（需要重新挂载）',
  EBUSY: '资源正忙',
  EMFILE: '打开的文件太多',
  ENAMETOOLONG: '路径太长',
  ELOOP: '路径中的符号链接太多',
  ENODEV: '没有这个设备',
  ENXIO: '没有这个设备或地址',
};

/** The Chinese meaning of `code`, or undefined for a code this table does not know. */
export function errnoZh(code: string): string | undefined {
  return ERRNO_ZH[code];
}
