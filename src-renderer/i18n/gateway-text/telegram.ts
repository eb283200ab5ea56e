/** The Telegram token refusals and polling problems, shown in Settings (src-main/core/channels/telegram). */
import type { Rule } from './rule.ts';

export const TELEGRAM_RULES: Rule[] = [
  [/^that is not a bot token \(it looks like 123456789:AA…, from @BotFather\); nothing was saved$/, () => '这不是机器人令牌（它看起来像 123456789:AA…，由 @BotFather 给出）；没有保存任何内容'],
  [/^Telegram refused the token \((.+)\); copy it again from @BotFather; nothing was saved$/, (why) => `Telegram 拒绝了这个令牌（\`${why}\`）；请从 @BotFather 重新复制；没有保存任何内容`],
  [/^cannot reach the Bot API at (\S+) \((.+)\); check the network or --api-root; nothing was saved$/, (w, why) => `连不上 ${w} 的 Bot API（\`${why}\`）；请检查网络；没有保存任何内容`],
  [/^Telegram refused polling \((.+?)\): another program is polling this bot token, or a webhook is set for it\. Stop the other Hearth gateway or bot using the same token \(or remove the webhook with the Bot API's deleteWebhook\), then Hearth resumes by itself$/,
    (why) => `Telegram 拒绝了轮询（\`${why}\`）：另一个程序在用这个机器人令牌轮询，或者它设置了 webhook。请停掉使用同一令牌的另一个 Hearth 网关或机器人（或用 Bot API 的 deleteWebhook 删除 webhook），之后 Hearth 会自动恢复`],
  [/^the Telegram module is not running; check the gateway log$/, () => '网关上的 Telegram 模块没有在运行；请查看网关日志'],
  [/^getMe failed \((.+)\); nothing was saved$/, (why) => `调用 getMe 失败（\`${why}\`）；没有保存任何内容`],
  [/^cannot load the Telegram library \((.+)\); reinstall Hearth$/, (why) => `无法加载 Telegram 库（\`${why}\`）；请在家里的电脑上重新安装 Hearth`],
  [/^no pending Telegram pairing code (\S+) \(codes last 1 hour\); see `hearth telegram pending`$/, (c) => `没有待处理的 Telegram 配对码 ${c}（配对码 1 小时内有效）`],
  [/^no Telegram owner "(.+)"; see `hearth telegram users`$/, (n) => `没有名为“${n}”的 Telegram 主人`],
  [/^Telegram asked to slow down \(429\); retrying in (\d+) s$/, (n) => `Telegram 要求放慢速度（429）；${n} 秒后重试`],
  [/^Telegram answered (.+); retrying in (\d+) s$/, (why, n) => `Telegram 返回了 \`${why}\`；${n} 秒后重试`],
  [/^cannot reach the Bot API \((.+)\); retrying in (\d+) s$/, (why, n) => `连不上 Bot API（\`${why}\`）；${n} 秒后重试`],
  [/^Telegram no longer accepts the bot token \((.+)\); get a new one from @BotFather and run `hearth telegram set --token …`$/,
    (why) => `Telegram 不再接受这个机器人令牌（\`${why}\`）；请从 @BotFather 获取新令牌，在下方保存，或运行 \`hearth telegram set --token …\``],
];
