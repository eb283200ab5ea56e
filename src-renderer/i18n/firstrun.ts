/** Strings of the first-run fixes (issue 13): role names, launch failures, sign-in details. */
export const firstrunEn = {
  'role.node': 'node',
  'role.operator': 'operator',
  'fail.setupLinkMalformed': 'This setup link is damaged or incomplete, so it cannot be read. Copy the whole link, or scan the QR code again.',
  'login.details': 'Technical details',
  'launch.notFound': 'The program “{program}” was not found on this node. Check the name, or give its full path.',
  'launch.denied': 'The node may not execute “{program}” (permission denied).',
  'launch.badCwd': 'The working directory does not exist on this node, or is not a directory.',
  'launch.failed': 'The command could not start ({code}).',
} as const;

export const firstrunZh: Record<keyof typeof firstrunEn, string> = {
  'role.node': '节点',
  'role.operator': '管理端',
  'fail.setupLinkMalformed': '这个配对链接已损坏或不完整，无法读取。请复制完整的链接，或重新扫描二维码。',
  'login.details': '技术细节',
  'launch.notFound': '在此节点上找不到程序“{program}”。请检查名称，或填写完整路径。',
  'launch.denied': '此节点无权执行“{program}”（权限被拒绝）。',
  'launch.badCwd': '工作目录在此节点上不存在，或不是目录。',
  'launch.failed': '命令无法启动（{code}）。',
};
