// Why a sign-in failed, in Chinese under the plain headline, with the gateway's English folded as
// the technical detail; and the client's sentences for a gateway outside the Hearth contract.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { App } from '../../src-renderer/app/App.tsx';
import { AppProvider } from '../../src-renderer/app/context.tsx';
import { appServices } from './app-services.ts';
import { gatewayText } from '../../src-renderer/i18n/gateway-text.ts';
import { ContractViolationError } from '../../src-shared/client/contract-check.ts';
import { ConnectionLostError } from '../../src-shared/client/errors.ts';
import { classifyConnectError, explainFailure, type ConnectFailure } from '../../src-shared/client/failure.ts';

const zh = (wire: string, shown: string) => expect(gatewayText('zh-CN', wire), wire).toBe(shown);

function loginWith(failure: ConnectFailure, lang: 'en' | 'zh-CN') {
  const s = appServices({ lang, connected: false });
  s.stores.connection.setState({ notice: { via: 'token', failure } });
  render(<AppProvider value={s}><App onRetry={() => {}} /></AppProvider>);
  return screen.getByTestId('login-notice');
}

afterEach(() => cleanup());

// The handshake's wire text (src-main/core/gateway/handshake.ts), as the browser receives it.
const TOKEN_MISMATCH = "unauthorized: gateway token mismatch (use this gateway's token from `hearth setup` / HEARTH_GATEWAY_TOKEN, or pair the device)";

describe('sign-in refusals in zh-CN', () => {
  it('shows the reason in Chinese under the headline and keeps the English folded', () => {
    const notice = loginWith({ kind: 'token-wrong', retry: false, message: TOKEN_MISMATCH, detailCode: 'AUTH_TOKEN_MISMATCH' }, 'zh-CN');
    expect(notice.querySelector('strong')?.textContent).toBe('网关令牌不正确。');
    expect(screen.getByTestId('login-notice-details-text').textContent).toBe('网关令牌不对：请使用这个网关的令牌（在家里的电脑上运行 hearth setup 可以看到，或它的 HEARTH_GATEWAY_TOKEN），或者用配对码配对这台设备');
    const details = screen.getByTestId('login-notice-details') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(details.querySelector('code')?.textContent).toBe(TOKEN_MISMATCH);
    expect(details.hasAttribute('data-untranslated')).toBe(false);
  });

  it('marks a reason no template knows, and adds no English line in the English UI', () => {
    loginWith({ kind: 'other', retry: false, message: 'something the gateway never said before' }, 'zh-CN');
    expect(screen.getByTestId('login-notice-details').hasAttribute('data-untranslated')).toBe(true);
    expect(screen.queryByTestId('login-notice-details-text')).toBeNull();
    cleanup();
    loginWith({ kind: 'token-wrong', retry: false, message: TOKEN_MISMATCH }, 'en');
    expect(screen.queryByTestId('login-notice-details-text')).toBeNull();
    expect(screen.getByTestId('login-notice-details').hasAttribute('data-untranslated')).toBe(false);
  });

  it("translates each of the handshake's refusals with its values", () => {
    zh('unauthorized: setup code invalid, expired, revoked, or already used (already used by another device; ask for a new code with `hearth qr`)',
      '配对码不能用了（已被另一台设备使用）：请在家里的电脑上选择“配对设备”或运行 `hearth qr`，获取新的配对码');
    zh('unauthorized: too many failed sign-in attempts from 100.64.0.7; wait 42 s, then retry with the right token, setup code or device token',
      '来自 100.64.0.7 的登录失败次数太多：请等 42 秒，再用正确的令牌或配对码重试');
    zh('unauthorized: device token mismatch (rotate/reissue device token)', '网关不再接受这台设备保存的访问凭据（它已被轮换或重新签发）');
    zh("origin not allowed (http://evil.test); open the UI from the gateway's own address or add the origin to gateway.allowedOrigins",
      '网关不接受从 http://evil.test 打开的页面：请从网关自己的地址打开，或把这个来源加入 `gateway.allowedOrigins`');
    zh("pairing required: this device was removed from the gateway; it stays out until an operator approves it (hearth devices approve r1) or it connects with a new setup code (hearth qr); loopback auto-approval does not re-admit it",
      '需要配对：这台设备已从网关上移除；要等管理员批准它（`hearth devices approve r1`），或用新的配对码（`hearth qr`）连接，它才能再进来；本机的自动批准不会让它重新加入');
  });

  it("translates the browser's own connect failures as the shared client words them", () => {
    const lost = classifyConnectError(new ConnectionLostError('cannot reach the gateway at ws://home:18789 (is it running?)', 1006));
    zh(lost.message, '连不上 ws://home:18789 的网关（它在运行吗？）');
    zh('the link does not contain a readable setup code', '链接里没有可以读取的配对码');
  });
});

describe("the shared client's contract errors in zh-CN", () => {
  const violation = new ContractViolationError('result', 'node.list', "at /nodes/0: must have required property 'nodeId'");

  it('translates the error itself (an action button, a screen load) and the explained one (sign-in)', () => {
    zh(violation.message, "网关对 `node.list` 的回答不符合 Hearth 的协议约定（`at /nodes/0: must have required property 'nodeId'`）；网关的版本可能更新或更旧：请把网关和这里的 Hearth 都更新到同一版本");
    zh(new ContractViolationError('event', 'presence', 'at root: is invalid').message,
      '网关发来的 `presence` 事件不符合 Hearth 的协议约定（`at root: is invalid`），已忽略；请把网关和这里的 Hearth 都更新到同一版本');
    const explained = (explainFailure(violation, { url: 'ws://home:18789', authSource: 'none' }) as Error).message;
    expect(explained).toMatch(/^the gateway at ws:\/\/home:18789 answered node\.list with something the Hearth contract does not allow/);
    zh(explained, "ws://home:18789 的网关对 `node.list` 的回答不符合 Hearth 的协议约定（`at /nodes/0: must have required property 'nodeId'`）；它运行的 Hearth 可能更旧或更新，也可能不是 Hearth 网关：请把网关和这里的 Hearth 都更新到同一版本，或检查网关地址（`--url`）");
  });

  it('names the address, not --url, in the English UI', () => {
    const explained = (explainFailure(violation, { url: 'ws://home:18789', authSource: 'none' }) as Error).message;
    expect(gatewayText('en', explained)).toMatch(/^The gateway at ws:\/\/home:18789 answered node\.list .+ update Hearth on both ends, or check the gateway's address$/);
  });
});
