/**
 * The sandboxed preload, executed as Electron would (a CommonJS script given `require`), with
 * stub `contextBridge` / `ipcRenderer`: it exposes exactly the contract's channels, refuses
 * others, and hands the page payloads only (never the IpcRendererEvent).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BRIDGE_GLOBAL, IPC_EVENT_NAMES, IPC_INVOKE_CHANNELS, type HearthBridge } from '../../src-shared/ipc/contract.ts';
import { buildTrayMenu } from '../../src-main/electron/tray/menu-model.ts';
import { toMenuTemplate } from '../../src-main/electron/tray/menu-template.ts';

type Listener = (event: unknown, payload: unknown) => void;

function loadPreload() {
  const source = readFileSync(join(import.meta.dirname, '..', '..', 'src-main', 'electron', 'preload.cts'), 'utf8');
  const js = stripTypeScriptTypes(source, { mode: 'strip' });
  const exposed: Record<string, unknown> = {};
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<Listener>>();
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, api: unknown) => { exposed[name] = api; } },
    ipcRenderer: {
      invoke: async (channel: string, params: unknown) => { invoked.push([channel, params]); return { echoed: channel }; },
      on: (channel: string, l: Listener) => { if (!listeners.has(channel)) listeners.set(channel, new Set()); listeners.get(channel)!.add(l); },
      removeListener: (channel: string, l: Listener) => { listeners.get(channel)?.delete(l); },
    },
  };
  const fakeRequire = (id: string) => {
    if (id !== 'electron') throw new Error(`sandboxed preloads cannot require ${id}`);
    return electron;
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', js)(fakeRequire, module, module.exports);
  return { exposed, invoked, listeners };
}

describe('preload bridge', () => {
  it('exposes window.hearth with the contract channels only', async () => {
    const { exposed, invoked } = loadPreload();
    assert.deepEqual(Object.keys(exposed), [BRIDGE_GLOBAL]);
    const bridge = exposed[BRIDGE_GLOBAL] as HearthBridge;
    assert.equal(bridge.isElectron, true);
    for (const c of IPC_INVOKE_CHANNELS) assert.deepEqual(await bridge.invoke(c, null as never), { echoed: c });
    await assert.rejects(bridge.invoke('hearth:run-shell' as never, null as never), /unknown IPC channel/);
    assert.equal(invoked.length, IPC_INVOKE_CHANNELS.length, 'the refused channel never reached ipcRenderer');
    assert.deepEqual(invoked[0], ['hearth:bootstrap', null]);
  });

  it('passes payloads (not events) to listeners and unsubscribes', () => {
    const { exposed, listeners } = loadPreload();
    const bridge = exposed[BRIDGE_GLOBAL] as HearthBridge;
    const got: unknown[] = [];
    const off = bridge.on('hearth:navigate', (p) => got.push(p));
    const [l] = [...(listeners.get('hearth:navigate') ?? [])];
    l?.({ sender: 'secret ipc object' }, { page: 'pair' });
    assert.deepEqual(got, [{ page: 'pair' }]);
    off();
    assert.equal(listeners.get('hearth:navigate')?.size, 0);
    assert.throws(() => bridge.on('hearth:eval' as never, () => {}), /unknown IPC event/);
    for (const e of IPC_EVENT_NAMES) bridge.on(e, () => {});
  });
});

describe('tray menu template', () => {
  it('maps the model to Electron items and routes clicks by id', () => {
    const clicked: string[] = [];
    const model = buildTrayMenu({ role: 'node', platform: 'linux', tunnels: [], launchAtLogin: true, update: { state: 'idle', currentVersion: '1', channel: 'stable', message: '' }, node: { state: 'connected', gatewayUrl: 'ws://h:1' } });
    const tpl = toMenuTemplate(model, (id) => clicked.push(id));
    assert.deepEqual(tpl[0], { label: 'Hearth — Node', enabled: false });
    assert.ok(tpl.some((i) => i.type === 'separator'));
    const login = tpl.find((i) => i.id === 'toggle-launch-at-login');
    assert.equal(login?.type, 'checkbox');
    assert.equal(login?.checked, true);
    for (const i of tpl) (i.click as (() => void) | undefined)?.();
    assert.deepEqual(clicked, ['open-window', 'toggle-node-pause', 'toggle-launch-at-login', 'check-updates', 'open-settings', 'quit']);
  });
});
