/** Pairing words as the user sees them: a new node comes with the commands it may run; later ones are "new commands". */
export const pairingEn = {
  'pairing.kindNewNode': 'New node',
  'pairing.kindNewCommands': 'Wants new commands',
  'pairing.mayRun': 'May run',
  'pairing.newCommands': 'New commands',
  'pairing.approveNodeHint': 'Approving admits it with exactly these commands; new ones later are asked again.',
} as const;

export const pairingZh: Record<keyof typeof pairingEn, string> = {
  'pairing.kindNewNode': '新节点',
  'pairing.kindNewCommands': '请求新命令',
  'pairing.mayRun': '可运行的命令',
  'pairing.newCommands': '新命令',
  'pairing.approveNodeHint': '批准后它只能运行这些命令；以后新增的命令会再次询问。',
};
