/** The UI's own client errors, the gateway's scope refusal and a bare system line; last, as the catch-all for errno lines. */
import type { Rule } from './rule.ts';
import { errnoLine } from './reasons.ts';

export const CLIENT_ERROR_RULES: Rule[] = [
  // The UI's own client (src-shared/client/errors.ts) and the gateway's scope refusal
  [/^not connected \(calling (\S+)\)$/, () => '没有连接到网关；连接恢复后请再试一次'],
  [/^(\S+): no answer from the gateway within (\d+) ms$/, (_m, n) => `网关在 ${n} 毫秒内没有应答；请稍后再试`],
  [/^missing scope: (\S+)$/, (scope) => `这台设备没有做这件事的权限（需要 \`${scope}\`）`],
  // A bare system line (model probes of a known server kind, wake, storage)
  [/^(E[A-Z_]+: .+)$/, (line) => errnoLine(line)],
];
