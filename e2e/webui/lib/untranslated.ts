/**
 * Finds English left in Chinese text: runs of ASCII words that are not names, units, ids or
 * commands. Used on the visible text of every zh-CN screenshot (screens.spec.ts) and on every
 * zh-CN message of the dictionaries (test/renderer/i18n.test.ts), with the same allowlist.
 */

/**
 * Words that stay in Latin letters in Chinese text: product and protocol names, units, platform
 * names and abbreviations Chinese users read as they are. Lower-case common words never belong
 * here: "node", "token", "run" must be translated.
 */
export const ZH_ASCII_ALLOWLIST: ReadonlySet<string> = new Set([
  // Products and projects
  'Hearth', 'OpenClaw', 'Telegram', 'Tailscale', 'WireGuard', 'Ollama', 'vLLM', 'LM', 'Studio', 'llama.cpp', 'llama-server',
  'OpenAI', 'Electron', 'Chromium', 'Chrome', 'Safari', 'Firefox', 'Debian', 'Ubuntu', 'Linux', 'macOS', 'Windows', 'Mac', 'iPhone',
  'Android', 'systemd', 'launchd', 'GitHub', 'BotFather', 'Wake-on-LAN', 'MagicDNS', 'Docker', 'NAS', 'SMB', 'NFS', 'sshfs', 'CIFS',
  // Protocols, formats and abbreviations
  'Ctrl-C', 'SSH', 'VPS', 'LAN', 'WAN', 'IP', 'IPv4', 'IPv6', 'DNS', 'URL', 'HTTP', 'HTTPS', 'WebSocket', 'TLS', 'API', 'JSON', 'QR', 'ID',
  'Tailnet', 'tailnet', 'Bearer', 'inode', 'getMe', 'OpenSSH', 'PEM', 'sshd', 'sshd_config',
  'CPU', 'GPU', 'RAM', 'VRAM', 'RTT', 'MAC', 'PID', 'SSE', 'PATH', 'UTC', 'PC', 'USB', 'OK', 'tmpfs', 'Bot', 'ssh-ed25519', 'Ed25519', 'SHA256',
  // Units
  'B', 'KB', 'MB', 'GB', 'TB', 'KiB', 'MiB', 'GiB', 'TiB', 'ms', 's', 'min', 'h', 'd', 'Hz', 'GHz', 'tok',
]);

/** Tokens that name things rather than say things: commands, paths, hosts, ids, numbers with units. */
function isIdentifier(token: string): boolean {
  return /[0-9/\\:@_=#$<>{}[\]|~*]/.test(token) || /\.[A-Za-z]/.test(token) || /^-/.test(token);
}

const STRIP = /^[\s"'“”‘’`()[\]{}.,;:!?…，。：；！？、（）《》「」·—–]+|[\s"'“”‘’`()[\]{}.,;:!?…，。：；！？、（）《》「」·—–-]+$/gu;

/** Splits a text into Latin-letter runs (consecutive ASCII tokens separated only by spaces). */
function asciiRuns(text: string): string[][] {
  const runs: string[][] = [];
  // Anything outside printable ASCII (CJK, CJK punctuation, symbols) ends a run.
  for (const chunk of text.split(/[^\x20-\x7e]+/u)) {
    const words = chunk.split(/\s+/).map((w) => w.replace(STRIP, '')).filter((w) => /[A-Za-z]/.test(w));
    if (words.length > 0) runs.push(words);
  }
  return runs;
}

/**
 * The English word runs of `text` that a zh-CN screen must not show: every run that holds a
 * word which is neither allowlisted nor an identifier. `extra` adds names from the data shown
 * (node names, host names) that are not UI text.
 */
export function untranslatedRuns(text: string, extra: ReadonlySet<string> = new Set()): string[] {
  const bad: string[] = [];
  const known = (w: string) => ZH_ASCII_ALLOWLIST.has(w) || extra.has(w) || isIdentifier(w);
  for (const run of asciiRuns(text)) {
    // `hearth …` is a command to type, whatever words follow it.
    if (run[0] === 'hearth' || run[0] === 'npx') continue;
    // A run with a --flag is a command line ("--bind lan").
    if (run.some((w) => w.startsWith('--'))) continue;
    if (run.some((w) => !known(w))) bad.push(run.join(' '));
  }
  return bad;
}

/** Code spans in messages (`hearth qr`, <code>…</code>) hold commands: not prose to translate. */
export function withoutCode(message: string): string {
  return message.replace(/`[^`]*`/g, ' ').replace(/\{\w+\}/g, ' ');
}
