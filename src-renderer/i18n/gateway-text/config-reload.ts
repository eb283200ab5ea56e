/** hearth.json reloads that failed or need a restart (src-main/core/config-reload). */
import type { Rule } from './rule.ts';
import { reason, sysReason } from './reasons.ts';

/** The way to restart the gateway that restart-hint.ts names: a command as code, or the tray's words. */
function restartHint(h: string): string {
  if (h === 'quit Hearth from the tray menu and open it again') return '从托盘菜单退出 Hearth 再重新打开';
  const m = /^stop it \(Ctrl\+C\) and run `(.+)` again; as a service: (.+)$/.exec(h);
  return m ? `按 Ctrl+C 停止后重新运行 \`${m[1]}\`；作为服务运行时：\`${m[2]}\`` : `\`${h}\``;
}

export const CONFIG_RELOAD_RULES: Rule[] = [
  // Config reload (src-main/core/config-reload)
  [/^hearth\.json was not reloaded: (.+)$/, (e) => `hearth.json 没有重新加载：${reason(e)}`],
  [/^(\S+?)(?: line (\d+) column (\d+))?: not valid JSON \((.+)\); fix that line and save again$/,
    (p, l, c, why) => `${p}${l ? ` 第 ${l} 行第 ${c} 列` : ''}不是有效的 JSON（\`${why}\`）；请改正那一行后再保存`],
  [/^(\S+?)(?: line (\d+))?: reload failed \((.+)\); the previous settings stay$/, (p, l, why) => `${p}${l ? ` 第 ${l} 行` : ''}：重新加载失败（${sysReason(why)}）；继续使用之前的设置`],
  [/^(\S+?)(?: line (\d+))?: (\S+) cannot be applied \((.+)\); the previous settings stay$/, (p, l, key, why) => `${p}${l ? ` 第 ${l} 行` : ''}：${key} 无法应用（${sysReason(why)}）；继续使用之前的设置`],
  [/^config reloaded: (\S+) changed; restart the gateway to apply it \((.+)\)$/, (key, hint) => `已重新加载配置：${key} 改了，要在家里的电脑上重启网关才会生效（${restartHint(hint)}）`],
  [/^(\S+) is empty; put the settings back \(at least \{\}\), or run `hearth setup --force` to write a fresh one$/,
    (p) => `${p} 是空的；请把设置放回去（至少写 {}），或运行 \`hearth setup --force\` 重新生成`],
];
