import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IPC_INVOKE_CHANNELS } from '../../src-shared/ipc/contract.ts';
import { isIpcInvokeChannel, validateIpcParams, validateWizardEvent } from '../../src-shared/ipc/validate.ts';
import { createIpcRouter, IpcRejectedError, type IpcHandlers } from '../../src-main/electron/ipc/router.ts';
import { createSenderRegistry, originOf } from '../../src-main/electron/ipc/sender-check.ts';

describe('IPC param validation', () => {
  it('knows every channel of the contract', () => {
    for (const c of IPC_INVOKE_CHANNELS) assert.ok(isIpcInvokeChannel(c), c);
    assert.equal(isIpcInvokeChannel('hearth:eval'), false);
    assert.equal(isIpcInvokeChannel('__proto__'), false);
    assert.equal(isIpcInvokeChannel(42), false);
  });

  it('channels without params refuse params', () => {
    assert.deepEqual(validateIpcParams('hearth:bootstrap', null), { ok: true, value: null });
    assert.deepEqual(validateIpcParams('hearth:bootstrap', undefined), { ok: true, value: null });
    assert.equal(validateIpcParams('hearth:bootstrap', { x: 1 }).ok, false);
  });

  it('checks exec policy shape, trims entries and caps the list', () => {
    assert.deepEqual(validateIpcParams('hearth:set-exec-policy', { security: 'allowlist', allowlist: [' /usr/bin/git ', 'ls'] }), { ok: true, value: { security: 'allowlist', allowlist: ['/usr/bin/git', 'ls'] } });
    assert.equal(validateIpcParams('hearth:set-exec-policy', { security: 'root', allowlist: [] }).ok, false);
    assert.equal(validateIpcParams('hearth:set-exec-policy', { security: 'full', allowlist: [''] }).ok, false);
    assert.equal(validateIpcParams('hearth:set-exec-policy', { security: 'full', allowlist: Array(501).fill('x') }).ok, false);
    const extra = validateIpcParams('hearth:set-exec-policy', { security: 'full', allowlist: [], sudo: true });
    assert.ok(!extra.ok && /unexpected property 'sudo'/.test(extra.error));
  });

  it('checks prefs, role and copy params', () => {
    assert.equal(validateIpcParams('hearth:prefs-set', { updateChannel: 'beta' }).ok, true);
    assert.equal(validateIpcParams('hearth:prefs-set', { updateChannel: 'nightly' }).ok, false);
    assert.equal(validateIpcParams('hearth:prefs-set', { launchAtLogin: 'yes' }).ok, false);
    assert.equal(validateIpcParams('hearth:prefs-set', { language: 'zh-CN' }).ok, true);
    assert.equal(validateIpcParams('hearth:prefs-set', { language: null }).ok, true);
    const bad = validateIpcParams('hearth:prefs-set', { language: 'fr' });
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.error, /language must be one of en, zh-CN/);
    assert.equal(validateIpcParams('hearth:role-switch-plan', { to: 'gateway' }).ok, true);
    assert.equal(validateIpcParams('hearth:role-switch-confirm', { to: 'admin' }).ok, false);
    assert.equal(validateIpcParams('hearth:copy-text', { text: 'x'.repeat(4097) }).ok, false);
    assert.equal(validateIpcParams('hearth:node-pause', { paused: 1 }).ok, false);
    assert.equal(validateIpcParams('hearth:node-pair-again', null).ok, true);
    assert.equal(validateIpcParams('hearth:node-pair-again', { url: 'ws://x' }).ok, false);
  });

  it('accepts user wizard events and refuses internal ones a window could forge', () => {
    assert.equal(validateWizardEvent({ type: 'choose-role', role: 'node' }).ok, true);
    assert.equal(validateWizardEvent({ type: 'gateway-submit', port: 18789, bind: 'lan', publicUrl: '' }).ok, true);
    assert.equal(validateWizardEvent({ type: 'gateway-submit', port: 0, bind: 'lan', publicUrl: '' }).ok, false);
    assert.equal(validateWizardEvent({ type: 'gateway-submit', port: 80, bind: 'everywhere', publicUrl: '' }).ok, false);
    for (const forged of ['agent-status', 'gateway-started', 'gateway-failed', 'discovery-updated', 'phone-code']) {
      const v = validateWizardEvent({ type: forged, status: { state: 'connected' } });
      assert.ok(!v.ok && /unknown wizard event/.test(v.error), forged);
    }
    assert.equal(validateWizardEvent({ type: 'finish', extra: 1 }).ok, false);
    assert.equal(validateWizardEvent('finish').ok, false);
  });
});

describe('IPC sender checks', () => {
  it('accepts only main frames of registered windows on allowed origins', () => {
    const reg = createSenderRegistry();
    reg.register(7, ['file://', 'http://127.0.0.1:18789']);
    assert.deepEqual(reg.check({ webContentsId: 7, frameUrl: 'file:///opt/Hearth/resources/app.asar/dist/renderer/index.html#role=node', isMainFrame: true }), { ok: true });
    assert.deepEqual(reg.check({ webContentsId: 7, frameUrl: 'http://127.0.0.1:18789/#setup=x', isMainFrame: true }), { ok: true });
    const stranger = reg.check({ webContentsId: 8, frameUrl: 'file:///x', isMainFrame: true });
    assert.ok(!stranger.ok && /not a window Hearth created/.test(stranger.reason));
    assert.equal(reg.check({ webContentsId: 7, frameUrl: 'file:///x', isMainFrame: false }).ok, false);
    assert.equal(reg.check({ webContentsId: 7, frameUrl: 'http://127.0.0.1:18790/', isMainFrame: true }).ok, false, 'another port is another origin');
    assert.equal(reg.check({ webContentsId: 7, frameUrl: 'https://evil.example/', isMainFrame: true }).ok, false);
    assert.equal(reg.check({ webContentsId: 7, frameUrl: undefined, isMainFrame: true }).ok, false);
    reg.setOrigins(7, ['file://']);
    assert.equal(reg.check({ webContentsId: 7, frameUrl: 'http://127.0.0.1:18789/', isMainFrame: true }).ok, false);
    reg.unregister(7);
    assert.equal(reg.check({ webContentsId: 7, frameUrl: 'file:///x', isMainFrame: true }).ok, false);
  });

  it('derives origins and navigation permission', () => {
    assert.equal(originOf('file:///a/b.html'), 'file://');
    assert.equal(originOf('http://127.0.0.1:18789/x?y#z'), 'http://127.0.0.1:18789');
    assert.equal(originOf('javascript:alert(1)'), undefined);
    const reg = createSenderRegistry();
    reg.register(1, ['http://127.0.0.1:18789/']);
    assert.equal(reg.mayNavigate(1, 'http://127.0.0.1:18789/#setup=abc'), true);
    assert.equal(reg.mayNavigate(1, 'https://example.com/'), false);
  });
});

describe('IPC router', () => {
  function handlers(calls: unknown[]): IpcHandlers {
    const notUsed = () => { throw new Error('not used'); };
    return {
      'hearth:bootstrap': () => ({ role: 'node', platform: 'linux', version: '0.1.0' }),
      'hearth:node-status': () => null,
      'hearth:set-exec-policy': (p) => { calls.push(p); return p; },
      'hearth:node-pause': notUsed, 'hearth:node-pair-again': notUsed, 'hearth:wizard-state': notUsed, 'hearth:wizard-send': notUsed,
      'hearth:role-switch-plan': notUsed, 'hearth:role-switch-confirm': notUsed, 'hearth:prefs-get': notUsed,
      'hearth:prefs-set': notUsed, 'hearth:update-check': notUsed, 'hearth:copy-text': notUsed,
    };
  }
  const good = { webContentsId: 3, frameUrl: 'file:///app/index.html', isMainFrame: true };

  it('runs the handler with validated params for a trusted sender', async () => {
    const calls: unknown[] = [];
    const reg = createSenderRegistry();
    reg.register(3, ['file://']);
    const r = createIpcRouter(handlers(calls), reg);
    assert.deepEqual(await r.handle('hearth:set-exec-policy', { security: 'deny', allowlist: [' a '] }, good), { security: 'deny', allowlist: ['a'] });
    assert.deepEqual(calls, [{ security: 'deny', allowlist: ['a'] }]);
  });

  it('rejects before the handler: unknown channel, foreign sender, bad params', async () => {
    const calls: unknown[] = [];
    const reg = createSenderRegistry();
    reg.register(3, ['file://']);
    const r = createIpcRouter(handlers(calls), reg);
    await assert.rejects(r.handle('hearth:shell', null, good), (e) => e instanceof IpcRejectedError && e.code === 'UNKNOWN_CHANNEL');
    await assert.rejects(r.handle('hearth:set-exec-policy', { security: 'full', allowlist: [] }, { ...good, webContentsId: 99 }), (e) => e instanceof IpcRejectedError && e.code === 'FORBIDDEN_SENDER');
    await assert.rejects(r.handle('hearth:set-exec-policy', { security: 'full', allowlist: [] }, { ...good, frameUrl: 'https://ads.example/' }), (e) => e instanceof IpcRejectedError && e.code === 'FORBIDDEN_SENDER');
    await assert.rejects(r.handle('hearth:set-exec-policy', { security: 'yolo' }, good), (e) => e instanceof IpcRejectedError && e.code === 'INVALID_PARAMS');
    assert.deepEqual(calls, []);
  });
});
