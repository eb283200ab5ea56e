/** Storage states, probe failures and the add/edit refusals of the storage form (src-main/core/storage). */
import { errnoZh } from '../errno.ts';
import { literal, type Rule } from './rule.ts';
import { sysReason, zhText } from './reasons.ts';

const STATE: Record<string, string> = { 'not mounted': '未挂载', missing: '不存在', 'read-only': '只读', hung: '无响应', unreachable: '无法访问' };
const ADVICE: Record<string, string> = {
  'mount it again (check the share and the credentials on that machine)': '请重新挂载（检查那台机器上的共享和凭据）',
  'check that the path exists and the share is mounted': '请检查路径是否存在、共享是否已挂载',
  'check the share permissions or remount it read-write': '请检查共享权限，或以读写方式重新挂载',
  'the file server stopped answering; check it, then remount (umount -l / fusermount -uz) if it does not recover': '文件服务器不再响应；请检查它，若不能恢复再重新挂载（umount -l / fusermount -uz）',
  'the file server does not answer on the network; check that it is on and reachable': '文件服务器在网络上没有响应；请确认它已开机且可以访问',
};

/** The steps of a storage probe (probe-child.ts), as a failed step names them. */
const STEP: Record<string, string> = { statfs: '读取容量', create: '创建测试文件', fsync: '写入测试文件', remove: '删除测试文件', probe: '探测', spawn: '启动探测进程' };

/** "server HOST:PORT answers / does not answer (why)" that storage messages end with. */
function serverText(s: string): string | undefined {
  if (/^server (\S+) answers$/.test(s)) return `服务器 ${s.slice(7, -8)} 有应答`;
  const m = /^server (\S+) does not answer \((.+)\)$/.exec(s);
  if (!m) return undefined;
  const why = m[2] === 'no connection' ? '连不上' : errnoZh(m[2]!) ?? sysReason(m[2]!);
  return `服务器 ${m[1]} 没有应答（${why}）`;
}


/** "name (path) on machine" of storage messages. */
function where(s: string): string | undefined {
  const m = /^(.+) \((.+)\) on (.+)$/.exec(s);
  return m ? `${m[1]}（${m[2]}，位于 ${m[3]}）` : undefined;
}


export const STORAGE_RULES: Rule[] = [
  // Storage (src-main/core/storage)
  [/^Storage (.+) is (\d+) % full \((space|inodes); threshold (\d+) %(?:, full in about (\d+) days)?\); free some space$/,
    (w, p, what, limit, days) => { const at = where(w); return at && `存储 ${at}已用 ${p}%（${what === 'space' ? '空间' : 'inode'}；阈值 ${limit}%${days ? `，约 ${days} 天后用满` : ''}）；请清理空间`; }],
  [new RegExp(`^Storage (.+?) is (not mounted|missing|read-only|hung|unreachable)(?:: (.+?))?; (${Object.keys(ADVICE).map(literal).join('|')})$`),
    (w, state, err, advice) => {
      const at = where(w);
      const why = err ? zhText(err) : '';
      const todo = ADVICE[advice];
      return at && why !== undefined && todo ? `存储 ${at}${STATE[state] ?? state}${why ? `：${why}` : ''}；${todo}` : undefined;
    }],
  // A storage error that ends with what the file server's port said (classify.ts)
  [/^(.+); (server \S+ (?:answers|does not answer \(.+\)))$/, (head, server) => {
    const a = zhText(head);
    const b = serverText(server);
    return a && b ? `${a}；${b}` : undefined;
  }],
  [/^(server \S+ (?:answers|does not answer \(.+\)))$/, (server) => serverText(server)],
  [/^the filesystem has not answered (\w+) for ([\d.]+) s$/, (step, n) => `文件系统 ${n} 秒都没有响应（${STEP[step] ?? step}）`],
  [/^(\S+) does not exist on the mount(?: (\S+))?$/, (p, m) => (m ? `${p} 在挂载点 ${m} 上不存在` : `${p} 在挂载点上不存在`)],
  [/^the mount is broken \((.+)\)$/, (why) => `挂载已损坏（${sysReason(why)}）`],
  [/^(statfs|create|fsync|remove|probe|spawn) failed: (.+)$/, (step, why) => `${STEP[step] ?? step}失败：${sysReason(why)}`],
  [/^(\S+) is mounted read-only$/, (m) => `${m} 以只读方式挂载`],
  [/^cannot write: (.+)$/, (why) => `无法写入：${sysReason(why)}`],
  [/^write check failed: (.+)$/, (why) => `写入检查失败：${sysReason(why)}`],
  [/^inodes ([\d.]+) % used$/, (n) => `inode 已用 ${n}%`],
  [/^([\d.]+) % used$/, (n) => `已用 ${n}%`],
  [/^the node did not answer the probe: (.+)$/, (why) => `节点没有回应探测：${sysReason(why)}`],
  [/^cannot read the mount table: (.+)$/, (why) => `无法读取挂载表：${sysReason(why)}`],
  [/^cannot start the probe process: (.+)$/, (why) => `无法启动探测进程：${sysReason(why)}`],
  [/^probe process failed: (.+)$/, (why) => `探测进程失败：${sysReason(why)}`],
  [/^(\S+) exists \(another probe is running\)$/, (f) => `${f} 已存在（另一个探测正在运行）`],
  [/^the probe process ended \((.+)\) without a result$/, (how) => `探测进程没有给出结果就结束了（${how.replace(/^exit /, '退出码 ')}）`],
  [/^not checked yet$/, () => '还没有检查过'],
  // A mount on a node the gateway cannot ask (monitor.ts)
  [/^node (.+) is offline; showing its last check$/, (n) => `节点 ${n} 离线；显示的是它上一次的检查结果`],
  [/^node (.+) is no longer paired with this gateway; remove the mount or pair the node again$/, (n) => `节点 ${n} 已不再与这个网关配对；请移除这项存储，或重新配对那个节点`],
  [/^node (.+) does not offer (\S+); update Hearth there, then approve its commands \(`hearth nodes approve --latest`\)$/,
    (n, cmd) => `节点 ${n} 不提供 ${cmd}；请在那台机器上更新 Hearth，然后批准它的命令（\`hearth nodes approve --latest\`）`],
  [/^the node answered without results$/, () => '节点的回答里没有结果'],
  [/^the storage module is not started$/, () => '网关上的存储模块还没有启动'],
  [/^not mounted: (.+)$/, (r) => { const why = zhText(r); return why && `未挂载：${why}`; }],
  [/^the path is on the root filesystem, not on a mount of its own$/, () => '该路径在根文件系统上，不是单独的挂载点'],
  [/^no mount contains this path$/, () => '没有挂载点包含此路径'],
  [/^(\S+) does not exist$/, (p) => `${p} 不存在`],
  // Storage add/edit refusals (src-main/core/storage/methods.ts), shown in the storage form
  [/^the path "(.+)" is not absolute; give the full path on that machine \(e\.g\. (.+)\)$/, (p, eg) => `路径“${p}”不是绝对路径；请填写那台机器上的完整路径（例如 ${eg.replace(/ or /, ' 或 ').replace(/, /g, '、')}）`],
  [/^(.+) on (that node|the gateway) is already watched as "(.+)"; change it with the UI or remove it first \(`hearth storage remove (.+)`\)$/,
    (p, on, n, r) => `${p} 在${on === 'the gateway' ? '网关' : '那个节点'}上已作为“${n}”被监视；请修改那一项，或先移除它（\`hearth storage remove ${r}\`）`],
  [/^a storage named "(.+)" exists already; pick another (?:--name|name)$/, (n) => `已有名为“${n}”的存储；请换一个名称`],
  [/^(.+) is already watched on that machine$/, (p) => `${p} 在那台机器上已被监视`],
  [/^invalid server "(.+)": use host or host:port \(e\.g\. (\S+)\)$/, (v, eg) => `服务器“${v}”无效：请填写主机名，或“主机名:端口”（例如 ${eg}）`],
  [/^invalid path: it contains a NUL byte$/, () => '路径无效：其中含有 NUL 字节'],
  [/^no storage named "(.+)"; (?:known: (.+)|add one with `hearth storage add PATH`)$/, (n, known) => `没有名为“${n}”的存储（它可能刚被移除）${known ? `；现有的有：${known}` : ''}`],
  [/^the storage was removed while it was being checked; see `hearth storage list`$/, () => '检查期间这项存储被移除了'],
  [/^the warning threshold \((\d+) %\) must be below the critical one \((\d+) %\), e\.g\. --warn 80 --crit 90$/, (w, c) => `警告阈值（${w}%）必须低于严重阈值（${c}%），例如 80% 和 90%`],
  [/^invalid storage name: use 1-64 visible characters, e\.g\. --name nas$/, () => '存储名称无效：请使用 1–64 个可见字符'],
  [/^(\S+) does not exist \((.+)\)$/, (p, r) => { const why = zhText(r); return why && `${p} 不存在（${why}）`; }],
];
