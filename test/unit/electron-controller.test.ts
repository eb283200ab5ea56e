import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IpcEventMap, UpdateView } from '../../src-shared/ipc/contract.ts';
import type { WizardView } from '../../src-shared/ipc/types.ts';
import type { NodeAgent, NodeAgentOptions, NodeAgentStatus } from '../../src-main/core/agent/options.ts';
import { defaultConfig, type HearthConfig } from '../../src-main/core/config.ts';
import type { GatewayOptions, RunningGateway } from '../../src-main/core/gateway/options.ts';
import { silentLogger } from '../../src-main/core/logger.ts';
import { AppController, type ShellPlatform } from '../../src-main/electron/app-controller.ts';
import type { SenderInfo } from '../../src-main/electron/ipc/sender-check.ts';
import { RoleRuntime } from '../../src-main/electron/roles/role-runtime.ts';
import { defaultDesktopSettings, memorySettingsStore } from '../../src-main/electron/settings/desktop-settings.ts';
import type { ShellState } from '../../src-main/electron/shell-state.ts';
import { WizardHost } from '../../src-main/electron/wizard/wizard-host.ts';

const sender: SenderInfo = { webContentsId: 1, frameUrl: 'file:///x', isMainFrame: true };
const update: UpdateView = { state: 'idle', currentVersion: '0.1.0', channel: 'stable', message: '' };
const phone = { phoneUrl: 'http://100.64.0.1:18789/#setup=p', qrSvg: '<svg/>', expiresAtMs: 1 };
const tick = () => new Promise((r) => setImmediate(r));

/** A world of fakes around the real controller, runtime and wizard. */
function world(role: 'gateway' | 'node' | null = null, tweak: (c: HearthConfig) => void = () => {}) {
  const log: string[] = [];
  let cfg: HearthConfig = defaultConfig();
  if (role === 'node') cfg.node.url = 'ws://10.0.0.2:18789';
  tweak(cfg);
  const settings = memorySettingsStore({ ...defaultDesktopSettings(), role });
  const agents: Array<{ opts: NodeAgentOptions; policy?: unknown }> = [];
  const status = (o: NodeAgentOptions, state: NodeAgentStatus['state']): NodeAgentStatus => ({ state, deviceId: 'dev', fingerprint: 'FP-1', gatewayUrl: o.url ?? '' });
  const runtime = new RoleRuntime({
    stateDir: '/state', logger: silentLogger, version: '0.1.0', hostname: 'pc', env: {},
    readConfig: () => structuredClone(cfg),
    startGateway: async (o: GatewayOptions): Promise<RunningGateway> => {
      log.push(`gateway.start:${o.port}:${o.auth.mode}`);
      return {
        url: `ws://127.0.0.1:${o.port}`, host: '127.0.0.1', port: o.port,
        close: async () => { log.push('gateway.close'); },
        createSetupCode: (c) => ({ setupCode: `code-${c.profile}`, gatewayUrl: `ws://127.0.0.1:${o.port}`, expiresAtMs: 1 }),
        connectedNodeCount: () => 1,
      };
    },
    startNodeAgent: (o: NodeAgentOptions): NodeAgent => {
      const rec: { opts: NodeAgentOptions; policy?: unknown } = { opts: o };
      agents.push(rec);
      log.push(`agent.start:${o.url}${o.token ? ':token' : ''}${o.setupCode ? ':code' : ''}`);
      o.onStatus?.(status(o, 'connected'));
      return { status: status(o, 'connected'), stop: async () => { log.push('agent.stop'); }, reconnectNow() {}, setExecPolicy: (p) => { rec.policy = p; } };
    },
  });
  const events: Array<{ event: keyof IpcEventMap; payload: unknown }> = [];
  const states: ShellState[] = [];
  const platform: ShellPlatform = {
    platform: 'linux', version: '0.1.0',
    copyText: (t) => log.push(`copy:${t}`),
    showWindow: (page) => log.push(`window:${page ?? ''}`),
    broadcast: (event, payload) => events.push({ event, payload }),
    setLaunchAtLogin: (on) => log.push(`login:${on}`),
    checkForUpdates: async (trigger, channel) => ({ ...update, state: 'up-to-date', channel, checkedAtMs: 42, message: trigger }),
    installUpdate: () => log.push('install'),
    quit: () => log.push('quit'),
    stateChanged: (s) => states.push(s),
  };
  const browsers: string[] = [];
  const ctl = new AppController({
    settings, runtime, logger: silentLogger,
    readConfig: () => structuredClone(cfg),
    writeConfig: (c) => { cfg = structuredClone(c); log.push('config.write'); },
    phonePairing: async () => phone,
    browse: () => { browsers.push('start'); return { stop: async () => { browsers.push('stop'); } }; },
  }, platform, update);
  return { ctl, log, settings, runtime, events, states, agents, browsers, cfg: () => cfg };
}

describe('app controller', () => {
  it('first run opens the wizard and starts nothing', async () => {
    const w = world(null);
    await w.ctl.start({ hidden: false });
    assert.deepEqual(w.log, ['window:wizard']);
    const h = w.ctl.ipcHandlers();
    assert.deepEqual(await h['hearth:wizard-state'](null, sender), { step: 'choose-role' });
    assert.deepEqual(await h['hearth:bootstrap'](null, sender), { role: null, platform: 'linux', version: '0.1.0' });
  });

  it('gateway role: gateway, then its own node with the gateway secret; the window gets an operator code', async () => {
    const w2 = world('gateway', (c) => { c.gateway.auth = { mode: 'token', token: 'tok' }; });
    await w2.ctl.start({ hidden: true });
    assert.deepEqual(w2.log, ['gateway.start:18789:token', 'agent.start:ws://127.0.0.1:18789:code'], 'own node pairs with a node setup code, never the shared token');
    assert.equal(w2.ctl.shellState().gateway?.phase, 'running');
    assert.equal(w2.ctl.shellState().node?.state, 'connected');
    w2.ctl.openWindow();
    assert.equal(w2.ctl.windowSetupCode, 'code-operator');
    const boot = await w2.ctl.ipcHandlers()['hearth:bootstrap'](null, sender);
    assert.deepEqual(boot, { role: 'gateway', platform: 'linux', version: '0.1.0', gatewayUrl: 'ws://127.0.0.1:18789', setupCode: 'code-operator' });
    w2.ctl.windowClosed();
    assert.equal(w2.ctl.windowSetupCode, undefined, 'a new code next time the window opens');
  });

  it('tray actions: pause the node, start at login, copy phone URL, pair, quit', async () => {
    const w = world('gateway');
    await w.ctl.start({ hidden: true });
    w.log.length = 0;
    await w.ctl.trayAction('toggle-node-pause');
    assert.equal(w.settings.read().nodePaused, true);
    assert.equal(w.ctl.shellState().node?.state, 'paused');
    await w.ctl.trayAction('toggle-node-pause');
    assert.equal(w.settings.read().nodePaused, false);
    await w.ctl.trayAction('toggle-launch-at-login');
    assert.equal(w.settings.read().launchAtLogin, true);
    await w.ctl.trayAction('copy-phone-url');
    await w.ctl.trayAction('pair-device');
    await w.ctl.trayAction('quit');
    assert.deepEqual(w.log, ['agent.stop', 'agent.start:ws://127.0.0.1:18789:code', 'login:true', 'copy:http://127.0.0.1:18789/', 'window:pair', 'quit']);
    assert.deepEqual(w.events.filter((e) => e.event === 'hearth:navigate').map((e) => e.payload), [{ page: 'pair' }]);
  });

  it('exec policy from the window is saved and applied live', async () => {
    const w = world('node');
    await w.ctl.start({ hidden: true });
    const r = await w.ctl.ipcHandlers()['hearth:set-exec-policy']({ security: 'allowlist', allowlist: ['git'] }, sender);
    assert.deepEqual(r, { security: 'allowlist', allowlist: ['git'] });
    assert.deepEqual(w.cfg().node.exec, { security: 'allowlist', allowlist: ['git'] });
    assert.deepEqual(w.agents[0]?.policy, { security: 'allowlist', allowlist: ['git'] });
    const view = await w.ctl.ipcHandlers()['hearth:node-status'](null, sender);
    assert.equal(view?.state, 'connected');
    assert.equal(view?.fingerprint, 'FP-1');
    assert.deepEqual(view?.exec, { security: 'allowlist', allowlist: ['git'] });
  });

  it('role switch gateway → node: node stops, then the gateway, role cleared, wizard at the node step', async () => {
    const w = world('gateway');
    await w.ctl.start({ hidden: true });
    w.log.length = 0;
    const h = w.ctl.ipcHandlers();
    const plan = await h['hearth:role-switch-plan']({ to: 'node' }, sender);
    assert.equal(plan.needed, true);
    const r = await h['hearth:role-switch-confirm']({ to: 'node' }, sender);
    assert.equal(r.ok, true);
    await tick();
    assert.deepEqual(w.log.slice(0, 3), ['agent.stop', 'gateway.close', 'window:wizard']);
    assert.equal(w.settings.read().role, null);
    assert.equal(((await h['hearth:wizard-state'](null, sender)) as WizardView).step, 'node-find');
    assert.deepEqual(w.browsers, ['start']);
  });

  it('"Pair again" on a refused node: the agent stops, the role stays node, the wizard opens at the node steps', async () => {
    const w = world('node');
    await w.ctl.start({ hidden: true });
    w.log.length = 0;
    const h = w.ctl.ipcHandlers();
    assert.equal(await h['hearth:node-pair-again'](null, sender), null);
    await tick();
    assert.deepEqual(w.log.slice(0, 2), ['agent.stop', 'window:wizard']);
    assert.equal(w.settings.read().role, 'node');
    assert.equal(((await h['hearth:wizard-state'](null, sender)) as WizardView).step, 'node-find');
  });

  it('update checks record when they ran and reach the windows', async () => {
    const w = world('node');
    const v = await w.ctl.checkForUpdates('menu');
    assert.equal(v.state, 'up-to-date');
    assert.equal(w.settings.read().lastUpdateCheckAtMs, 42);
    assert.ok(w.events.some((e) => e.event === 'hearth:update-changed'));
    assert.equal(w.states.at(-1)?.update.state, 'up-to-date');
    const prefs = await w.ctl.ipcHandlers()['hearth:prefs-set']({ updateChannel: 'beta' }, sender);
    assert.deepEqual(prefs, { launchAtLogin: false, updateChannel: 'beta', language: null });
  });

  it("the tray speaks the OS's language until a window names its own, then follows the window", async () => {
    const w = world('node');
    await w.ctl.start({ hidden: true });
    assert.equal(w.ctl.shellState().lang, 'en');
    const zh = world('node');
    (zh.ctl as unknown as { p: ShellPlatform }).p.systemLanguages = () => ['zh-Hans-CN', 'en-US'];
    assert.equal(zh.ctl.shellState().lang, 'zh-CN');
    // The window switches to English: saved, and the tray is redrawn in it.
    const before = zh.states.length;
    const prefs = await zh.ctl.ipcHandlers()['hearth:prefs-set']({ language: 'en' }, sender);
    assert.equal(prefs.language, 'en');
    assert.equal(zh.settings.read().language, 'en');
    assert.equal(zh.states.at(-1)?.lang, 'en');
    assert.ok(zh.states.length > before);
  });
});

describe('wizard host (effects)', () => {
  function host() {
    const log: string[] = [];
    let cfg = defaultConfig();
    let onStatus: ((s: NodeAgentStatus) => void) | undefined;
    const browse: Array<(g: { name: string; url: string; host: string; port: number; hearth: boolean }[]) => void> = [];
    const h = new WizardHost({
      readConfig: () => structuredClone(cfg),
      writeConfig: (c) => { cfg = structuredClone(c); },
      startGateway: async () => { log.push('startGateway'); return { url: 'ws://127.0.0.1:18790' }; },
      phonePairing: async () => phone,
      startNode: (t, cb) => { log.push(`startNode:${t.url}:${t.setupCode ?? ''}`); onStatus = cb; },
      stopNode: async () => { log.push('stopNode'); },
      browse: (cb) => { browse.push(cb); log.push('browse'); return { stop: async () => { log.push('browse.stop'); } }; },
      copyText: (t) => log.push(`copy:${t.length}`),
      complete: (r) => { log.push(`complete:${r}`); },
      logger: silentLogger,
      scanSettleMs: 10,
    });
    return { h, log, cfg: () => cfg, status: (s: NodeAgentStatus) => onStatus?.(s), browse };
  }

  it('gateway path writes port, bind and a fresh 43-char token, then shows that token once', async () => {
    const t = host();
    await t.h.dispatch({ type: 'choose-role', role: 'gateway' });
    await t.h.dispatch({ type: 'gateway-submit', port: 18790, bind: 'lan', publicUrl: '' });
    await tick();
    await tick();
    const v = t.h.view;
    assert.equal(v.step, 'gateway-token');
    const token = v.step === 'gateway-token' ? v.token : '';
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(t.cfg().gateway.auth, { mode: 'token', token });
    assert.equal(t.cfg().gateway.port, 18790);
    assert.equal(t.cfg().gateway.bind, 'lan');
    await t.h.dispatch({ type: 'token-copied' });
    assert.deepEqual(t.log, ['startGateway', 'copy:43']);
  });

  it('node path: discovery list, settle, connect, and the gateway URL saved on completion', async () => {
    const t = host();
    await t.h.dispatch({ type: 'choose-role', role: 'node' });
    t.browse[0]?.([{ name: 'Hearth on pc', url: 'ws://10.0.0.2:18789', host: '10.0.0.2', port: 18789, hearth: true }]);
    await tick();
    assert.ok(t.h.view.step === 'node-find' && t.h.view.discovered.length === 1 && t.h.view.scanning);
    await new Promise((r) => setTimeout(r, 30));
    assert.ok(t.h.view.step === 'node-find' && !t.h.view.scanning);
    await t.h.dispatch({ type: 'select-gateway', url: 'ws://10.0.0.2:18789' });
    await t.h.dispatch({ type: 'wait-for-approval' });
    t.status({ state: 'pairing-required', deviceId: 'd', fingerprint: 'FP', gatewayUrl: 'ws://10.0.0.2:18789', requestId: 'r1' });
    await tick();
    assert.equal(t.h.view.step, 'node-waiting-approval');
    t.status({ state: 'connected', deviceId: 'd', fingerprint: 'FP', gatewayUrl: 'ws://10.0.0.2:18789' });
    await tick();
    assert.equal((t.h.view as WizardView).step, 'done');
    assert.equal(t.cfg().node.url, 'ws://10.0.0.2:18789');
    assert.deepEqual(t.log, ['browse', 'stopNode', 'startNode:ws://10.0.0.2:18789:', 'browse.stop', 'complete:node']);
  });
});
