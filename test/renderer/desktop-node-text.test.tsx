// The desktop window's node page and settings: the node agent's and the updater's sentences, built
// by their real producers, in Chinese and in the window's English; and "Pair again" for a refused node.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { authRefusalMessage } from '../../src-main/core/agent/auth-refusals.ts';
import { explainRefusal, type RefusalContext } from '../../src-main/core/agent/credentials.ts';
import { internalErrorText } from '../../src-main/core/agent/internal-error.ts';
import { COMMANDS_AWAITING_APPROVAL, commandsPendingStatus } from '../../src-shared/protocol/surface-pending.ts';
import { describeUpdate, updateUnsupportedReason } from '../../src-main/electron/updater/policy.ts';
import { unreachableMessage } from '../../src-shared/client/failure.ts';
import type { HearthBridge, NodeStatusView } from '../../src-shared/ipc/contract.ts';
import { DetailCode } from '../../src-shared/protocol/errors.ts';
import { DesktopProvider } from '../../src-renderer/desktop/context.tsx';
import { mainText } from '../../src-renderer/desktop/main-text.ts';
import { NodeStatusScreen } from '../../src-renderer/desktop/NodeStatus.tsx';
import { createI18nStore } from '../../src-renderer/i18n/i18n.ts';
import { memoryStorage } from '../../src-renderer/lib/storage.ts';

const GW = 'ws://192.168.1.20:18789';
const ctx: RefusalContext = { source: 'device-token', fingerprint: 'AB12-CD34', gatewayUrl: GW, hasOtherCredential: false };
const refusal = (code: string, details: Record<string, unknown> = {}) => explainRefusal({ code, message: code, details: { code, ...details } }, ctx);
const statePath = '/home/a/.config/Hearth/node-state.json';
/** A --flag outside a code span: a CLI instruction the window's user has no place to type. */
const bareFlag = (s: string) => /(^|[^`\w-])--[a-z]/.test(s.replace(/`[^`]*`/g, ''));
const update = (o: Parameters<typeof describeUpdate>[0]) => describeUpdate(o, { currentVersion: '0.1.0', channel: 'stable', now: 0 }).message;

describe("the node agent's sentences in the desktop window", () => {
  const sentences = {
    waiting: refusal(DetailCode.PAIRING_REQUIRED, { requestId: 'r-1' }).message,
    heldOut: refusal(DetailCode.PAIRING_REQUIRED, { requestId: 'r-1', reason: 'removed' }).message,
    revoked: refusal(DetailCode.AUTH_DEVICE_TOKEN_MISMATCH).message,
    tokenRefused: authRefusalMessage(refusal(DetailCode.AUTH_TOKEN_MISMATCH), { source: 'shared-secret', secretSource: '--token', statePath }, GW),
    codeRefused: authRefusalMessage(refusal(DetailCode.AUTH_BOOTSTRAP_TOKEN_INVALID), { source: 'bootstrap-token', statePath }, GW),
    unreachable: `${unreachableMessage(GW, 'connect ECONNREFUSED 192.168.1.20:18789')}; retrying in 30 s.`,
    commandsPending: commandsPendingStatus(COMMANDS_AWAITING_APPROVAL),
    dropped: 'Connection to the gateway closed (1006); stopped the 2 commands it had running here: their results can no longer reach anyone; reconnecting in 2.5 s.',
  };

  it('has a Chinese template for each, with its values', () => {
    for (const [name, s] of Object.entries(sentences)) expect(mainText('zh-CN', s), `${name}: ${s}`).toBeDefined();
    expect(mainText('zh-CN', sentences.waiting)).toBe('正在等待网关批准：请在手机或家庭主机的 Hearth 窗口里批准这台机器，批准前核对指纹 AB12-CD34（也可以在网关上运行 `hearth devices approve r-1`）。批准之后，这台机器会自动连上。');
    expect(mainText('zh-CN', sentences.heldOut)).toMatch(/^这个节点已从网关上移除；/);
    expect(mainText('zh-CN', sentences.tokenRefused)).toBe(`网关 ${GW} 拒绝了这台机器的令牌（AUTH_TOKEN_MISMATCH）。它使用的是来自 \`--token\` 的网关令牌。请点下方的“重新配对”，用新的配对码重新配对这台机器（在手机或家庭主机上选择“配对设备”获取）。`);
    expect(mainText('zh-CN', sentences.codeRefused)).toMatch(/^网关 \S+ 拒绝了配对码（AUTH_BOOTSTRAP_TOKEN_INVALID）：它已过期、已被使用，或来自另一个网关。/);
    expect(mainText('zh-CN', sentences.unreachable)).toBe(`${GW} 没有网关应答；请确认家庭主机上的 Hearth 网关在运行、在家庭网络或 tailnet 上监听（不只是本机），并且没有防火墙挡住端口 18789；30 秒后重试。`);
    expect(mainText('zh-CN', sentences.dropped)).toBe('与网关的连接断开了（1006）；它在这里运行的 2 个命令已停止：结果已无法送达；2.5 秒后重新连接。');
  });

  it('says what to do in the window, not which flag to pass, in English', () => {
    for (const [name, s] of Object.entries(sentences)) {
      const en = mainText('en', s)!;
      expect(bareFlag(en), `${name}: ${en}`).toBe(false);
      for (const zh of [mainText('zh-CN', s)!]) expect(bareFlag(zh), `${name}: ${zh}`).toBe(false);
    }
    expect(mainText('en', sentences.revoked)).toMatch(/choose "Pair again" below/);
    expect(mainText('en', sentences.tokenRefused)).toBe(`The gateway at ${GW} refused this node's token (AUTH_TOKEN_MISMATCH). It used the gateway token from \`--token\`. Choose "Pair again" below and pair this machine with a new setup code ("Pair a device" on the phone or the home PC).`);
  });

  it('translates the clock, protocol and rate-limit refusals, with the refusal the rate limit follows', () => {
    expect(mainText('zh-CN', refusal(DetailCode.DEVICE_AUTH_SIGNATURE_EXPIRED).message)).toMatch(/^网关认为这台机器的设备签名已过期：.+自动设置时间/);
    expect(mainText('zh-CN', refusal(DetailCode.PROTOCOL_MISMATCH, { expectedProtocol: 4 }).message)).toBe('网关使用的协议版本是 4，这台机器不支持：请更新较旧一方的 Hearth（或 OpenClaw）。');
    // node-agent.ts credentialRefused: the rate limit's message, then the last refusal's.
    const limited = `${refusal(DetailCode.AUTH_RATE_LIMITED).message} ${sentences.tokenRefused}`;
    expect(mainText('zh-CN', limited)).toBe(`网关正在限制来自这个地址的失败尝试（AUTH_RATE_LIMITED），稍等一会儿会再试。${mainText('zh-CN', sentences.tokenRefused)}`);
    expect(mainText('zh-CN', `${refusal(DetailCode.AUTH_RATE_LIMITED).message} something new`)).toBeUndefined();
    expect(mainText('en', limited)).toBe(`The gateway is rate-limiting failed attempts from this address (AUTH_RATE_LIMITED); waiting before trying again. ${mainText('en', sentences.tokenRefused)}`);
  });

  it('says an internal error of the agent in both languages, its cause kept as code', () => {
    const s = internalErrorText('ENOSPC: no space left on device, write');
    expect(mainText('zh-CN', s)).toBe('节点代理出现内部错误：`ENOSPC: no space left on device, write`。请退出并重新打开 Hearth；如果反复出现，日志里有详情。');
    expect(mainText('en', s)).toBe('Internal error in the node agent: `ENOSPC: no space left on device, write`. Quit and reopen Hearth; if it happens again, the log has the details.');
  });

  it('leaves a cause it does not know folded rather than half translated', () => {
    expect(mainText('zh-CN', 'socket hang up; retrying in 30 s.')).toBeUndefined();
    expect(mainText('en', 'socket hang up; retrying in 30 s.')).toBe('socket hang up; retrying in 30 s.');
  });
});

describe("the updater's sentences in zh-CN", () => {
  it('translates a failed check and updates that are off', () => {
    expect(mainText('zh-CN', update({ kind: 'error', error: 'net::ERR_INTERNET_DISCONNECTED' }))).toBe('无法检查更新：连不上更新服务器。Hearth 稍后会再试。');
    expect(mainText('zh-CN', update({ kind: 'unsupported', reason: updateUnsupportedReason({ isPackaged: false, platform: 'linux', env: {} })! })))
      .toBe('自动更新已关闭：这是开发版本，只有安装的版本才会自动更新。');
    expect(mainText('zh-CN', 'Checking for updates…')).toBe('正在检查更新…');
    expect(mainText('zh-CN', 'Switching to node: continue in the setup steps.')).toBe('正在切换为节点：请在接下来的设置步骤中继续。');
  });
});

describe('"Pair again" on the node page', () => {
  afterEach(cleanup);

  function showNode(view: NodeStatusView) {
    const calls: string[] = [];
    const bridge: HearthBridge = {
      isElectron: true,
      invoke: (async (c: string) => { calls.push(c); return c === 'hearth:node-status' ? view : null; }) as HearthBridge['invoke'],
      on: () => () => {},
    };
    const i18n = createI18nStore(memoryStorage(), ['zh-CN']);
    render(<DesktopProvider value={{ bridge, i18n }}><NodeStatusScreen /></DesktopProvider>);
    return calls;
  }
  const view = (state: NodeStatusView['state'], message: string): NodeStatusView => ({ state, gatewayUrl: GW, deviceId: 'd', fingerprint: 'AB12-CD34', message, exec: { security: 'allowlist', allowlist: [] }, recentRuns: [] });

  it('is offered when the gateway refused this node, and asks main to pair again', async () => {
    const calls = showNode(view('error', refusal(DetailCode.AUTH_DEVICE_TOKEN_MISMATCH).message));
    fireEvent.click(await screen.findByTestId('node-pair-again'));
    expect(screen.getByTestId('node-pair-again').textContent).toBe('重新配对');
    expect(calls).toContain('hearth:node-pair-again');
    expect(screen.getByTestId('desktop-node').textContent).toContain('网关不再接受这台机器的设备令牌');
  });

  it('is not offered while connected', async () => {
    showNode(view('connected', `Connected to ${GW}.`));
    await screen.findByTestId('desktop-node');
    expect(screen.queryByTestId('node-pair-again')).toBeNull();
  });
});
