/**
 * A gateway (or node) that answered outside the Hearth contract (src-shared/client/contract-check.ts,
 * failure.ts, invoke-result.ts): an older or newer Hearth, or not Hearth at all. Where it differs
 * is the validator's own English (`at /nodes/0: must have required property 'nodeId'`), kept as code.
 */
import type { Rule } from './rule.ts';

const UPDATE_BOTH = '请把网关和这里的 Hearth 都更新到同一版本';

export const CONTRACT_ERROR_RULES: Rule[] = [
  [/^the gateway's answer to (\S+) does not match the Hearth contract \((.+)\); the gateway may be a newer or older version: update Hearth on both ends$/,
    (m, why) => `网关对 \`${m}\` 的回答不符合 Hearth 的协议约定（\`${why}\`）；网关的版本可能更新或更旧：${UPDATE_BOTH}`],
  [/^the gateway's (\S+) event does not match the Hearth contract \((.+)\); it was ignored; update Hearth on both ends$/,
    (e, why) => `网关发来的 \`${e}\` 事件不符合 Hearth 的协议约定（\`${why}\`），已忽略；${UPDATE_BOTH}`],
  [/^the gateway at (\S+) (?:answered (\S+) with something|sent a (\S+) event) the Hearth contract does not allow \((.+)\); it may run an older or newer Hearth, or not be a Hearth gateway: update Hearth on both ends, or check --url$/,
    (u, m, e, why) => `${u} 的网关${m ? `对 \`${m}\` 的回答` : `发来的 \`${e}\` 事件`}不符合 Hearth 的协议约定（\`${why}\`）；它运行的 Hearth 可能更旧或更新，也可能不是 Hearth 网关：${UPDATE_BOTH}，或检查网关地址（\`--url\`）`],
  [/^node (.+) answered system\.run with a result the Hearth contract does not allow \((.+)\); the command may have run: update Hearth on that machine and on the gateway, and check `hearth nodes describe (.+)`$/,
    (n, why) => `节点 ${n} 对 \`system.run\` 的回答不符合 Hearth 的协议约定（\`${why}\`）；命令可能已经运行了：请把那台机器和网关上的 Hearth 都更新，并查看节点详情（\`hearth nodes describe ${n}\`）`],
];
