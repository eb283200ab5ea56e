// Issue 13 UI text: role names and launch failures in zh-CN, sign-in errors without raw
// protocol strings in view, and a malformed setup link called malformed (not expired).
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { App } from '../../src-renderer/app/App.tsx';
import { AppProvider, type AppServices } from '../../src-renderer/app/context.tsx';
import { DICTIONARIES, translate, type MessageKey } from '../../src-renderer/i18n/i18n.ts';
import { readSetupFragment, setupLinkNotice } from '../../src-renderer/session/setup-link.ts';
import { appServices } from './app-services.ts';
import type { ConnectFailure } from '../../src-shared/client/failure.ts';
import { roleText, runErrorText } from '../../src-renderer/ui/run-error-text.ts';

const zh = (key: MessageKey, vars?: Record<string, string | number>) => translate('zh-CN', key, vars);
const en = (key: MessageKey, vars?: Record<string, string | number>) => translate('en', key, vars);

function renderWith(setState: (s: AppServices) => void, lang: 'en' | 'zh-CN' = 'en') {
  const s = appServices({ lang, connected: false });
  setState(s);
  render(<AppProvider value={s}><App onRetry={() => {}} /></AppProvider>);
}

function loginWith(failure: ConnectFailure, lang: 'en' | 'zh-CN' = 'en') {
  renderWith((s) => s.stores.connection.setState({ notice: { via: 'bootstrap', failure } }), lang);
  return screen.getByTestId('login-notice');
}

afterEach(() => cleanup());

describe('first-run UI text', () => {
  it('names roles in Chinese in the device and pending actions', () => {
    expect(zh('devices.rotate', { role: roleText(zh, 'node') })).toBe('轮换节点令牌');
    expect(zh('devices.revoke', { role: roleText(zh, 'operator') })).toBe('撤销管理端权限');
    expect(zh('pending.role', { role: roleText(zh, 'node') })).toBe('角色：节点');
    expect(en('devices.rotate', { role: roleText(en, 'node') })).toBe('Rotate node token');
    expect(roleText(zh, 'custom')).toBe('custom');
  });

  it('no zh-CN string leaves protocol words in English (outside commands and placeholders)', () => {
    // desk.* keeps "Gateway" as a product name on purpose; models.* uses "token" in the LLM sense.
    const leftovers = Object.entries(DICTIONARIES['zh-CN'])
      .map(([k, v]) => [k, v.replace(/`[^`]*`/g, '').replace(/\{\w+\}/g, '').replace(/hearth [a-z -]+/g, '').replace(/--[a-z-]+/g, '')] as const)
      .filter(([k, v]) => !k.startsWith('desk.') && !k.startsWith('models.') && /\b(node|operator|token|role|device|approve|pending|error|failed)\b/i.test(v));
    expect(leftovers).toEqual([]);
  });

  it('translates launch failures and names the program', () => {
    const wire = 'Command failed during launch or output capture (ENOENT)';
    expect(runErrorText(zh, wire, ['nosuch', '-a'])).toBe('在此节点上找不到程序“nosuch”。请检查名称，或填写完整路径。');
    expect(runErrorText(en, wire, ['nosuch'])).toBe('The program “nosuch” was not found on this node. Check the name, or give its full path.');
    expect(runErrorText(zh, 'Command failed during launch or output capture (EACCES)', ['./x.sh'])).toBe('此节点无权执行“./x.sh”（权限被拒绝）。');
    expect(runErrorText(zh, 'Command failed during launch or output capture (ENOENT): working directory /nope does not exist', ['ls'])).toBe('工作目录在此节点上不存在，或不是目录。');
    expect(runErrorText(zh, 'Command failed during launch or output capture (EIO)', ['ls'])).toBe('命令无法启动（EIO）。');
    expect(runErrorText(zh, 'something else', ['ls'])).toBe('something else');
  });

  it('keeps the raw protocol message folded away under the plain headline', () => {
    const notice = loginWith({ kind: 'token-wrong', retry: false, message: 'unauthorized: gateway token mismatch (AUTH_TOKEN_MISMATCH)', detailCode: 'AUTH_TOKEN_MISMATCH' });
    expect(notice.querySelector('strong')?.textContent).toBe('The gateway token is wrong.');
    const details = screen.getByTestId('login-notice-details') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')?.textContent).toBe('Technical details');
    const visible = [...notice.children].filter((c) => c !== details).map((c) => c.textContent).join(' ');
    expect(visible).not.toContain('AUTH_TOKEN_MISMATCH');
  });

  it('folds the raw message on the connecting screen too', () => {
    renderWith((s) => s.stores.connection.setState({ state: { status: 'reconnecting', attempt: 1, retryAtMs: Date.now() + 5000, failure: { kind: 'unavailable', retry: true, message: 'UNAVAILABLE: gateway starting (STATE_BUSY)' } } }), 'zh-CN');
    const details = screen.getByTestId('connecting-details') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')?.textContent).toBe('技术细节');
  });

  it('reports a malformed setup link as malformed, in both languages', () => {
    const found = readSetupFragment('#setup=eyJ1cmwiOiJ3czovL2hvbWU');
    const failure = setupLinkNotice(found);
    expect(failure?.kind).toBe('setup-link-malformed');
    expect(setupLinkNotice({})).toBeUndefined();
    const notice = loginWith(failure!);
    expect(notice.querySelector('strong')?.textContent).toBe('This setup link is damaged or incomplete, so it cannot be read. Copy the whole link, or scan the QR code again.');
    expect(notice.textContent).not.toMatch(/expired/);
    cleanup();
    const zhNotice = loginWith(failure!, 'zh-CN');
    expect(zhNotice.querySelector('strong')?.textContent).toBe('这个配对链接已损坏或不完整，无法读取。请复制完整的链接，或重新扫描二维码。');
  });
});
