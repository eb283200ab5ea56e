/** Model probes, model alerts, the Models screen actions and the OpenAI-compatible endpoint's refusals shown by "Try it" (src-main/core/models). */
import type { Rule } from './rule.ts';
import { errnoLine, reason, sysReason } from './reasons.ts';

const HEALTH: Record<string, string> = { down: '离线', unresponsive: '无响应', unreachable: '所在节点离线' };

/** "endpoint: why" in the OpenAI endpoint's 503 (api.ts): why it could not serve the model. */
function endpointWhy(s: string): string {
  const m = /^(.+?): (.+)$/.exec(s);
  if (!m) return `\`${s}\``;
  const why = m[2] === 'cooling down after a failure' ? '上次失败后暂停使用' : HEALTH[m[2]!] ?? sysReason(m[2]!);
  return `${m[1]}：${why}`;
}


export const MODEL_RULES: Rule[] = [
  // Models: probes and alerts (src-main/core/models: scan.ts, probe.ts, http-get.ts, inventory.ts)
  // The probe says "nothing answers" for a refused connection and for a name that does not resolve
  // alike; in Chinese the second one says what it is.
  [/^nothing answers there \((.+)\); start the model server, or check the URL and port$/,
    (e) => (/^E(?:NOTFOUND|AI_AGAIN): /.test(e) ? `那里没有服务应答：${errnoLine(e)}；请检查 URL 里的主机名` : `那里没有服务应答（\`${e}\`）；请启动模型服务，或检查 URL 和端口`)],
  [/^something answers there, but not like a model server \(no \/v1\/models or \/api\/tags\); check the URL$/, () => '那里有服务应答，但不是模型服务（没有 /v1/models 或 /api/tags）；请检查 URL'],
  [/^(E[A-Z_]+: .+); check the URL$/, (e) => `${errnoLine(e) ?? `\`${e}\``}；请检查 URL`],
  [/^invalid URL (\S+)$/, (u) => `URL 无效：${u}`],
  [/^probe cancelled$/, () => '探测被取消'],
  [/^answer larger than (\d+) bytes$/, (n) => `应答超过 ${n} 字节`],
  // Models screen actions (refresh, reorder) and the add refusals (src-main/core/models/module.ts)
  [/^an endpoint is already named (.+); pass another --name$/, (n) => `已有名为“${n}”的模型端点；请换一个名称`],
  [/^invalid endpoint URL: (.+); pass e\.g\. (\S+)$/, (why, eg) => `端点 URL 无效：${reason(why)}；例如 ${eg}`],
  [/^(\S+): only http:\/\/ and https:\/\/ model servers are supported$/, (u) => `${u}：只支持 http:// 和 https:// 的模型服务`],
  [/^no model endpoint (.+); see `hearth models status` for names and ids$/, (n) => `没有模型端点 ${n}（它可能刚被移除）；请刷新后再试，或运行 \`hearth models status\` 查看名称和 ID`],
  [/^the models module is not running$/, () => '网关上的模型模块没有在运行'],
  [/^models module stopped$/, () => '网关上的模型模块已停止'],
  [/^model endpoint (.+) \((\S+)\) is cooling down after a failed request; requests go to the next endpoint$/, (n, u) => `模型端点 ${n}（${u}）刚有一次请求失败，暂停使用中；请求会转到下一个端点`],
  // A node relaying a request to its model server (node-commands.ts), inside the Try-it 503
  [/^model server (\S+) broke off its answer: (.+)$/, (u, why) => `模型服务 ${u} 中途断开了回答：${sysReason(why)}`],
  [/^model server (\S+): (.+)$/, (u, why) => `模型服务 ${u}：${sysReason(why)}`],
  [/^(\S+) is not a model server this node has inventoried; refresh the inventory first$/, (u) => `${u} 不在这个节点已发现的模型服务里；请先刷新`],
  [/^an OpenClaw node offers chat only$/, () => 'OpenClaw 节点只提供对话接口'],
  [/^HTTP (\d+) from the listing endpoint$/, (c) => `模型列表接口返回 HTTP ${c}`],
  [/^accepted the connection but did not answer within (\d+) ms$/, (n) => `接受了连接，但 ${n} 毫秒内没有应答`],
  [/^no connection within (\d+) ms$/, (n) => `${n} 毫秒内没能建立连接`],
  [/^model endpoint (.+) \((\S+)\) is (down|unresponsive|unreachable)(?:: (.+))?; requests go to the next endpoint serving the same model$/,
    (n, u, h, why) => `模型端点 ${n}（${u}）${HEALTH[h] ?? h}${why ? `：${reason(why)}` : ''}；请求会转到下一个提供同一模型的端点`],
  [/^model endpoint (.+) \((\S+)\) failed a request \((.+)\); it is left out for (\d+) s$/,
    (n, u, why, s) => `模型端点 ${n}（${u}）有一次请求失败（${reason(why)}）；接下来 ${s} 秒不再使用它`],
  // The OpenAI-compatible endpoint's refusals (src-main/core/models/api.ts), shown by "Try it"
  [/^No endpoint could serve `(.+)` right now \((.+)\)\. Check `hearth models status`\.$/,
    (m, why) => `现在没有端点能提供 \`${m}\`（${why.split('; ').map(endpointWhy).join('；')}）。请在上方查看各端点的状态，或运行 \`hearth models status\`。`],
  [/^no answer within (\d+) ms$/, (n) => `${n} 毫秒内没有应答`],
  [/^HTTP (\d+)$/, (c) => `返回了 HTTP ${c}`],
  [/^the node sent an unreadable response head$/, () => '节点发回的响应头无法读取'],
  [/^the node finished without a response head$/, () => '节点没有发回响应头就结束了'],
  [/^stream error$/, () => '流式输出出错'],
  // fetch() in the browser when the gateway cannot be reached at all (Chromium, Firefox, Safari)
  [/^(?:Failed to fetch|NetworkError when attempting to fetch resource\.|Load failed)$/, () => '连不上网关（浏览器发不出这个请求）'],
  [/^The model `(.+)` does not exist on any endpoint of this home \(see GET \/v1\/models\)\.$/, (m) => `家里没有任何端点提供模型 \`${m}\`（见 GET /v1/models）。`],
  [/^the model server broke off the stream$/, () => '模型服务中断了流式输出'],
];
